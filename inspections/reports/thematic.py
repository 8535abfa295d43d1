"""The thematic overview report of a deep-dive theme: a manager writes its summary and publishes
it; it is then a page on /published/ and a PDF a worker makes. Its counts and common findings
come from the theme's published letters (`selectors.thematic_overview`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from inspections import permissions as core
from inspections.models import Theme
from jtai.errors import DomainError

from . import selectors
from .models import ThematicReport
from .renders import thematic_pdf_request


def _check_manager(user) -> None:
    core.require(core.is_manager(user), "Only an inspectorate manager can write and publish thematic reports.")


@transaction.atomic
def thematic_report_save(
    *,
    user,
    theme: Theme,
    summary: str,
    key_messages: str = "",
    what_works_well: str = "",
    what_needs_to_improve: str = "",
    case_studies: str = "",
) -> ThematicReport:
    """Write or change the summary and the authors' text of each section; a published report's
    PDF is made again."""
    _check_manager(user)
    if not summary.strip():
        raise DomainError("summary", "Enter the summary of the thematic report.")
    report, _ = ThematicReport.objects.select_for_update().get_or_create(theme=theme)
    sections = {
        "summary": summary,
        "key_messages": key_messages,
        "what_works_well": what_works_well,
        "what_needs_to_improve": what_needs_to_improve,
        "case_studies": case_studies,
    }
    for name, text in sections.items():
        setattr(report, name, text.strip())
    report.save(update_fields=list(sections))
    if report.is_published:
        thematic_pdf_request(report=report)
    return report


@transaction.atomic
def thematic_report_publish(*, user, theme: Theme) -> ThematicReport:
    _check_manager(user)
    report = ThematicReport.objects.select_for_update().filter(theme=theme).first()
    if report is None or not report.summary.strip():
        raise DomainError("summary", "Write the summary before publishing the thematic report.")
    if report.is_published:
        raise DomainError("__all__", "The thematic report is already published.")
    if not selectors.published_letters().filter(inspection__theme=theme).exists():
        raise DomainError("__all__", "No letter on this theme is published yet: the report has nothing to draw on.")
    report.published_at = timezone.now()
    report.published_by = user
    report.save(update_fields=["published_at", "published_by"])
    thematic_pdf_request(report=report)
    return report
