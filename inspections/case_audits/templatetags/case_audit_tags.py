from django import template
from django.http import Http404
from django.urls import reverse

from ..access import access_for, contributions
from ..models import ErasureRecord, EvaluationStatus

register = template.Library()


@register.filter
def evaluation_counts(evaluations) -> dict:
    evaluations = list(evaluations)
    done = sum(e.status == EvaluationStatus.DONE for e in evaluations)
    return {"total": len(evaluations), "done": done, "started": done or any(e.answers for e in evaluations)}


@register.filter
def may_see_evaluation(access, agency_id: int) -> bool:
    """access|may_see_evaluation:agency_id: the link shows where the page opens (Access decides)."""
    return access.may_see_evaluation(agency_id)


@register.filter
def may_remove_attachment(access, attachment) -> bool:
    """access|may_remove_attachment:attachment: the Remove button shows where the service allows it."""
    return access.may_remove_attachment(attachment)


@register.filter
def answer(answers: dict, key: str) -> str:
    """answers|answer:"scope_code__question" or answers|answer:"scope_code"."""
    if not answers:
        return ""
    code, _, question = key.partition("__")
    value = answers.get(code) or ""
    return (value.get(question) or "") if question and isinstance(value, dict) else value


@register.simple_tag(takes_context=True)
def case_audits_links(context, inspection):
    """The inspection page's link to the case audits, for whoever has a part in them."""
    try:
        access = access_for(context["request"].user, inspection.reference)
    except Http404:
        return []
    overview = reverse("case_audits:overview", args=[inspection.reference])
    links = []
    if access.dcs or access.lead:
        nominate = reverse("case_audits:nominate", args=[inspection.reference])
        links.append({"url": nominate, "label": "Nominate or change the DCS coordinator"})
    if access.local:
        links.append({"url": overview, "label": "The case-audit request and your return"})
    else:
        links.append({"url": overview, "label": "The case-audit request, the area's return and joint case sampling"})
    return links


@register.simple_tag(takes_context=True)
def case_audit_contributions(context):
    """The case audits the signed-in user contributes to (the programme's `programme_elsewhere`)."""
    return contributions(context["request"].user)


@register.simple_tag
def case_audit_erasure(inspection) -> str:
    """ "Case-audit material erased on 12 March 2018 (7 cases, 12 files)", once it has been."""
    record = ErasureRecord.objects.filter(inspection_id=inspection.pk).first()
    return record.summary if record else ""
