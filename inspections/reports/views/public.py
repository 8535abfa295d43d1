"""The public pages: published letters and thematic reports, no sign-in. Before a letter is
published, its address is a 404 like any address that never existed."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render

from inspections.models import Theme

from .. import selectors


def index(request):
    letters = list(selectors.published_letters())
    reports = list(selectors.published_thematic_reports())
    return render(
        request,
        "reports/public/index.html",
        {"page_title": "Published inspection letters and thematic reports", "letters": letters, "reports": reports},
    )


def _published(reference):
    found = selectors.published_letter(reference)
    if found is None:
        raise Http404("No such publication")
    return found


def letter(request, reference):
    letter, version = _published(reference)
    return render(
        request,
        "reports/public/letter.html",
        {
            "page_title": version.content["title"] if version else reference,
            "letter": letter,
            "version": version,
            "content": version.content if version else None,
        },
    )


def letter_pdf(request, reference):
    letter, version = _published(reference)
    if version is None or not version.is_ready:
        raise Http404("No PDF")
    return FileResponse(
        version.file.open("rb"),
        filename=f"{reference}-letter-of-findings.pdf",
        content_type="application/pdf",
    )


def _edition(slug, number=None):
    theme = Theme.objects.filter(slug=slug).first()
    edition = selectors.thematic_edition(theme, number) if theme is not None else None
    if edition is None:
        raise Http404("No such publication")
    return edition


def thematic(request, slug, number=None):
    """The latest edition of a theme's thematic report, or an earlier one: each as it was published."""
    edition = _edition(slug, number)
    editions = selectors.thematic_editions(edition.theme)
    return render(
        request,
        "reports/public/thematic.html",
        {
            "page_title": f"Thematic report: {edition.theme.name}"
            + ("" if edition.number == editions[0].number else f", edition {edition.number}"),
            "editions": editions,
            "latest": editions[0],
            **selectors.thematic_context(theme=edition.theme, report=edition.report, edition=edition, links=True),
        },
    )


def thematic_pdf(request, slug, number=None):
    edition = _edition(slug, number)
    if not edition.is_ready:
        raise Http404("No PDF yet")
    return FileResponse(
        edition.file.open("rb"),
        filename=f"{slug}-thematic-report-edition-{edition.number}.pdf",
        content_type="application/pdf",
    )
