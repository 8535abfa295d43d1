"""The demo's real objects that each URL of the authorization table is tried on.

Each function takes the `Demo` (tests/security/conftest.py) and returns the URL's kwargs. The
inspection pages use South Gloucestershire's (notified, its case audits under way), the letter's
pages Croydon's (its draft with the area), published pages Central Bedfordshire's.
"""

from __future__ import annotations

from consultations.models import Consultation, Outcome, Question, ResponseImport
from inspections.areas.models import IndicatorImport
from inspections.case_audits.models import AgencyEvaluation, AuditCase, Contributor, DocumentReturn
from inspections.models import InspectionContact
from inspections.notifications.models import Message
from inspections.reports.models import FactualAccuracyComment, Finding, LetterVersion, Recommendation

# A primary key no row has: for an object the demo lacks (a consultation's upload), so that the URL
# is still walked, and refused as not found. The case audits' file, the request to reopen and the
# written statement of action are real: tests/security/conftest.py makes them through the services.
MISSING = 999_999


def none(demo) -> dict:
    return {}


def password_reset_link(demo) -> dict:
    return {"uidb64": "MQ", "token": "no-such-token"}


def notified(demo) -> dict:
    return {"reference": demo.notified.reference}


def at_factual_accuracy(demo) -> dict:
    return {"reference": demo.at_factual_accuracy.reference}


def published(demo) -> dict:
    return {"reference": demo.published.reference}


def theme(demo) -> dict:
    return {"slug": demo.published.theme.slug}


def thematic_edition(demo) -> dict:
    """The demo's thematic report's first (published) edition."""
    return {"slug": demo.published.theme.slug, "number": 1}


def consultation(demo) -> dict:
    return {"slug": Consultation.objects.order_by("pk").first().slug}


def consultation_import(demo) -> dict:
    # The demo loads its responses with the command, not through an upload: no import run.
    found = ResponseImport.objects.select_related("consultation").order_by("pk").first()
    return {**consultation(demo), "pk": found.pk if found else MISSING}


def consultation_question(demo) -> dict:
    question = Question.objects.select_related("consultation").filter(kind="text").order_by("pk").first()
    question = question or Question.objects.select_related("consultation").order_by("-pk").first()
    return {"slug": question.consultation.slug, "code": question.code}


def consultation_outcome(demo) -> dict:
    outcome = Outcome.objects.select_related("consultation").order_by("pk").first()
    return {"slug": outcome.consultation.slug, "pk": outcome.pk}


def notified_contact(demo) -> dict:
    contact = InspectionContact.objects.filter(inspection=demo.notified, role="agency_leader").order_by("pk").first()
    return {**notified(demo), "pk": contact.pk}


def notified_message(demo) -> dict:
    return {**notified(demo), "pk": Message.objects.filter(inspection=demo.notified).order_by("pk").first().pk}


def notified_meeting(demo) -> dict:
    return {**notified(demo), "key": "conference_call"}


def invitation(demo) -> dict:
    return {"token": demo.extra["invitation_token"]}


def _case(demo) -> AuditCase:
    return AuditCase.objects.filter(request__inspection=demo.notified).order_by("order").first()


def notified_case(demo) -> dict:
    return {**notified(demo), "pk": _case(demo).pk}


def notified_evaluation(demo) -> dict:
    evaluation = AgencyEvaluation.objects.filter(case=_case(demo)).order_by("agency__name").first()
    return {**notified_case(demo), "agency_pk": evaluation.agency_id}


def notified_contributor(demo) -> dict:
    contributor = Contributor.objects.filter(inspection=demo.notified).order_by("pk").first()
    return {**notified(demo), "pk": contributor.pk}


def notified_document(demo) -> dict:
    document = DocumentReturn.objects.filter(request__inspection=demo.notified).order_by("document__order").first()
    return {**notified(demo), "pk": document.pk}


def _finding(demo) -> Finding:
    return Finding.objects.filter(inspection=demo.at_factual_accuracy).order_by("order").first()


def letter_finding(demo) -> dict:
    return {**at_factual_accuracy(demo), "pk": _finding(demo).pk}


def letter_recommendation(demo) -> dict:
    recommendation = Recommendation.objects.filter(inspection=demo.at_factual_accuracy).order_by("pk").first()
    return {**at_factual_accuracy(demo), "pk": recommendation.pk}


def letter_version(demo) -> dict:
    version = LetterVersion.objects.filter(letter__inspection=demo.at_factual_accuracy).order_by("number").first()
    return {**at_factual_accuracy(demo), "number": version.number}


def published_comment(demo) -> dict:
    comment = FactualAccuracyComment.objects.filter(letter__inspection=demo.published).order_by("pk").first()
    return {**published(demo), "pk": comment.pk}


def notified_attachment(demo) -> dict:
    return {**notified(demo), "pk": demo.extra["attachment"]}


def published_reopen(demo) -> dict:
    return {**published(demo), "pk": demo.extra["reopen"]}


def published_statement_document(demo) -> dict:
    return {**published(demo), "pk": demo.extra["statement_document"]}


def published_recommendation(demo) -> dict:
    return {**published(demo), "recommendation": demo.extra["statement_recommendation"]}


def published_statement_action(demo) -> dict:
    return {**published_recommendation(demo), "pk": demo.extra["statement_action"]}


def published_statement_action_only(demo) -> dict:
    return {**published(demo), "pk": demo.extra["statement_action"]}


def area(demo) -> dict:
    return {"pk": demo.notified.area_id}


def indicator_import(demo) -> dict:
    return {"pk": IndicatorImport.objects.order_by("pk").values_list("pk", flat=True).first() or MISSING}


def evidence_record(demo) -> dict:
    """A record of the demo's week on site (Liverpool, reporting), made by its lead inspector."""
    from inspections.fieldwork.models import EvidenceRecord

    record = EvidenceRecord.objects.select_related("inspection").order_by("occurred_at", "pk").first()
    return {"reference": record.inspection.reference, "pk": str(record.pk)}
