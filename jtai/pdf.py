"""The project's one PDF service: a Django print template rendered by WeasyPrint.

Assets come from the project's static files only. Any other URL (http, https, file outside
the static folders) is refused, so rendering never touches the network and a template can't
be made to read arbitrary files. Letters of findings and consultation reports both use it."""

from __future__ import annotations

import logging
import mimetypes
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# WeasyPrint narrates every rendering step at INFO; keep the logs for problems.
logging.getLogger("weasyprint").setLevel(logging.WARNING)

# A made-up origin: relative URLs in print templates resolve against it and nothing else.
BASE_URL = "https://print.jtai.invalid/"


class LocalAssetFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parsed = urlparse(url)
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        if f"{parsed.scheme}://{parsed.netloc}/" != BASE_URL or not parsed.path.startswith(static_prefix):
            raise ValueError(f"PDF rendering uses local static files only; refused {url}")
        path = finders.find(unquote(parsed.path[len(static_prefix) :]))
        if not path:
            raise ValueError(f"No static file for {url}")
        with open(path, "rb") as f:
            body = f.read()
        mime, _ = mimetypes.guess_type(path)
        return URLFetcherResponse(url, body, {"Content-Type": mime or "application/octet-stream"})


# Tagged PDF for assistive technology (PDF/UA-1): WeasyPrint takes the document's title from the
# HTML <title> and its language from <html lang>, and asks viewers to show the title.
ACCESSIBLE_VARIANT = "pdf/ua-1"


def render_pdf(template_name: str, context: dict | None = None, *, accessible: bool = False) -> bytes:
    """Render `template_name` (a print template) with `context` and return the PDF bytes.

    `accessible` makes a tagged PDF/UA-1 document; its template must set <title> and <html lang>."""
    return html_to_pdf(render_to_string(template_name, context or {}), accessible=accessible)


def html_to_pdf(html: str, *, accessible: bool = False) -> bytes:
    """The PDF of an HTML string already rendered, assets from the static files only."""
    options = {"pdf_variant": ACCESSIBLE_VARIANT} if accessible else {}
    return HTML(string=html, base_url=BASE_URL, url_fetcher=LocalAssetFetcher()).write_pdf(**options)
