"""What a written statement of action still lacks before it can be sent: the one home of the
completeness rule, shown on the statement's page as the area writes and enforced when it is sent.

- every recommendation of the published letter has at least one action;
- every action on an area for priority action has a date inside the framework's window: from the
  day the letter was published to the day the statement is due (the action-plan milestone, which
  the framework's `action_plan_working_days` set at publication).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from inspections.calendar import govuk_date
from inspections.reports.models import Priority, Recommendation

from .statement_models import StatementAction


@dataclass(frozen=True)
class Window:
    opens: datetime.date
    closes: datetime.date

    def __contains__(self, day: datetime.date) -> bool:
        return self.opens <= day <= self.closes

    def __str__(self) -> str:
        return f"between {govuk_date(self.opens)} and {govuk_date(self.closes)}"


@dataclass(frozen=True)
class Gap:
    """Something missing, said of one recommendation (its anchor on the page) or one action."""

    anchor: str
    message: str


def recommendation_label(recommendation: Recommendation, number: int) -> str:
    """ "Area for priority action 1": as the letter numbers them, within each priority."""
    return f"{recommendation.get_priority_display()} {number}"


def numbered(recommendations: Iterable[Recommendation]) -> list[tuple[str, Recommendation]]:
    """The recommendations, in the letter's order, each with its label."""
    counts: dict[str, int] = {}
    rows = []
    for recommendation in recommendations:
        counts[recommendation.priority] = counts.get(recommendation.priority, 0) + 1
        rows.append((recommendation_label(recommendation, counts[recommendation.priority]), recommendation))
    return rows


def statement_gaps(
    *,
    recommendations: Iterable[Recommendation],
    actions: Iterable[StatementAction],
    window: Window | None,
) -> list[Gap]:
    """What is missing, in the letter's order. `recommendations` are in that order."""
    by_recommendation: dict[int, list[StatementAction]] = {}
    for action in actions:
        by_recommendation.setdefault(action.recommendation_id, []).append(action)
    gaps = []
    for label, recommendation in numbered(recommendations):
        anchor = f"recommendation-{recommendation.pk}"
        mine = by_recommendation.get(recommendation.pk, [])
        if not mine:
            gaps.append(Gap(anchor, f"{label} has no action: add at least one"))
            continue
        if recommendation.priority != Priority.PRIORITY_ACTION:
            continue
        for number, action in enumerate(mine, start=1):
            what = f"{label}, action {number}"
            if action.due_on is None:
                gaps.append(Gap(f"action-{action.pk}", f"{what} needs the date it will be done by"))
            elif window is not None and action.due_on not in window:
                gaps.append(
                    Gap(f"action-{action.pk}", f"{what} must be done {window}, not on {govuk_date(action.due_on)}")
                )
    return gaps
