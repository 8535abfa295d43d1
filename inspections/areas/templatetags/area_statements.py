"""The written statement of action on the core's pages (through `panel_register`): its row in
"About this inspection", the banner asking the lead to review it, and the lines of enquiry an
earlier inspection's accepted statement gives the team of the next one."""

from __future__ import annotations

from django import template

from inspections import permissions as core
from inspections.reports import permissions as letter_permissions
from inspections.reports.models import Letter

from ..statement_models import StatementStatus, WrittenStatement
from ..statement_selectors import lines_of_enquiry, reviews_statement, writes_statement

register = template.Library()


@register.simple_tag(takes_context=True)
def statement_summary(context, inspection) -> dict | None:
    """The statement's state and page, for whoever reads it: None before publication."""
    user = context["request"].user
    letter = Letter.objects.filter(inspection=inspection).first()
    if not letter_permissions.reads_action_plan(user, inspection, letter):
        return None
    statement = WrittenStatement.objects.filter(inspection=inspection).first()
    status = statement.status if statement else StatementStatus.DRAFT
    return {
        "status": status,
        "label": statement.get_status_display() if statement else "Not started",
        "due": letter.action_plan_due,
        "writes": writes_statement(user, inspection) and status in StatementStatus.editable(),
    }


@register.simple_tag(takes_context=True)
def statement_to_review(context, inspection) -> WrittenStatement | None:
    statement = WrittenStatement.objects.filter(inspection=inspection, status=StatementStatus.SENT).first()
    if statement is None or not reviews_statement(context["request"].user, inspection):
        return None
    return statement


@register.simple_tag(takes_context=True)
def inspection_lines_of_enquiry(context, inspection):
    """For the team only: what the area promised after its previous inspection."""
    if not core.sees_team_workings(context["request"].user, inspection):
        return None
    return lines_of_enquiry(area_id=inspection.area_id, before=inspection)


@register.simple_tag
def plan_lines_of_enquiry(form):
    """For the area chosen on the plan form (shown, sent, or given by `?area=`)."""
    try:
        area_id = int(form["area"].value() or 0)
    except (KeyError, TypeError, ValueError):
        return None
    return lines_of_enquiry(area_id=area_id)
