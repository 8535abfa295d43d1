"""Keeping an area's record: intelligence notes, other evaluations and good-practice notes.
Managers alone keep it (`access`); each change is in the history, and so in the audit trail.

Intelligence is kept for AREA_INTELLIGENCE_RETENTION_YEARS after the day it was received, then
erased (docs/decisions/0012): `intelligence_expired_erase` runs daily."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from inspections.calendar import add_months
from inspections.models import Area
from jtai.errors import DomainError, required_choice, required_text

from .access import keeper_check
from .models import EvaluationKind, GoodPracticeNote, GoodPracticeSign, IntelligenceNote, OtherEvaluation


def _not_future(field: str, day: datetime.date, what: str) -> datetime.date:
    if day > timezone.localdate():
        raise DomainError(field, f"The {what} must be today or in the past")
    return day


def _recorded(model: type[models.Model]):
    """A service that records one kind of note about an area, from a function that checks the
    note's own fields and returns them; the service takes `user` and `area` besides those fields.
    The rule every note keeps: a manager alone records it (checked before anything else), in one
    transaction, with its area and who recorded it."""

    def decorate(fields: Callable[..., dict]):
        @functools.wraps(fields)
        @transaction.atomic
        def record(*, user, area: Area, **values):
            keeper_check(user)
            return model.objects.create(area=area, recorded_by=user, **fields(**values))

        return record

    return decorate


@_recorded(IntelligenceNote)
def intelligence_note_record(*, source: str, received_on: datetime.date, text: str) -> dict:
    return {
        "source": required_text("source", source, "Enter who the intelligence came from"),
        "received_on": _not_future("received_on", received_on, "date received"),
        "text": required_text("text", text, "Enter what the intelligence says"),
    }


@_recorded(OtherEvaluation)
def other_evaluation_record(*, kind: str, title: str, date: datetime.date, outcome: str = "", url: str = "") -> dict:
    return {
        "kind": required_choice("kind", kind, EvaluationKind, "Choose what kind of evaluation it was"),
        "title": required_text("title", title, "Enter the evaluation's title"),
        "date": _not_future("date", date, "date of the evaluation"),
        "outcome": (outcome or "").strip(),
        "url": (url or "").strip(),
    }


@_recorded(GoodPracticeNote)
def good_practice_note_record(*, sign: str, evidence: str, seen_on: datetime.date) -> dict:
    """A sign of good practice is recorded with its evidence: a note, never a score."""
    return {
        "sign": required_choice("sign", sign, GoodPracticeSign, "Choose the sign of good practice"),
        "evidence": required_text("evidence", evidence, "Enter the evidence that shows it"),
        "seen_on": _not_future("seen_on", seen_on, "date of the evidence"),
    }


def intelligence_expired_erase(*, today: datetime.date | None = None) -> int:
    """Erase the intelligence received more than the retention period ago; returns how many notes.
    Their history goes too: the trail keeps that a note was erased, not what it said."""
    today = today or timezone.localdate()
    cutoff = add_months(today, -12 * settings.AREA_INTELLIGENCE_RETENTION_YEARS)
    expired = list(IntelligenceNote.objects.filter(received_on__lt=cutoff).values_list("pk", flat=True))
    with transaction.atomic():
        for note in IntelligenceNote.objects.filter(pk__in=expired):
            note._change_reason = "Retention period ended"
            note.delete()
        IntelligenceNote.history.filter(id__in=expired).exclude(history_type="-").delete()
        IntelligenceNote.history.filter(id__in=expired, history_type="-").update(text="", source="")
    return len(expired)
