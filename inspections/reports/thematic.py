"""The thematic overview report of a deep-dive theme: a manager writes its text and publishes it as
an edition, frozen with the letters it covers; a page on /published/ and a PDF a worker makes. A
letter published afterwards does not change it: a manager publishes a new edition to take it in,
and the earlier editions stay readable. Counts and common findings come from the edition's letters
(`selectors.thematic_overview`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from inspections import permissions as core
from inspections.models import Theme
from jtai.errors import DomainError, required_text

from . import selectors
from .models import THEMATIC_SECTIONS, ThematicEdition, ThematicReport
from .renders import THEMATIC_PDF


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
    """Write or change the summary and the authors' text of each section. A published edition
    keeps its own text: the change reaches the public with the next edition."""
    _check_manager(user)
    required_text("summary", summary, "Enter the summary of the thematic report.")
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
    return report


@transaction.atomic
def thematic_report_publish(*, user, theme: Theme) -> ThematicEdition:
    """Publish the report as it is written now, over the letters published on its theme now, as
    its next edition; a worker makes the edition's PDF."""
    _check_manager(user)
    report = ThematicReport.objects.select_for_update().filter(theme=theme).first()
    if report is None or not report.summary.strip():
        raise DomainError("summary", "Write the summary before publishing the thematic report.")
    letters = list(selectors.published_letters().filter(inspection__theme=theme).values_list("pk", flat=True))
    if not letters:
        raise DomainError("__all__", "No letter on this theme is published yet: the report has nothing to draw on.")
    latest = selectors.thematic_edition(theme)
    if latest is not None and _unchanged(latest, report, letters):
        raise DomainError(
            "__all__",
            f"Edition {latest.number} already has this text and these letters: change the text, or wait for "
            "another letter on the theme to be published, to publish a new edition.",
        )
    number = (report.editions.aggregate(top=Max("number"))["top"] or 0) + 1
    edition = ThematicEdition.objects.create(
        report=report,
        number=number,
        published_at=timezone.now(),
        published_by=user,
        **{name: getattr(report, name) for name in THEMATIC_SECTIONS},
    )
    edition.letters.set(letters)
    THEMATIC_PDF.queue(edition)
    return edition


def _unchanged(edition: ThematicEdition, report: ThematicReport, letters: list[int]) -> bool:
    same_text = all(getattr(edition, name) == getattr(report, name) for name in THEMATIC_SECTIONS)
    return same_text and set(edition.letters.values_list("pk", flat=True)) == set(letters)
