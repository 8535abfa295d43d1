"""Services for writing the letter: findings, recommendations and their order, rendered
versions, and sending the draft to the area. Keyword-only; each runs in one transaction, checks
who may act and raises `DomainError(field, message)` about its input."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from inspections import permissions as core
from inspections.models import Agency, Inspection, MilestoneKey, ScopeArea, Stage
from inspections.services import inspection_transition
from jtai.errors import DomainError, required_choice, required_text

from . import composition, permissions
from .models import (
    LEADERSHIP_SCOPE,
    Addressee,
    BearsOn,
    Finding,
    FindingKind,
    LeadershipOf,
    Letter,
    LetterStatus,
    LetterVersion,
    Priority,
    Recommendation,
    VersionPurpose,
)
from .renders import letter_version_request


def _locked(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("framework", "area").get(pk=inspection.pk)


def letter_get_or_create(*, inspection: Inspection) -> Letter:
    letter, _ = Letter.objects.get_or_create(inspection=inspection)
    return letter


def _check_writing(user, inspection: Inspection) -> None:
    core.require(core.sees_team_workings(user, inspection), "Only the inspection team can write the letter's findings.")
    if not permissions.letter_is_open(inspection, Letter.objects.filter(inspection=inspection).first()):
        raise DomainError(
            "__all__",
            "Findings and recommendations are written while the inspection is reporting, and corrected once "
            "the area's factual-accuracy response is in: not now.",
        )


def _check_agencies(inspection: Inspection, agencies: Iterable[Agency], field: str) -> list[Agency]:
    agencies = list(agencies)
    stray = [a.name for a in agencies if not a.areas.filter(pk=inspection.area_id).exists()]
    if stray:
        raise DomainError(field, f"{', '.join(stray)} does not serve {inspection.area.name}.")
    if inspection.is_ofsted_only and not composition.council_only_agencies_ok(agencies):
        raise DomainError(
            field, "An Ofsted-only inspection involves the council alone: choose the council's own services."
        )
    return agencies


def _check_leadership(scope_area: ScopeArea, leadership_of: str, bears_on: str) -> None:
    if scope_area.code != LEADERSHIP_SCOPE:
        if leadership_of or bears_on:
            raise DomainError("leadership_of", "Only a finding on leadership says whose leadership it judges.")
        return
    required_choice(
        "leadership_of",
        leadership_of,
        LeadershipOf,
        "Choose whose leadership the finding judges: the agencies' or the LSCB's.",
    )
    required_choice(
        "bears_on", bears_on, BearsOn, "Choose what the leadership finding bears on: the front door or the deep dive."
    )


def _check_lead_choices(
    user, inspection: Inspection, finding: Finding | None, *, kind: str, is_key_strength: bool, case_study: str
) -> None:
    was_key, had_study = (finding.is_key_strength, finding.case_study) if finding else (False, "")
    if is_key_strength and kind != FindingKind.STRENGTH:
        raise DomainError("is_key_strength", "Only a strength can be a key strength.")
    if case_study and kind != FindingKind.STRENGTH:
        raise DomainError("case_study", "A case study of highly effective practice is written from a strength.")
    if (is_key_strength != was_key or case_study != had_study) and not permissions.manages_letter(user, inspection):
        field = "is_key_strength" if is_key_strength != was_key else "case_study"
        raise DomainError(field, "Only the lead inspector chooses the key strengths and writes the case studies.")
    # The letter is published: a case study names no child, so not even the area's reference for one.
    references = (
        Finding._meta.get_field("samples")
        .related_model.objects.filter(case__request__inspection=inspection)
        .values_list("case__reference", flat=True)
    )
    named = sorted({r for r in references if r and r.lower() in case_study.lower()})
    if named:
        raise DomainError(
            "case_study", f"A case study never names the child: take out “{named[0]}”, the area's reference for a case."
        )


@transaction.atomic
def finding_save(
    *,
    user,
    inspection: Inspection,
    finding: Finding | None = None,
    scope_area: ScopeArea,
    kind: str,
    headline: str,
    text: str,
    agencies: Iterable[Agency] = (),
    samples: Iterable = (),
    records: Iterable = (),
    is_key_strength: bool = False,
    case_study: str = "",
    leadership_of: str = "",
    bears_on: str = "",
) -> Finding:
    """Record a finding, or change one, with the joint case samples and the evidence records of the
    week on site it rests on (the letter shows neither). The lead (or a
    manager) chooses the key strengths and writes case studies, from strengths only."""
    inspection = _locked(inspection)
    _check_writing(user, inspection)
    required_choice("kind", kind, FindingKind, "Choose whether this is a strength or an area for improvement.")
    required_text("headline", headline, "Enter a headline of a few words.")
    required_text("text", text, "Enter the finding.")
    agencies = _check_agencies(inspection, agencies, "agencies")
    samples = list(samples)
    if any(sample.case.request.inspection_id != inspection.pk for sample in samples):
        raise DomainError("samples", "Choose samples of this inspection's audited cases.")
    records = list(records)
    if any(record.inspection_id != inspection.pk for record in records):
        raise DomainError("records", "Choose evidence records of this inspection.")
    _check_leadership(scope_area, leadership_of, bears_on)
    case_study = case_study.strip()
    _check_lead_choices(user, inspection, finding, kind=kind, is_key_strength=is_key_strength, case_study=case_study)
    letter = letter_get_or_create(inspection=inspection)
    if finding is None:
        finding = Finding(inspection=inspection)
        last = Finding.objects.filter(inspection=inspection).order_by("-order").values_list("order", flat=True)
        finding.order = (last.first() or 0) + 1
    elif finding.inspection_id != inspection.pk:
        raise DomainError("__all__", "That finding belongs to another inspection.")
    finding.scope_area = scope_area
    finding.kind = kind
    finding.headline = headline.strip()
    finding.text = text.strip()
    finding.leadership_of = leadership_of
    finding.bears_on = bears_on
    finding.is_key_strength = is_key_strength
    finding.case_study = case_study
    finding.save()
    finding.agencies.set(agencies)
    finding.samples.set(samples)
    finding.records.set(records)
    letter.save()  # history: the letter changed when its findings did
    return finding


@transaction.atomic
def finding_delete(*, user, finding: Finding) -> None:
    _check_writing(user, _locked(finding.inspection))
    finding.delete()


def _renumber(inspection: Inspection, priority: str, ordered: list[Recommendation] | None = None) -> None:
    rows = ordered or list(
        Recommendation.objects.filter(inspection=inspection, priority=priority).order_by("order", "pk")
    )
    for position, r in enumerate(rows, start=1):
        if r.order != position:
            r.order = position
            r.save(update_fields=["order"])


@transaction.atomic
def recommendation_save(
    *,
    user,
    inspection: Inspection,
    recommendation: Recommendation | None = None,
    priority: str,
    scope_area: ScopeArea,
    addressee: str,
    agencies: Iterable[Agency] = (),
    text: str,
) -> Recommendation:
    """Record a recommendation at the end of its priority, or change one."""
    inspection = _locked(inspection)
    _check_writing(user, inspection)
    required_choice("priority", priority, Priority, "Choose an area for priority action or an area for development.")
    required_choice("addressee", addressee, Addressee, "Choose whom the recommendation is for.")
    required_text("text", text, "Enter the recommendation.")
    agencies = _check_agencies(inspection, agencies, "agencies")
    if addressee == Addressee.AGENCIES and not agencies:
        raise DomainError("agencies", "Choose the agency or agencies the recommendation is for.")
    if addressee == Addressee.JOINT:
        agencies = []
    letter_get_or_create(inspection=inspection)
    if recommendation is None:
        recommendation = Recommendation(inspection=inspection)
    elif recommendation.inspection_id != inspection.pk:
        raise DomainError("__all__", "That recommendation belongs to another inspection.")
    moved = recommendation.pk is None or recommendation.priority != priority
    old_priority = recommendation.priority
    recommendation.priority = priority
    recommendation.scope_area = scope_area
    recommendation.addressee = addressee
    recommendation.text = text.strip()
    if moved:
        recommendation.order = Recommendation.objects.filter(inspection=inspection, priority=priority).count() + 1
    recommendation.save()
    recommendation.agencies.set(agencies)
    if moved and old_priority:
        _renumber(inspection, old_priority)
    return recommendation


@transaction.atomic
def recommendation_move(*, user, recommendation: Recommendation, direction: str) -> None:
    """Move a recommendation one place up or down within its priority: the letter's order."""
    inspection = _locked(recommendation.inspection)
    _check_writing(user, inspection)
    rows = list(
        Recommendation.objects.filter(inspection=inspection, priority=recommendation.priority).order_by("order", "pk")
    )
    index = next(i for i, r in enumerate(rows) if r.pk == recommendation.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(rows):
        raise DomainError("direction", "That recommendation cannot move further that way.")
    rows[index], rows[target] = rows[target], rows[index]
    _renumber(inspection, recommendation.priority, rows)


@transaction.atomic
def recommendation_delete(*, user, recommendation: Recommendation) -> None:
    inspection = _locked(recommendation.inspection)
    _check_writing(user, inspection)
    priority = recommendation.priority
    recommendation.delete()
    _renumber(inspection, priority)


@transaction.atomic
def letter_render_request(*, user, inspection: Inspection, request_key: uuid.UUID | None = None) -> LetterVersion:
    """Ask for a PDF of the letter as it stands: a new version, kept with its number."""
    inspection = _locked(inspection)
    core.require(core.sees_team_workings(user, inspection), "Only the inspection team can render the letter.")
    letter = Letter.objects.filter(inspection=inspection).first()
    if letter is None:
        raise DomainError("__all__", "Record a finding or a recommendation first: there is no letter yet.")
    if letter.status != LetterStatus.DRAFTING:
        raise DomainError(
            "__all__", "The draft has gone to the area: a new version is made when the final letter is made."
        )
    return letter_version_request(letter=letter, user=user, request_key=request_key)


@transaction.atomic
def letter_send_draft(*, user, inspection: Inspection, request_key: uuid.UUID | None = None) -> Letter:
    """Send the draft letter to the area for the factual-accuracy check.

    Freezes the draft as a version (its PDF queued), moves the inspection to the factual-accuracy
    stage (whose deadline counts from today) and so tells the DCS and the coordinator through
    the notifications app's plan, which follows the stage."""
    inspection = _locked(inspection)
    core.require(
        permissions.manages_letter(user, inspection), "Only the lead inspector or a manager can send the draft."
    )
    if inspection.stage != Stage.REPORTING:
        raise DomainError(
            "__all__", f"{inspection.reference} is “{inspection.get_stage_display()}”: the draft goes from reporting."
        )
    letter = Letter.objects.select_for_update().filter(inspection=inspection).first()
    if letter is None or not inspection.findings.exists():
        raise DomainError("__all__", "Record the findings before sending the draft.")
    if not inspection.recommendations.exists():
        raise DomainError("__all__", "Record at least one recommendation before sending the draft.")
    if letter.status != LetterStatus.DRAFTING:
        raise DomainError("__all__", "The draft has already been sent.")
    letter_version_request(letter=letter, user=user, purpose=VersionPurpose.DRAFT, request_key=request_key)
    inspection = inspection_transition(
        user=user, inspection=inspection, name="start_factual_accuracy", reason="Draft letter sent to the area"
    )
    due = inspection.milestones.filter(key=MilestoneKey.FACTUAL_ACCURACY_DUE).first()
    letter.status = LetterStatus.WITH_AREA
    letter.draft_sent_at = timezone.now()
    letter.draft_sent_by = user
    letter.response_due_at = due.moment if due else None
    letter._change_reason = "Draft sent to the area"
    letter.save()
    return letter
