from django import template
from django.http import Http404
from django.urls import reverse

from ..access import access_for
from ..models import EvaluationStatus

register = template.Library()


@register.filter
def evaluation_counts(evaluations) -> dict:
    evaluations = list(evaluations)
    done = sum(e.status == EvaluationStatus.DONE for e in evaluations)
    return {"total": len(evaluations), "done": done, "started": done or any(e.answers for e in evaluations)}


@register.filter
def answer(answers: dict, key: str) -> str:
    """answers|answer:"scope_code__question" or answers|answer:"scope_code"."""
    if not answers:
        return ""
    code, _, question = key.partition("__")
    value = answers.get(code) or ""
    return (value.get(question) or "") if question and isinstance(value, dict) else value


@register.simple_tag(takes_context=True)
def case_audits_link(context, inspection):
    """The inspection page's link to the case audits, for whoever has a part in them."""
    try:
        access = access_for(context["request"].user, inspection.reference)
    except Http404:
        return None
    url = reverse("case_audits:overview", args=[inspection.reference])
    if access.dcs and not access.coordinator:
        label = "Nominate or change the DCS coordinator, and follow the case audits"
    elif access.local:
        label = "The case-audit request and your return"
    else:
        label = "The case-audit request, the area's return and joint case sampling"
    return {"url": url, "label": label}
