"""The whole journey as services: invitation -> nomination -> request -> contributions ->
submission -> reopening -> late -> sampling."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from inspections.case_audits import personal_data, services
from inspections.case_audits.invitations import invitation_accept, invitation_lookup
from inspections.case_audits.models import (
    AgencyEvaluation,
    AreaProfile,
    CaseAuditRequest,
    CaseSample,
    Contributor,
    EvaluationStatus,
    Invitation,
    ReopenRequest,
    ReturnStatus,
    SizeBand,
)
from inspections.case_audits.selectors import cases_default, scope_areas
from inspections.models import Agency, ContactRole, Stage
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import Message, MessageKind
from inspections.services.stages import inspection_transition
from jtai.errors import DomainError
from tests.factories import UserFactory
from tests.helpers import london

from .conftest import invitation_token
from .helpers import access, full_answers, pdf, request_with_cases

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase"


def sign_up(address: str):
    token = invitation_token(address)
    assert token, f"no invitation link in the e-mail to {address}"
    user, _ = invitation_accept(token=token, password=PASSWORD, password_again=PASSWORD)
    return user


def test_the_dcs_notification_carries_a_single_use_link_for_a_contact_without_an_account(notified, people):
    dcs_mail = next(m for m in mail.outbox if people.dcs.email in m.to[0])
    assert "/inspections/invitations/" in dcs_mail.body
    token = invitation_token(people.dcs.email)
    invitation = invitation_lookup(token)
    # Ten working days from Monday 22 February 2016: to the end of Monday 7 March.
    assert invitation.expires_at == london(2016, 3, 8, 0, 0)
    assert Invitation.objects.get(person=people.dcs).token_hash != token  # only a hash is kept
    user = sign_up(people.dcs.email)
    people.dcs.refresh_from_db()
    assert people.dcs.user == user and user.check_password(PASSWORD)
    with pytest.raises(DomainError, match="already been used"):
        invitation_accept(token=token, password=PASSWORD, password_again=PASSWORD)


def test_a_contact_with_an_account_gets_no_link(clock, people, planned_inspection):
    people.police.user = UserFactory()
    people.police.save()
    clock.move_to(london(2016, 2, 22, 10, 0))
    notifications_dispatch()
    police_mail = next(m for m in mail.outbox if people.police.email in m.to[0])
    assert "/inspections/invitations/" not in police_mail.body
    assert "Sign in to see the inspection: " in police_mail.body


def test_an_invitation_expires_after_ten_working_days(notified, people, clock):
    token = invitation_token(people.dcs.email)
    clock.move_to(london(2016, 3, 8, 0, 1))
    with pytest.raises(DomainError, match="expired"):
        invitation_accept(token=token, password=PASSWORD, password_again=PASSWORD)


def test_the_chosen_password_must_pass_the_validators(notified, people):
    token = invitation_token(people.dcs.email)
    with pytest.raises(DomainError) as error:
        invitation_accept(token=token, password="password", password_again="password")
    assert error.value.field == "password"
    assert people.dcs.__class__.objects.get(pk=people.dcs.pk).user_id is None


def test_the_dcs_nominates_a_new_coordinator_who_is_invited_and_the_change_is_kept(notified, people, lead):
    dcs = sign_up(people.dcs.email)
    mail.outbox.clear()
    contact = services.coordinator_nominate(
        user=dcs, access=access(dcs, notified), name="Nina Newman", email="nina@northshire.example.org"
    )
    assert contact.role == ContactRole.DCS_COORDINATOR
    assert notified.contacts.filter(role=ContactRole.DCS_COORDINATOR).get().person.name == "Nina Newman"
    # The old coordinator's contact is kept, ended.
    assert contact.__class__.with_former.former().get(inspection=notified).person == people.coordinator
    notifications_dispatch()
    coordinator = sign_up("nina@northshire.example.org")
    assert access(coordinator, notified).coordinator
    # The reminder before the deadline now goes to her.
    reminder = Message.objects.get(inspection=notified, kind=MessageKind.CASE_AUDIT_REMINDER, status="scheduled")
    assert reminder.recipient_email == "nina@northshire.example.org"


def test_only_the_dcs_or_lead_nominates(notified, people):
    coordinator_user = UserFactory()
    people.coordinator.user = coordinator_user
    people.coordinator.save()
    with pytest.raises(PermissionDenied):
        services.coordinator_nominate(
            user=coordinator_user, access=access(coordinator_user, notified), name="X Y", email="x@example.org"
        )


def test_size_bands_set_the_default_and_another_number_needs_a_reason(notified, people, lead):
    assert cases_default(notified).number == 5  # no child population recorded: the fewest
    AreaProfile.objects.create(area=notified.area, child_population=120_000)
    assert cases_default(notified).number == 7
    AreaProfile.objects.filter(area=notified.area).update(child_population=60_000)
    assert cases_default(notified).number == 6
    a = access(lead, notified)
    with pytest.raises(DomainError) as error:
        services.request_save(user=lead, access=a, cases_number=5)
    assert error.value.field == "number_reason"
    assert error.value.message == "Enter why the area should audit 5 cases, not 6"
    for outside in (4, 8):
        with pytest.raises(DomainError, match="between 5 and 7"):
            services.request_save(user=lead, access=a, cases_number=outside, number_reason="Because")
    assert not notified.__class__.objects.get(pk=notified.pk).__dict__.get("case_audit_request")
    request = services.request_save(user=lead, access=a, cases_number=5, number_reason="Small local systems")
    assert (request.cases_number, request.number_reason) == (5, "Small local systems")
    request = services.request_save(user=lead, access=a, cases_number=6, number_reason="ignored")
    assert request.number_reason == ""  # the default needs no reason


def test_free_text_with_a_name_and_birth_date_warns_before_saving(notified, people, lead):
    a = access(lead, notified)
    with pytest.raises(personal_data.PersonalDataWarning):
        services.request_save(user=lead, access=a, cases_number=5, cohort="Such as Jane Smith, born 12 March 2009")
    request = services.request_save(
        user=lead, access=a, cases_number=5, cohort="Such as Jane Smith, born 12/03/2009", confirmed=True
    )
    assert "Jane Smith" in request.cohort


def test_the_whole_journey(notified, people, lead, clock):
    # The request: five cases, sent through the notifications to the coordinator the planning
    # recorded, with the deadline from the timeline and a link to the request.
    request = request_with_cases(lead, notified, people)
    mail.outbox.clear()
    services.request_send(user=lead, access=access(lead, notified))
    notifications_dispatch()
    request_mail = next(m for m in mail.outbox if "case-audit request" in m.subject)
    assert request_mail.to[0].endswith(f"<{people.coordinator.email}>")
    assert "due by Friday 4 March 2016 at 5pm" in request_mail.body
    assert f"/inspections/{notified.reference}/case-audits/" in request_mail.body
    # She has no account yet: the request carries her single-use link.
    coordinator = sign_up(people.coordinator.email)
    assert AgencyEvaluation.objects.filter(case__request=request).count() == 2 * 2 + 3

    # The coordinator adds a police contributor, who signs up and sees only the police's cases.
    police = Agency.objects.get(pk=people.police.agency_id)
    services.contributor_add(
        user=coordinator,
        access=access(coordinator, notified),
        agency=police,
        name="Paula Constable",
        email="paula@police.example.org",
    )
    notifications_dispatch()
    contributor = sign_up("paula@police.example.org")
    contributor_access = access(contributor, notified)
    assert contributor_access.contributor_agencies == {police.pk: police.name}
    from inspections.case_audits.selectors import visible_cases

    assert [c.reference for c in visible_cases(contributor_access, request)] == ["SG-001", "SG-002"]

    # Drafts as people go; done needs the answers.
    evaluation = AgencyEvaluation.objects.get(case__reference="SG-001", agency=police)
    scopes = scope_areas()
    services.evaluation_save(user=contributor, access=contributor_access, evaluation=evaluation, answers={}, done=False)
    with pytest.raises(DomainError, match="Enter what happened for the child"):
        services.evaluation_save(
            user=contributor, access=contributor_access, evaluation=evaluation, answers={}, done=True
        )
    health_evaluation = AgencyEvaluation.objects.get(case__reference="SG-001", agency_id=people.health.agency_id)
    with pytest.raises(PermissionDenied):
        services.evaluation_save(
            user=contributor, access=contributor_access, evaluation=health_evaluation, answers={}, done=False
        )
    for item in AgencyEvaluation.objects.filter(case__request=request):
        who = contributor if item.agency_id == police.pk else coordinator
        who_access = access(who, notified)
        services.evaluation_save(user=who, access=who_access, evaluation=item, answers=full_answers(scopes), done=True)

    # Documents: each uploaded once, or why it does not exist; then one joint return.
    coordinator_access = access(coordinator, notified)
    with pytest.raises(DomainError, match="Upload"):
        services.return_submit(user=coordinator, access=coordinator_access)
    documents = list(request.documents.all())
    services.document_save(user=coordinator, access=coordinator_access, document=documents[0], upload=pdf())
    for document in documents[1:]:
        services.document_save(
            user=coordinator, access=coordinator_access, document=document, missing_reason="The board has none."
        )
    submitted = services.return_submit(user=coordinator, access=coordinator_access)
    assert submitted.status == ReturnStatus.SUBMITTED and not submitted.late

    # Locked: nothing changes until the lead reopens it.
    with pytest.raises(DomainError, match="locked"):
        services.evaluation_save(
            user=contributor, access=contributor_access, evaluation=evaluation, answers={}, done=False
        )
    reopen = services.reopen_ask(user=coordinator, access=coordinator_access, reason="A police record was missed.")
    with pytest.raises(DomainError, match="already asked"):
        services.reopen_ask(user=coordinator, access=coordinator_access, reason="Again")
    with pytest.raises(PermissionDenied):
        services.reopen_decide(user=coordinator, access=coordinator_access, reopen=reopen, grant=True)
    services.reopen_decide(user=lead, access=access(lead, notified), reopen=reopen, grant=True)
    assert ReopenRequest.objects.get().decision == ReopenRequest.Decision.GRANTED
    services.evaluation_save(
        user=contributor,
        access=access(contributor, notified),
        evaluation=evaluation,
        answers=full_answers(scopes, "A police record added."),
        done=True,
    )

    # Late: submitted after the deadline, flagged, and the lead accepts it.
    clock.move_to(london(2016, 3, 5, 9, 0))
    late = services.return_submit(user=coordinator, access=access(coordinator, notified))
    assert late.late
    services.late_accept(user=lead, access=access(lead, notified))
    late.refresh_from_db()
    assert late.late_accepted_by == lead

    # On site: the team samples the audited cases.
    clock.move_to(london(2016, 3, 7, 9, 0))
    inspection_transition(user=lead, inspection=notified, name="start_fieldwork")
    notified.refresh_from_db()
    case = request.cases.get(reference="SG-001")
    sample = services.sample_save(
        user=lead,
        access=access(lead, notified),
        case=case,
        answers={s.code: "Matches the audit." for s in scopes},
        evidence="Case file, strategy meeting minutes.",
        agreement="partly",
        agreement_reason="The impact was overstated.",
    )
    assert sample.inspectorate.code == "ofsted"
    assert CaseSample.objects.count() == 1
    # Every change keeps its history.
    assert evaluation.history.count() >= 4
    # Submitted, reopened, submitted late, accepted as late.
    assert list(request.history.order_by("history_date", "history_id").values_list("status", flat=True))[-4:] == [
        "submitted",
        "in_progress",
        "submitted",
        "submitted",
    ]
    assert Contributor.history.count() == 1
    assert AgencyEvaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.DONE


def test_sampling_only_on_site_and_only_by_the_team(notified, people, lead):
    request_with_cases(lead, notified, people)
    case = notified.case_audit_request.cases.first()
    with pytest.raises(DomainError, match="on site"):
        services.sample_save(
            user=lead,
            access=access(lead, notified),
            case=case,
            answers={},
            evidence="x",
            agreement="agree",
            agreement_reason="y",
        )
    assert notified.stage == Stage.NOTIFIED


def test_a_request_needs_its_cases_and_a_coordinator(notified, people, lead):
    a = access(lead, notified)
    services.request_save(user=lead, access=a, cases_number=5)
    with pytest.raises(DomainError, match="Describe all 5 cases"):
        services.request_send(user=lead, access=a)


def test_the_reminder_links_straight_to_the_request(notified, people, clock):
    clock.move_to(london(2016, 3, 3, 9, 0))
    notifications_dispatch()
    reminder = next(m for m in mail.outbox if "reminder: case audits due" in m.subject)
    assert f"/inspections/{notified.reference}/case-audits/" in reminder.body


def test_the_deadline_is_the_timelines(notified):
    milestone = notified.milestones.get(key="case_audit_deadline")
    assert milestone.date == datetime.date(2016, 3, 4)


def test_a_contributor_is_never_taken_for_the_agencys_senior_leader(notified, people, lead):
    from inspections.models import PersonRole
    from tests.helpers import plan_inspection

    people.coordinator.user = UserFactory(username="cora")
    people.coordinator.save()
    coordinator = people.coordinator.user
    police = people.police.agency
    added = services.contributor_add(
        user=coordinator, access=access(coordinator, notified), agency=police, name="Paula Price", email="p@x.org"
    )
    assert added.person.role == PersonRole.CONTRIBUTOR
    # The area's next inspection still records its one police senior leader.
    notified.stage = "cancelled"
    notified.save()
    later = plan_inspection(people=people, onsite_start=datetime.date(2016, 6, 6), lead=notified.team.get().inspector)
    assert later.contacts.get(agency=police).person == people.police


def test_submitting_names_the_evaluations_not_done_in_words_that_fit_their_number(notified, people, lead):
    request = request_with_cases(lead, notified, people)
    services.request_send(user=lead, access=access(lead, notified))
    notifications_dispatch()
    coordinator = sign_up(people.coordinator.email)
    scopes = scope_areas()
    evaluations = list(AgencyEvaluation.objects.filter(case__request=request).order_by("pk"))
    for item in evaluations[:-2]:
        services.evaluation_save(
            user=coordinator,
            access=access(coordinator, notified),
            evaluation=item,
            answers=full_answers(scopes),
            done=True,
        )
    with pytest.raises(DomainError, match=r"^2 evaluations are not done yet, for example .+'s of case "):
        services.return_submit(user=coordinator, access=access(coordinator, notified))
    services.evaluation_save(
        user=coordinator,
        access=access(coordinator, notified),
        evaluation=evaluations[-2],
        answers=full_answers(scopes),
        done=True,
    )
    last = evaluations[-1]
    with pytest.raises(DomainError) as error:
        services.return_submit(user=coordinator, access=access(coordinator, notified))
    assert error.value.message == f"1 evaluation is not done yet: {last.agency}'s of case {last.case.reference}."


def test_a_size_band_outside_five_to_seven_still_gives_a_number_in_the_range(notified):
    # A band an admin set too high or too low never asks the area for more than seven cases or
    # fewer than five.
    AreaProfile.objects.create(area=notified.area, child_population=900_000)
    SizeBand.objects.update_or_create(framework=notified.framework, from_population=800_000, defaults={"cases": 9})
    assert cases_default(notified).number == 7
    SizeBand.objects.filter(framework=notified.framework).update(cases=3)
    assert cases_default(notified).number == 5


def test_a_sent_request_can_no_longer_change(notified, people, lead):
    request_with_cases(lead, notified, people)
    services.request_send(user=lead, access=access(lead, notified))
    with pytest.raises(DomainError) as refused:
        services.request_save(user=lead, access=access(lead, notified), cases_number=6, number_reason="Bigger")
    assert (refused.value.field, refused.value.message) == (
        "cases_number",
        "The request has been sent, so it can no longer change.",
    )
    notified.case_audit_request.refresh_from_db()
    assert notified.case_audit_request.cases_number == 5


def test_only_the_lead_sets_the_request(notified, ofsted_inspector):
    notified.team.create(inspector=ofsted_inspector)
    with pytest.raises(PermissionDenied, match="Only the lead inspector can set the case-audit request."):
        services.request_save(
            user=ofsted_inspector.user, access=access(ofsted_inspector.user, notified), cases_number=5
        )
    assert not CaseAuditRequest.objects.filter(inspection=notified).exists()
