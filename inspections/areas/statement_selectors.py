"""Reads for the written statement of action's pages and for the pages that show its lines of
enquiry, in a fixed number of queries. Selectors write nothing.

Who may do what with a statement is the reports app's rule for the letter it answers
(`inspections.reports.permissions`): every partner told of the inspection and the team read it once
the letter is published; the DCS or the coordinator writes and sends it; the lead inspector or a
manager reviews it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from inspections import permissions as core
from inspections.models import Agency, Inspection, agencies_taking_part
from inspections.reports import permissions as letter_permissions
from inspections.reports import selectors as letter_selectors
from inspections.reports.models import Letter, LetterStatus, Recommendation

from .statement_checks import Gap, Window, numbered, statement_gaps
from .statement_models import ReviewDecision, StatementAction, StatementStatus, WrittenStatement


def writes_statement(user, inspection: Inspection) -> bool:
    return letter_permissions.submits_action_plan(user, inspection)


def reviews_statement(user, inspection: Inspection) -> bool:
    return letter_permissions.manages_letter(user, inspection)


def statement_window(inspection: Inspection, letter: Letter | None) -> Window | None:
    """From the day the letter was published to the day the statement is due."""
    opens = letter_selectors.publication_date(inspection, letter)
    closes = letter_selectors.action_plan_due(inspection, letter)
    return Window(opens, closes) if opens and closes else None


def _actions() -> Prefetch:
    return Prefetch(
        "actions", queryset=StatementAction.objects.prefetch_related("agencies").order_by("created_at", "pk")
    )


def statement_with_parts(inspection: Inspection) -> WrittenStatement | None:
    return (
        WrittenStatement.objects.filter(inspection=inspection)
        .prefetch_related(_actions(), "attachments__uploaded_by", "reviews__reviewed_by")
        .select_related("sent_by")
        .first()
    )


@dataclass(frozen=True)
class RecommendationRow:
    label: str
    recommendation: Recommendation
    actions: list[StatementAction]


@dataclass
class StatementPage:
    inspection: Inspection
    letter: Letter
    statement: WrittenStatement | None
    rows: list[RecommendationRow]
    gaps: list[Gap]
    window: Window | None
    due: datetime.date | None
    overdue: bool
    can_write: bool
    can_review: bool
    is_team: bool
    agencies: list[Agency] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.statement.status if self.statement else StatementStatus.DRAFT

    @property
    def status_label(self) -> str:
        return self.statement.get_status_display() if self.statement else "Not started"

    @property
    def latest_review(self):
        reviews = list(self.statement.reviews.all()) if self.statement else []
        return reviews[0] if reviews else None


def statement_page(*, user, inspection: Inspection) -> StatementPage:
    """The statement as its reader may see it; 404 for anyone who may not, and before publication."""
    letter = letter_selectors.letter_of(inspection)
    if not letter_permissions.reads_action_plan(user, inspection, letter):
        raise Http404("Not published")
    statement = statement_with_parts(inspection)
    recommendations = letter_selectors.recommendations_of(inspection)
    actions = list(statement.actions.all()) if statement else []
    by_recommendation: dict[int, list[StatementAction]] = {}
    for action in actions:
        by_recommendation.setdefault(action.recommendation_id, []).append(action)
    window = statement_window(inspection, letter)
    due = letter_selectors.action_plan_due(inspection, letter)
    sent = bool(statement and statement.first_sent_at)
    editable = statement is None or statement.is_editable
    return StatementPage(
        inspection=inspection,
        letter=letter,
        statement=statement,
        rows=[RecommendationRow(label, r, by_recommendation.get(r.pk, [])) for label, r in numbered(recommendations)],
        gaps=statement_gaps(recommendations=recommendations, actions=actions, window=window),
        window=window,
        due=due,
        overdue=bool(due and not sent and timezone.localdate() > due),
        can_write=editable and writes_statement(user, inspection),
        can_review=bool(statement and statement.status == StatementStatus.SENT and reviews_statement(user, inspection)),
        is_team=core.sees_team_workings(user, inspection),
    )


def action_agencies(inspection: Inspection) -> list[Agency]:
    """The agencies that may own an action: those taking part in the inspection."""
    return list(agencies_taking_part(inspection).order_by("name"))


@dataclass(frozen=True)
class LinesOfEnquiry:
    """An earlier inspection's accepted statement: what the team of the next one looks into."""

    inspection: Inspection
    accepted_at: datetime.datetime | None
    rows: list[RecommendationRow]


def lines_of_enquiry(*, area_id: int | None, before: Inspection | None = None) -> LinesOfEnquiry | None:
    """The latest accepted statement of the area's earlier inspections (not `before` itself, nor
    any planned after it), with its recommendations and actions; None when there is none."""
    if not area_id:
        return None
    statements = WrittenStatement.objects.filter(
        inspection__area_id=area_id,
        status=StatementStatus.ACCEPTED,
        inspection__letter__status=LetterStatus.PUBLISHED,
    )
    if before is not None:
        statements = statements.exclude(inspection=before).filter(inspection__onsite_start__lt=before.onsite_start)
    statement = (
        statements.select_related("inspection__area")
        .prefetch_related(_actions(), "reviews")
        .order_by("-inspection__letter__published_at", "-pk")
        .first()
    )
    if statement is None:
        return None
    recommendations = letter_selectors.recommendations_of(statement.inspection)
    by_recommendation: dict[int, list[StatementAction]] = {}
    for action in statement.actions.all():
        by_recommendation.setdefault(action.recommendation_id, []).append(action)
    accepted = next((r.reviewed_at for r in statement.reviews.all() if r.decision == ReviewDecision.ACCEPTED), None)
    return LinesOfEnquiry(
        inspection=statement.inspection,
        accepted_at=accepted,
        rows=[RecommendationRow(label, r, by_recommendation.get(r.pk, [])) for label, r in numbered(recommendations)],
    )
