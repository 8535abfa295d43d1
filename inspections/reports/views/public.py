"""The public pages: published letters and thematic reports, no sign-in. Before a letter is
published, its address is a 404 like any address that never existed."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render

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


def _thematic(slug):
    report = selectors.published_thematic_reports().filter(theme__slug=slug).first()
    if report is None:
        raise Http404("No such publication")
    return report


def thematic(request, slug):
    report = _thematic(slug)
    return render(
        request,
        "reports/public/thematic.html",
        {
            "page_title": f"Thematic report: {report.theme.name}",
            **selectors.thematic_context(theme=report.theme, report=report, links=True),
        },
    )


def thematic_pdf(request, slug):
    report = _thematic(slug)
    if not report.is_ready:
        raise Http404("No PDF yet")
    return FileResponse(report.file.open("rb"), filename=f"{slug}-thematic-report.pdf", content_type="application/pdf")
