"""Every form and upload, fuzzed through the test client as each role allowed to use it: no input
gives a server error, and a rejected form saves nothing (no row, no history, no file).

FORMS lists every URL that takes a POST, with who may post it, how its address is made from the
fixtures and what its fields are; `test_every_form_is_fuzzed` fails when a new one is not listed.
HYPOTHESIS_PROFILE=thorough runs many more examples, at random."""

from __future__ import annotations

import datetime
import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from consultations.coding import theme_save
from consultations.definition import consultation_load
from consultations.imports import responses_import
from consultations.models import Answer, ResponseImport
from consultations.models import Theme as CodingTheme
from consultations.outcomes import outcome_add
from consultations.permissions import analysts_group
from inspections import models as core
from inspections.areas.models import IndicatorImport
from inspections.case_audits import services as audits
from inspections.case_audits.models import Contributor, DocumentReturn, ReopenRequest
from inspections.fieldwork import evidence as fieldwork
from inspections.models import ContactRole
from inspections.notifications.dispatch import notifications_dispatch
from inspections.reports import factual_accuracy as fa
from inspections.reports import letters, publication, renders
from inspections.reports.models import Addressee, Decision, FactualAccuracyComment, FindingKind, Priority
from tests.factories import UserFactory
from tests.helpers import DEFINITION, csv_file, lead_of, sign_in_as, sign_in_verified, to_reporting, write_letter
from tests.inspections import factories
from tests.inspections.case_audits.helpers import (
    NOTIFICATION,
    access,
    docx_bytes,
    exe_bytes,
    invitation_token,
    pdf,
    pdf_bytes,
    request_with_cases,
)

from . import fuzz
from .fuzz import (
    choice_field,
    date_fields,
    email_field,
    flag_field,
    many_field,
    number_field,
    post_data,
    text_field,
    upload_field,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
CSV = b"respondent_id,channel,sector,q1,q2,q3\nR9,online,Policing,Yes,5 or fewer,More support\n"
INDICATORS_CSV = b"time_period,geographic_level,new_la_code,la_name,re_referrals_12m_pc\n201516,National,,,21.5\n"
PDF = ("report.pdf", pdf_bytes(), "application/pdf")
DOCX = ("plan.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
EXE = ("setup.pdf", exe_bytes(), "application/pdf")


@pytest.fixture(autouse=True)
def _own_storage(private_media):
    return private_media


# ---- The worlds each form is posted into -------------------------------------------------------------


def _local_user(person, username):
    person.user = UserFactory(username=username)
    person.save()
    return person.user


@pytest.fixture
def planning(clock, people):
    from tests.helpers import plan_inspection

    other = factories.InspectorFactory(user__username="other", inspectorate=factories.inspectorate("cqc"))
    inspection = plan_inspection(people=people, team=[other])
    manager = factories.InspectorFactory(user__username="boss", is_manager=True)
    return SimpleNamespace(
        inspection=inspection,
        ref=inspection.reference,
        lead=lead_of(inspection),
        manager=manager.user,
        inspectors=list(core.Inspector.objects.values_list("pk", flat=True)),
        areas=list(core.Area.objects.values_list("pk", flat=True)),
        themes=list(core.Theme.objects.values_list("pk", flat=True)),
        programmes=list(core.Programme.objects.values_list("pk", flat=True)),
        persons=list(core.Person.objects.values_list("pk", flat=True)),
        contact=inspection.contacts.first().pk,
        message=inspection.messages.first().pk,
        # A file of indicators a manager uploaded, waiting to be confirmed.
        indicator_import=IndicatorImport.objects.create(
            original_name="indicators.csv", content=INDICATORS_CSV.decode()
        ).pk,
    )


@pytest.fixture
def auditing(clock, people):
    """A notified inspection whose case-audit request is sent, with a police contributor, the DCS
    and coordinator signed up, and a question to reopen waiting for the lead."""
    from tests.helpers import plan_inspection

    inspection = plan_inspection(people=people)
    clock.move_to(NOTIFICATION)
    notifications_dispatch()
    inspection.refresh_from_db()
    lead = lead_of(inspection)
    token = invitation_token(people.police.email)
    dcs = _local_user(people.dcs, "local-dcs")
    coordinator = _local_user(people.coordinator, "local-coordinator")
    request = request_with_cases(lead, inspection, people)
    audits.request_send(user=lead, access=access(lead, inspection))
    police = core.Agency.objects.get(pk=people.police.agency_id)
    added = audits.contributor_add(
        user=coordinator,
        access=access(coordinator, inspection),
        agency=police,
        name="Paula Constable",
        email="paula@police.example.org",
    )
    contributor = UserFactory(username="paula")
    added.person.user = contributor
    added.person.save()
    reopen = ReopenRequest.objects.create(request=request, reason="A record was missed.", asked_by=coordinator)
    case = request.cases.order_by("pk").first()
    attachment = audits.attachment_add(
        user=contributor, access=access(contributor, inspection), case=case, upload=pdf("wrong-child.pdf")
    )
    return SimpleNamespace(
        inspection=inspection,
        ref=inspection.reference,
        lead=lead,
        dcs=dcs,
        coordinator=coordinator,
        contributor=contributor,
        token=token,
        request=request,
        case=case.pk,
        police=police.pk,
        agencies=list(core.Agency.objects.values_list("pk", flat=True)),
        persons=list(core.Person.objects.values_list("pk", flat=True)),
        contributor_pk=Contributor.objects.get(inspection=inspection).pk,
        document=DocumentReturn.objects.filter(request=request).first().pk,
        reopen=reopen.pk,
        attachment=attachment.pk,
        scopes=list(core.ScopeArea.objects.order_by("order").values_list("code", flat=True)),
    )


@pytest.fixture
def reporting(clock, people):
    """An inspection in reporting with its letter written, a manager, and the area's users."""
    from tests.helpers import plan_inspection

    inspection = to_reporting(plan_inspection(people=people))
    lead = lead_of(inspection)
    write_letter(inspection, lead)
    world = SimpleNamespace(
        inspection=inspection,
        ref=inspection.reference,
        lead=lead,
        manager=factories.InspectorFactory(user__username="boss", is_manager=True).user,
        dcs=_local_user(people.dcs, "local-dcs"),
        coordinator=_local_user(people.coordinator, "local-coordinator"),
        police=_local_user(people.police, "local-police"),
        scopes=list(core.ScopeArea.objects.values_list("pk", flat=True)),
        agencies=list(inspection.area.agencies.values_list("pk", flat=True)),
        finding=inspection.findings.first().pk,
        recommendation=inspection.recommendations.first().pk,
        theme=inspection.theme.slug,
        scope_codes=list(core.ScopeArea.objects.values_list("code", flat=True)),
    )
    world.record = str(
        fieldwork.evidence_record_create(
            user=lead,
            inspection=inspection,
            data=fieldwork.RecordData(
                kind="meeting",
                occurred_at=timezone.now() - datetime.timedelta(hours=1),
                weight="strength",
                text="Met the MASH managers.",
                scope_areas=("front-door",),
            ),
        ).record.pk
    )
    return world


@pytest.fixture
def checking(reporting):
    """The draft is sent: the area comments on it for the factual-accuracy check."""
    letters.letter_send_draft(user=reporting.lead, inspection=reporting.inspection)
    first = fa.comment_add(user=reporting.police, inspection=reporting.inspection, paragraph=2, comment="Not so")
    second = fa.comment_add(user=reporting.coordinator, inspection=reporting.inspection, paragraph=3, comment="No")
    reporting.comment, reporting.other_comment = first.pk, second.pk
    return reporting


@pytest.fixture
def responded(checking):
    """The partnership's response is in: the team decides each comment."""
    fa.factual_accuracy_respond(user=checking.coordinator, inspection=checking.inspection)
    return checking


@pytest.fixture
def final(responded):
    """Every comment decided and the final letter made, to be published on 1 March 2016."""
    inspection = responded.inspection
    for pk in (responded.comment, responded.other_comment):
        comment = FactualAccuracyComment.objects.get(pk=pk)
        fa.comment_decide(user=responded.lead, comment=comment, decision=Decision.ACCEPTED, reason="Right")
    letter = fa.letter_finalise(user=responded.lead, inspection=inspection, publication_date=datetime.date(2016, 3, 1))
    for version in letter.versions.all():
        renders.letter_version_render(version_id=version.pk)
    return responded


@pytest.fixture
def published(final):
    publication.letter_publish(user=final.lead, inspection=final.inspection)
    return final


@pytest.fixture
def statement_written(published):
    """The area writes its written statement of action: one action, one document attached."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inspections.areas import statements

    inspection = published.inspection
    action = statements.statement_action_save(
        user=published.coordinator,
        inspection=inspection,
        recommendation=inspection.recommendations.first(),
        text="A team for return-home interviews",
        agencies=[inspection.area.agencies.first()],
        due_on=datetime.date(2016, 4, 1),
    )
    attachment = statements.statement_attach(
        user=published.coordinator, inspection=inspection, document=SimpleUploadedFile(*DOCX)
    )
    published.action, published.attachment = action.pk, attachment.pk
    return published


@pytest.fixture
def statement_sent(statement_written):
    """Every recommendation has its action: the statement is sent, for the lead to review."""
    from inspections.areas import statements

    inspection = statement_written.inspection
    for recommendation in inspection.recommendations.all():
        statements.statement_action_save(
            user=statement_written.coordinator,
            inspection=inspection,
            recommendation=recommendation,
            text="Done by spring",
            agencies=[inspection.area.agencies.first()],
            due_on=datetime.date(2016, 4, 1),
        )
    statements.statement_send(user=statement_written.coordinator, inspection=inspection)
    return statement_written


@pytest.fixture
def consulting(db):
    consultation = consultation_load(data=DEFINITION)
    analyst = UserFactory(username="analyst")
    analyst.groups.add(analysts_group())
    responses_import(
        consultation=consultation,
        file=csv_file("R1,online,,,,Talk to families", "R2,online,,,,Workforce stability"),
    )
    q3 = consultation.questions.get(code="q3")
    theme = theme_save(question=q3, name="Families", keywords="families", user=analyst)
    outcome = outcome_add(consultation=consultation, question=q3, you_said="More", we_did="Did", user=analyst)
    staged = ResponseImport.objects.filter(consultation=consultation).first()
    return SimpleNamespace(
        slug=consultation.slug,
        analyst=analyst,
        answers=list(Answer.objects.filter(question=q3).values_list("pk", flat=True)),
        theme=theme.pk,
        themes=list(CodingTheme.objects.values_list("pk", flat=True)),
        outcome=outcome.pk,
        staged=staged.pk if staged else 1,
        questions=list(consultation.questions.values_list("code", flat=True)),
    )


@pytest.fixture
def site(db):
    admin_user = UserFactory(username="admin-user", is_staff=True, is_superuser=True)
    Group.objects.get_or_create(name="Editors")
    core.NonWorkingDay.objects.create(date=datetime.date(2016, 12, 28), reason="Office closed")
    inspector = factories.InspectorFactory(user__username="known", user__password="correct horse battery staple")
    return SimpleNamespace(admin=admin_user, known=inspector.user, ref="")


# ---- The forms ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    name: str  # the URL's name
    world: str  # the fixture the form is posted into
    roles: tuple[str, ...]  # who may post it ("anonymous": no one signed in)
    url: Callable  # world -> address
    fields: Callable = lambda w: {}  # world -> {field: strategy}

    def __str__(self):
        return self.name


def _r(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


def ref(w):
    return w.ref


def _scope_answers(w):
    return {code: text_field("Seen within a day.") for code in w.scopes}


def _plan_fields(w):
    return {
        "area": choice_field(w.areas),
        "kind": choice_field(core.FrameworkVersion.Kind.values),
        "concern": text_field(),
        "chosen_because": choice_field(core.ChosenBecause.values),
        "proportionality_decision": text_field(),
        "theme": choice_field(w.themes),
        **date_fields("onsite_start"),
        "programme": choice_field(w.programmes or [""]),
        "lead": choice_field(w.inspectors),
        "team": many_field(w.inspectors),
        "conference_call_details": text_field(),
        "setup_meeting_venue": text_field(),
        "action": choice_field(["plan", "preview"]),
        "previewed": text_field("0" * 32),
        "token": text_field("7d1d2b4e-1f5c-4c1e-9d5e-0b4f6b1f2a3c"),
    }


STAGE_FIELDS = {
    "transition": choice_field(["notify", "start_fieldwork", "finish_fieldwork", "postpone", "cancel", "publish"]),
    "confirmed": flag_field(),
    "reason": text_field(),
}
FINDING_FIELDS = lambda w: {  # noqa: E731
    "scope_area": choice_field(w.scopes),
    "kind": choice_field(FindingKind.values),
    "headline": text_field("Information sharing"),
    "text": text_field(),
    "agencies": many_field(w.agencies),
    "samples": many_field([1]),
    "records": many_field(["0b4e4a34-6c1f-4d0e-9a57-9b0f5a3c2e11"]),
}
EVIDENCE_FIELDS = lambda w: {  # noqa: E731
    "kind": choice_field(["case_sampling", "meeting", "observation", "child", "family", "document"]),
    "case_sample": choice_field(["1", ""]),
    "occurred_on_0": text_field("7"),
    "occurred_on_1": text_field("3"),
    "occurred_on_2": text_field("2016"),
    "occurred_time": text_field("10:30"),
    "agencies": many_field([str(a) for a in w.agencies]),
    "scope_areas": many_field(w.scope_codes),
    "weight": choice_field(["strength", "improvement", "context"]),
    "text": text_field(),
    "age_band": choice_field(["0_4", "11_15", ""]),
    "medium": choice_field(["in_person", "phone", ""]),
    "consent_given": flag_field(),
    "confirmed": flag_field(),
}
RECOMMENDATION_FIELDS = lambda w: {  # noqa: E731
    "priority": choice_field(Priority.values),
    "scope_area": choice_field(w.scopes),
    "addressee": choice_field(Addressee.values),
    "agencies": many_field(w.agencies),
    "text": text_field(),
}
KEY = {"request_key": text_field("5b8f9c1e-2a3d-4e5f-8a7b-9c0d1e2f3a4b")}
COMMENT_FIELDS = {"paragraph": number_field(1, 12), "comment": text_field(), "proposed_correction": text_field()}

FORMS = [
    # The site: sign-in (rate-limited: the cache is cleared before each example) and sign-out.
    Form(
        "login",
        "site",
        ("anonymous",),
        _r("login"),
        lambda w: {
            "username": text_field("known"),
            "password": text_field("correct horse battery staple"),
            "next": text_field("/inspections/", "//evil.example"),
        },
    ),
    Form("logout", "site", ("known",), _r("logout")),
    # A forgotten password: the request (any address) and a link that does not work.
    Form(
        "password_reset",
        "site",
        ("anonymous",),
        _r("password_reset"),
        lambda w: {"email": text_field("known@example.org")},
    ),
    Form(
        "password_reset_confirm",
        "site",
        ("anonymous",),
        _r("password_reset_confirm", "MQ", "no-such-token"),
        lambda w: {
            "new_password1": text_field("a long new password for 2016"),
            "new_password2": text_field("a long new password for 2016"),
        },
    ),
    # The second step of the sign-in, with and without a pending password step; the account.
    Form("sign_in_code", "site", ("anonymous",), _r("sign_in_code"), lambda w: {"code": text_field("123456")}),
    Form("sign_in_set_up", "site", ("anonymous",), _r("sign_in_set_up"), lambda w: {"code": text_field("123456")}),
    Form(
        "account_password",
        "site",
        ("known",),
        _r("account_password"),
        lambda w: {
            "old_password": text_field("correct horse battery staple"),
            "new_password1": text_field("a long new password for 2016"),
            "new_password2": text_field("a long new password for 2016"),
        },
    ),
    Form(
        "account_two_factor_set_up",
        "site",
        ("known",),
        _r("account_two_factor_set_up"),
        lambda w: {"code": text_field("123456")},
    ),
    Form("account_backup_codes_new", "site", ("known",), _r("account_backup_codes_new")),
    Form(
        "api_calendar_feeds",
        "site",
        ("known",),
        _r("api_calendar_feeds"),
        lambda w: {"action": text_field("create", "revoke"), "feed": text_field("1"), "programme": text_field("")},
    ),
    Form(
        "session_keep_alive",
        "site",
        ("known",),
        _r("session_keep_alive"),
        lambda w: {"next": text_field("/", "//evil.example")},
    ),
    # Inspections: planning, stages, dates, meetings, team, local contacts.
    Form("inspections:plan", "planning", ("lead", "manager"), _r("inspections:plan"), _plan_fields),
    Form(
        "inspections:change_stage",
        "planning",
        ("lead", "manager"),
        _r("inspections:change_stage", ref),
        lambda w: STAGE_FIELDS,
    ),
    Form(
        "inspections:reschedule",
        "planning",
        ("lead", "manager"),
        _r("inspections:reschedule", ref),
        lambda w: date_fields("onsite_start"),
    ),
    Form(
        "inspections:meetings",
        "planning",
        ("lead",),
        _r("inspections:meetings", ref),
        lambda w: {"conference_call_details": text_field(), "setup_meeting_venue": text_field()},
    ),
    Form(
        "inspections:team",
        "planning",
        ("lead", "manager"),
        _r("inspections:team", ref),
        lambda w: {"lead": choice_field(w.inspectors), "team": many_field(w.inspectors)},
    ),
    Form(
        "inspections:contacts",
        "planning",
        ("lead",),
        _r("inspections:contacts", ref),
        lambda w: {"person": choice_field(w.persons), "role": choice_field(ContactRole.values)},
    ),
    Form(
        "inspections:remove_contact", "planning", ("lead",), _r("inspections:remove_contact", ref, lambda w: w.contact)
    ),
    Form("notifications:resend", "planning", ("lead", "manager"), _r("notifications:resend", ref, lambda w: w.message)),
    # Case audits: the single-use invitation, nominations, the request, evaluations, files, samples.
    Form(
        "case_audits:invitation",
        "auditing",
        ("anonymous",),
        _r("case_audits:invitation", lambda w: w.token),
        lambda w: {
            "password": text_field("a long and unusual passphrase"),
            "password_again": text_field("a long and unusual passphrase"),
        },
    ),
    Form(
        "case_audits:invitation_new_link",
        "auditing",
        ("anonymous",),
        _r("case_audits:invitation_new_link", lambda w: w.token),
        lambda w: {"email": email_field()},
    ),
    Form(
        "case_audits:nominate",
        "auditing",
        ("dcs", "lead"),
        _r("case_audits:nominate", ref),
        lambda w: {"person": choice_field(w.persons), "name": text_field("Nina Newman"), "email": email_field()},
    ),
    Form(
        "case_audits:contributors",
        "auditing",
        ("coordinator", "lead"),
        _r("case_audits:contributors", ref),
        lambda w: {"agency": choice_field(w.agencies), "name": text_field("Paula"), "email": email_field()},
    ),
    Form(
        "case_audits:contributor_remove",
        "auditing",
        ("coordinator",),
        _r("case_audits:contributor_remove", ref, lambda w: w.contributor_pk),
    ),
    Form(
        "case_audits:request",
        "auditing",
        ("lead",),
        _r("case_audits:request", ref),
        lambda w: {
            "cases_number": number_field(5, 7),
            "number_reason": text_field(),
            "cohort": text_field(),
            "confirmed": flag_field(),
        },
    ),
    Form("case_audits:send", "auditing", ("lead",), _r("case_audits:send", ref)),
    Form(
        "case_audits:case_add",
        "auditing",
        ("lead",),
        _r("case_audits:case_add", ref),
        lambda w: {"reference": text_field("SG-099"), "agencies": many_field(w.agencies), "confirmed": flag_field()},
    ),
    Form("case_audits:case_remove", "auditing", ("lead",), _r("case_audits:case_remove", ref, lambda w: w.case)),
    Form(
        "case_audits:evaluation",
        "auditing",
        ("coordinator", "contributor"),
        _r("case_audits:evaluation", ref, lambda w: w.case, lambda w: w.police),
        lambda w: {
            **{
                f"{code}__{part}": text_field("Seen.")
                for code in w.scopes
                for part in ("what_happened", "impact", "strengths", "improvements")
            },
            "action": choice_field(["done", "save"]),
            "confirmed": flag_field(),
        },
    ),
    Form(
        "case_audits:attachment_add",
        "auditing",
        ("coordinator", "contributor"),
        _r("case_audits:attachment_add", ref, lambda w: w.case),
        lambda w: {"file": upload_field(PDF, DOCX, EXE)},
    ),
    Form(
        "case_audits:attachment_remove",
        "auditing",
        ("contributor", "coordinator"),
        _r("case_audits:attachment_remove", ref, lambda w: w.attachment),
    ),
    Form(
        "case_audits:sample",
        "auditing",
        ("lead",),
        _r("case_audits:sample", ref, lambda w: w.case),
        lambda w: {
            **_scope_answers(w),
            "evidence": text_field(),
            "agreement": choice_field(["yes", "partly", "no"]),
            "agreement_reason": text_field(),
            "finding_reference": text_field(),
            "confirmed": flag_field(),
        },
    ),
    Form(
        "case_audits:document",
        "auditing",
        ("coordinator",),
        _r("case_audits:document", ref, lambda w: w.document),
        lambda w: {"file": upload_field(PDF, DOCX, EXE), "missing_reason": text_field()},
    ),
    Form("case_audits:submit", "auditing", ("coordinator",), _r("case_audits:submit", ref)),
    Form(
        "case_audits:reopen",
        "auditing",
        ("coordinator",),
        _r("case_audits:reopen", ref),
        lambda w: {"reason": text_field()},
    ),
    Form(
        "case_audits:reopen_decide",
        "auditing",
        ("lead",),
        _r("case_audits:reopen_decide", ref, lambda w: w.reopen),
        lambda w: {"decision": choice_field(["grant", "refuse", "granted", "refused"]), "note": text_field()},
    ),
    Form("case_audits:accept_late", "auditing", ("lead",), _r("case_audits:accept_late", ref)),
    # The week on site: the evidence form, an amendment, the sync interface, an emerging finding.
    Form("fieldwork:records", "reporting", ("lead",), _r("fieldwork:records", ref), EVIDENCE_FIELDS),
    Form(
        "fieldwork:record_amend",
        "reporting",
        ("lead",),
        _r("fieldwork:record_amend", ref, lambda w: w.record),
        EVIDENCE_FIELDS,
    ),
    Form("fieldwork:sync", "reporting", ("lead", "manager", "dcs"), _r("fieldwork:sync", ref), EVIDENCE_FIELDS),
    Form(
        "fieldwork:emerging",
        "reporting",
        ("lead",),
        _r("fieldwork:emerging", ref),
        lambda w: {
            "day": choice_field(["2016-03-07", "2016-03-08", "2016-03-12", "not a day"]),
            "scope_area": choice_field(w.scope_codes),
            "weight": choice_field(["strength", "improvement", "context"]),
            "text": text_field(),
            "records": many_field([w.record, "nope"]),
        },
    ),
    # Reports: findings, recommendations, the letter's versions, the check, publication, thematic.
    Form("reports:finding_add", "reporting", ("lead",), _r("reports:finding_add", ref), FINDING_FIELDS),
    Form(
        "reports:finding_edit",
        "reporting",
        ("lead",),
        _r("reports:finding_edit", ref, lambda w: w.finding),
        FINDING_FIELDS,
    ),
    Form("reports:finding_delete", "reporting", ("lead",), _r("reports:finding_delete", ref, lambda w: w.finding)),
    Form(
        "reports:recommendation_add",
        "reporting",
        ("lead",),
        _r("reports:recommendation_add", ref),
        RECOMMENDATION_FIELDS,
    ),
    Form(
        "reports:recommendation_edit",
        "reporting",
        ("lead",),
        _r("reports:recommendation_edit", ref, lambda w: w.recommendation),
        RECOMMENDATION_FIELDS,
    ),
    Form(
        "reports:recommendation_delete",
        "reporting",
        ("lead",),
        _r("reports:recommendation_delete", ref, lambda w: w.recommendation),
    ),
    Form(
        "reports:recommendation_move",
        "reporting",
        ("lead",),
        _r("reports:recommendation_move", ref, lambda w: w.recommendation),
        lambda w: {"direction": choice_field(["up", "down"])},
    ),
    Form("reports:render", "reporting", ("lead",), _r("reports:render", ref), lambda w: KEY),
    Form("reports:send_draft", "reporting", ("lead", "manager"), _r("reports:send_draft", ref), lambda w: KEY),
    Form(
        "reports:thematic",
        "reporting",
        ("manager",),
        _r("reports:thematic", lambda w: w.theme),
        lambda w: {"summary": text_field(), "action": choice_field(["save", "publish"])},
    ),
    Form(
        "reports:comments",
        "checking",
        ("coordinator", "police", "dcs"),
        _r("reports:comments", ref),
        lambda w: COMMENT_FIELDS,
    ),
    Form(
        "reports:comment_edit",
        "checking",
        ("coordinator",),
        _r("reports:comment_edit", ref, lambda w: w.comment),
        lambda w: COMMENT_FIELDS,
    ),
    Form(
        "reports:comment_withdraw",
        "checking",
        ("coordinator",),
        _r("reports:comment_withdraw", ref, lambda w: w.comment),
    ),
    Form(
        "reports:comment_merge",
        "checking",
        ("coordinator",),
        _r("reports:comment_merge", ref, lambda w: w.comment),
        lambda w: {"into": choice_field([w.other_comment, w.comment])},
    ),
    Form(
        "reports:respond",
        "checking",
        ("coordinator", "dcs"),
        _r("reports:respond", ref),
        lambda w: {"covering_note": text_field(), "confirm": flag_field()},
    ),
    Form(
        "reports:decide",
        "responded",
        ("lead",),
        _r("reports:decide", ref, lambda w: w.comment),
        lambda w: {"decision": choice_field([*Decision.values, "partly"]), "reason": text_field()},
    ),
    Form(
        "reports:finalise",
        "final",
        ("lead",),
        _r("reports:finalise", ref),
        lambda w: {**KEY, **date_fields("publication_date")},
    ),
    Form("reports:publish", "final", ("lead", "manager"), _r("reports:publish", ref)),
    # The written statement of action (the areas app).
    Form(
        "statements:attach",
        "statement_written",
        ("coordinator", "dcs"),
        _r("statements:attach", ref),
        lambda w: {"document": upload_field(PDF, DOCX, EXE)},
    ),
    Form(
        "statements:action_add",
        "statement_written",
        ("coordinator",),
        _r("statements:action_add", ref, lambda w: w.recommendation),
        lambda w: {"text": text_field(), "agencies": many_field(w.agencies), **date_fields("due_on")},
    ),
    Form(
        "statements:action_edit",
        "statement_written",
        ("dcs",),
        _r("statements:action_edit", ref, lambda w: w.recommendation, lambda w: w.action),
        lambda w: {"text": text_field(), "agencies": many_field(w.agencies), **date_fields("due_on")},
    ),
    Form(
        "statements:action_delete",
        "statement_written",
        ("coordinator",),
        _r("statements:action_delete", ref, lambda w: w.action),
    ),
    Form(
        "statements:attachment_remove",
        "statement_written",
        ("coordinator",),
        _r("statements:attachment_remove", ref, lambda w: w.attachment),
    ),
    Form("statements:send", "statement_written", ("coordinator", "dcs"), _r("statements:send", ref)),
    Form(
        "statements:review",
        "statement_sent",
        ("lead", "manager"),
        _r("statements:review", ref),
        lambda w: {"decision": choice_field(["accepted", "changes_requested", "maybe"]), "reasons": text_field()},
    ),
    # An area's record: a manager's records and indicator files.
    Form(
        "areas:intelligence_note",
        "planning",
        ("manager",),
        _r("areas:intelligence_note", lambda w: w.areas[0]),
        lambda w: {"source": text_field("CQC"), **date_fields("received_on"), "text": text_field()},
    ),
    Form(
        "areas:other_evaluation",
        "planning",
        ("manager",),
        _r("areas:other_evaluation", lambda w: w.areas[0]),
        lambda w: {
            "kind": choice_field(["inspection", "peer_review", "serious_case_review"]),
            "title": text_field("SIF inspection"),
            **date_fields("date"),
            "outcome": text_field(),
            "url": text_field("https://reports.ofsted.gov.uk/", "javascript:alert(1)"),
        },
    ),
    Form(
        "areas:good_practice_note",
        "planning",
        ("manager",),
        _r("areas:good_practice_note", lambda w: w.areas[0]),
        lambda w: {
            "sign": choice_field(["return_home", "leadership", "views"]),
            "evidence": text_field(),
            **date_fields("seen_on"),
        },
    ),
    Form(
        "areas:indicator_upload",
        "planning",
        ("manager",),
        _r("areas:indicator_upload"),
        lambda w: {"file": upload_field(("indicators.csv", INDICATORS_CSV, "text/csv"), PDF)},
    ),
    Form(
        "areas:indicator_import_decide",
        "planning",
        ("manager",),
        _r("areas:indicator_import_decide", lambda w: w.indicator_import),
        lambda w: {"action": choice_field(["confirm", "discard"])},
    ),
    # Consultations: imports, coding, "you said, we did", publication.
    Form(
        "consultations:upload",
        "consulting",
        ("analyst",),
        _r("consultations:upload", lambda w: w.slug),
        lambda w: {"file": upload_field(("responses.csv", CSV, "text/csv"))},
    ),
    Form(
        "consultations:import_confirm",
        "consulting",
        ("analyst",),
        _r("consultations:import_confirm", lambda w: w.slug, lambda w: w.staged),
    ),
    Form(
        "consultations:coding_theme_add",
        "consulting",
        ("analyst",),
        _r("consultations:coding_theme_add", lambda w: w.slug, "q3"),
        lambda w: {
            "name": text_field("Workforce"),
            "description": text_field(),
            "keywords": text_field("staff, pay"),
            "filter": text_field(),
            "page": number_field(1, 3),
        },
    ),
    Form(
        "consultations:coding_answer_tag",
        "consulting",
        ("analyst",),
        _r("consultations:coding_answer_tag", lambda w: w.slug, "q3"),
        lambda w: {"answer": choice_field(w.answers), "themes": many_field(w.themes)},
    ),
    Form(
        "consultations:coding_quote",
        "consulting",
        ("analyst",),
        _r("consultations:coding_quote", lambda w: w.slug, "q3"),
        lambda w: {
            "answer": choice_field(w.answers),
            "theme": choice_field(w.themes),
            "quote": choice_field(["choose", "withdraw"]),
        },
    ),
    Form(
        "consultations:apply_suggestions",
        "consulting",
        ("analyst",),
        _r("consultations:apply_suggestions", lambda w: w.slug, "q3"),
    ),
    Form(
        "consultations:outcomes",
        "consulting",
        ("analyst",),
        _r("consultations:outcomes", lambda w: w.slug),
        lambda w: {"question": choice_field(["", *w.questions]), "you_said": text_field(), "we_did": text_field()},
    ),
    Form(
        "consultations:outcome_delete",
        "consulting",
        ("analyst",),
        _r("consultations:outcome_delete", lambda w: w.slug, lambda w: w.outcome),
    ),
    Form(
        "consultations:publish",
        "consulting",
        ("analyst",),
        _r("consultations:publish", lambda w: w.slug),
        lambda w: {"action": choice_field(["publish", "unpublish"])},
    ),
]

# Pages that only show or download: they take no POST.
READ_ONLY = {
    "home", "healthz", "accessibility", "privacy", "contact", "password_reset_done", "password_reset_complete",
    "signed_out", "session_status", "account", "account_backup_codes", "inspections:audit", "site_audit",
    "inspections:programme", "inspections:detail",
    "areas:choosing", "areas:area", "areas:indicator_import",
    "notifications:meeting_calendar",
    "case_audits:overview", "case_audits:case", "case_audits:attachment", "case_audits:document_file",
    "case_audits:progress", "case_audits:access_log",
    "fieldwork:board", "fieldwork:record",
    "reports:letter", "reports:preview", "reports:version", "reports:version_pdf",
    "statements:statement", "statements:attachment",
    "published:index", "published:thematic", "published:thematic_pdf", "published:letter", "published:letter_pdf",
    "published:thematic_edition", "published:thematic_edition_pdf", "reports:thematic_index",
    "consultations:index", "consultations:overview", "consultations:import_status", "consultations:coding",
    "consultations:report", "consultations:report_pdf", "consultations:tables_csv", "consultations:tables_xlsx",
    # The API and calendar feeds read only (tests/api try every endpoint with tokens of each kind).
    "api_calendar", "api_v1", "api_reference", "api-v1:openapi-json", "api-v1:programmes", "api-v1:inspections",
    "api-v1:inspection", "api-v1:changes", "api-v1:published_letters", "api-v1:published_letter",
    "api-v1:thematic_reports", "api-v1:consultations", "api-v1:consultation", "api-v1:api-root",
}  # fmt: skip


def _patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # the admin's own forms are fuzzed below
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry.callback


def test_every_form_is_fuzzed():
    """A new URL is either fuzzed here or shown to take no POST."""
    fuzzed = {form.name for form in FORMS}
    unlisted, posting = [], []
    for name, view in _patterns():
        if name in fuzzed:
            continue
        if name not in READ_ONLY:
            unlisted.append(name)
        elif "POST" in inspect.getsource(inspect.unwrap(getattr(view, "func", view))):  # ninja's are partials
            posting.append(name)
    assert not unlisted, f"URLs neither fuzzed nor listed as read-only: {unlisted}"
    assert not posting, f"URLs listed as read-only that handle a POST: {posting}"


# ---- The fuzzing -------------------------------------------------------------------------------------


class Poster:
    """Posts the examples of one form as one role. Signed in once, and the state before every
    example is the same (each is rolled back in a savepoint), so it is fingerprinted once."""

    def __init__(self, world, role):
        self.role = role
        self.client = Client(raise_request_exception=True)
        if role != "anonymous":
            sign_in_as(self.client, getattr(world, role))
        self.cookies = self.client.cookies
        self.before = fuzz.fingerprint()

    def post(self, url, data):
        cache.clear()  # rate limits
        self.client.cookies = type(self.cookies)(self.cookies)  # a sign-in or sign-out is undone with its example
        with transaction.atomic():
            try:
                response = self.client.post(url, data)
            except Exception as error:  # noqa: BLE001 (any unhandled exception is the server error we look for)
                transaction.set_rollback(True)
                raise AssertionError(f"POST {url} raised {type(error).__name__}: {error!r}\nwith {data!r}") from error
            status = response.status_code
            changed = [] if status in (301, 302, 303) else fuzz.changes(self.before, fuzz.fingerprint())
            transaction.set_rollback(True)
        assert status < 500, f"POST {url} answered {status} with {data!r}"
        assert not changed, f"POST {url} was refused ({status}) but changed {changed} with {data!r}"


def fuzzed(world, role: str, url: str, fields: dict, what: str) -> list[str]:
    """Hypothesis's examples of one form as one role; what failed, with the smallest example found."""
    poster = Poster(world, role)

    @hypothesis_settings(parent=hypothesis_settings.get_profile(fuzz.PROFILE))
    @given(body=post_data(fields))
    def post(body):
        poster.post(url, body)

    try:
        post()
    except AssertionError as error:
        return [f"{what}: {error}"]
    return []


def _chosen(name: str) -> bool:
    """FUZZ_FORMS=case_audits:contributors,login fuzzes only those forms (while fixing one)."""
    only = [n for n in os.environ.get("FUZZ_FORMS", "").split(",") if n]
    return not only or any(n in name for n in only)


WORLDS = sorted({form.world for form in FORMS})


@pytest.mark.parametrize("world_name", WORLDS)
def test_no_input_gives_a_server_error_and_a_refused_form_saves_nothing(request, world_name):
    """Each form of one world (fixtures made once, every example rolled back), as each role allowed to post it."""
    world = request.getfixturevalue(world_name)
    failures = []
    for form in FORMS:
        if form.world == world_name and _chosen(form.name):
            for role in form.roles:
                failures += fuzzed(world, role, form.url(world), form.fields(world), f"{form.name} as {role}")
    assert not failures, "\n\n".join(failures)


# ---- The admin's own forms ---------------------------------------------------------------------------

ADMIN_MODELS = [core.FrameworkVersion, core.NonWorkingDay, core.Inspector, core.Person, get_user_model(), Group]


def _admin_fields(model, admin_request):
    from django import forms as django_forms

    model_admin = admin.site._registry[model]
    form_class = model_admin.get_form(admin_request)
    strategies = {}
    for name, form_field in form_class.base_fields.items():
        if isinstance(form_field, django_forms.ModelMultipleChoiceField):
            strategies[name] = many_field(list(form_field.queryset.values_list("pk", flat=True)[:5]))
        elif isinstance(form_field, django_forms.ModelChoiceField):
            strategies[name] = choice_field(list(form_field.queryset.values_list("pk", flat=True)[:5]))
        elif isinstance(form_field, django_forms.TypedChoiceField | django_forms.ChoiceField):
            strategies[name] = choice_field([c[0] for c in form_field.choices if not isinstance(c[1], list | tuple)])
        elif isinstance(form_field, django_forms.SplitDateTimeField):
            strategies[f"{name}_0"] = text_field("2016-03-07", "2016-02-30", "07/03/2016")
            strategies[f"{name}_1"] = text_field("09:30", "25:61")
        elif isinstance(form_field, django_forms.DateField):
            strategies[name] = text_field("2016-03-07", "2016-02-30", "31/13/2016", "0000-01-01", "99999-01-01")
        elif isinstance(form_field, django_forms.IntegerField):
            strategies[name] = number_field(0, 20)
        elif isinstance(form_field, django_forms.BooleanField):
            strategies[name] = flag_field()
        else:
            strategies[name] = text_field()
    return strategies


def test_no_input_to_the_admin_gives_a_server_error_and_a_refused_form_saves_nothing(site, planning, rf):
    """The add and change forms of the models whose admin saves through services. An inspection is
    planned, so framework versions, inspectors and people are in use."""
    admin_request = rf.get("/")
    admin_request.user = site.admin
    reached = Client()
    sign_in_verified(reached, site.admin)
    failures = []
    for model in ADMIN_MODELS:
        opts = model._meta
        if not _chosen(f"admin:{opts.model_name}"):
            continue
        fields = _admin_fields(model, admin_request)
        changed = model.objects.order_by("pk").first()
        for action, args in (("add", []), ("change", [changed.pk])):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)
            assert reached.get(url).status_code == 200, f"the admin's form at {url} is fuzzed, not its sign-in"
            failures += fuzzed(site, "admin", url, fields, f"admin {opts.model_name} {action}")
    assert not failures, "\n\n".join(failures)


# ---- The audit pages' filters, sent by GET -------------------------------------------------------------


def test_no_filter_of_the_audit_pages_gives_a_server_error(site, planning):
    """The inspection's trail for its lead, and the site-wide one (who and when too) for an admin."""
    from inspections.audit import audit_parts

    # Often blank or far, so that a far date often comes with every other filter valid.
    far = st.sampled_from(["9999-12-31", "0001-01-01", "31/12/9999", "1/1/1"])
    dates = ("1/3/2016", "2016-03-31")
    blank = st.just("")
    filters = {
        "part": st.one_of(blank, choice_field(audit_parts(None))),
        "user": st.one_of(blank, text_field("admin-user")),
        "since": st.one_of(far, far, text_field(*dates)),
        "until": st.one_of(far, far, text_field(*dates)),
        "page": number_field(1, 3),
    }
    failures = []
    for user, url in (
        (planning.lead, reverse("inspections:audit", args=[planning.ref])),
        (site.admin, reverse("site_audit")),
    ):
        failures += _fuzzed_get(user, url, filters)
    assert not failures, "\n\n".join(failures)


def _fuzzed_get(user, url: str, fields: dict) -> list[str]:
    client = Client(raise_request_exception=True)
    sign_in_as(client, user)

    @hypothesis_settings(parent=hypothesis_settings.get_profile(fuzz.PROFILE))
    @given(query=post_data(fields))
    def get(query):
        try:
            status = client.get(url, query).status_code
        except Exception as error:  # noqa: BLE001 (any unhandled exception is the server error we look for)
            raise AssertionError(f"GET {url} raised {type(error).__name__}: {error!r}\nwith {query!r}") from error
        assert status < 500, f"GET {url} answered {status} with {query!r}"

    try:
        get()
    except AssertionError as error:
        return [str(error)]
    return []


def test_the_fingerprint_sees_a_new_row_an_edited_row_and_a_stored_file(settings, people):
    """Else every "saved nothing" above would pass whatever was saved."""
    before = fuzz.fingerprint()
    core.Area.objects.filter(pk=people.area.pk).update(name="Southshire")
    assert fuzz.changes(before, fuzz.fingerprint()) == ["inspections.area"]
    factories.AreaFactory()
    stored = settings.PRIVATE_MEDIA_ROOT / "case-audits" / "x.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF")
    assert set(fuzz.changes(before, fuzz.fingerprint())) == {"inspections.area", "inspections.historicalarea", "files"}
