"""The message plan: who is told what and when, as dates move and stages change."""

import datetime

import pytest

from inspections.models import AgencyKind, PersonRole, Stage
from inspections.notifications.models import MessageKind, MessageStatus
from inspections.notifications.sync import notifications_sync
from inspections.services.planning import inspection_reschedule
from inspections.services.stages import inspection_transition
from tests.helpers import london, messages, plan_inspection
from tests.inspections import factories

K = MessageKind
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def cqc():
    return factories.InspectorFactory(
        user__username="cqc", user__email="cqc@cqc.example.org", inspectorate=factories.inspectorate("cqc")
    )


def test_joint_inspection_tells_the_dcs_first_then_every_agency_leader(people, cqc):
    inspection = plan_inspection(people=people, team=[cqc])

    dcs = messages(inspection, kind=K.DCS_NOTIFICATION)
    assert [(m.recipient_email, m.due_at) for m in dcs] == [("dcs@northshire.example.org", london(2016, 2, 22, 10))]
    partners = messages(inspection, kind=K.PARTNER_NOTIFICATION)
    assert sorted(m.recipient_email for m in partners) == [
        "ceo@nhs.example.org",
        "chair@lscb.example.org",
        "chief@police.example.org",
    ]
    # Everyone else waits for the DCS's message, however the clock falls.
    assert all(m.after_id == dcs[0].pk for m in partners)
    assert all(m.due_at >= inspection.notification_at for m in inspection.messages.all())
    # The DCS goes first among those due at the notification time.
    first = inspection.messages.order_by("due_at", "priority", "pk").first()
    assert first.kind == K.DCS_NOTIFICATION
    # The coordinator is not notified; they get the deadline reminders.
    assert "coordinator@northshire.example.org" not in [m.recipient_email for m in partners]


def test_invitations_go_to_local_leaders_and_the_team_on_notification_day(people, cqc):
    inspection = plan_inspection(people=people, team=[cqc])

    call = messages(inspection, kind=K.CONFERENCE_CALL_INVITE)
    setup = messages(inspection, kind=K.SETUP_MEETING_INVITE)
    expected = {
        "dcs@northshire.example.org",
        "chief@police.example.org",
        "ceo@nhs.example.org",
        "chair@lscb.example.org",
        "lead@ofsted.example.org",
        "cqc@cqc.example.org",
    }
    assert {m.recipient_email for m in call} == expected
    assert {m.recipient_email for m in setup} == expected
    assert {m.due_at for m in call + setup} == {london(2016, 2, 22, 10)}
    assert call[0].event.starts_at == london(2016, 2, 22, 14)
    assert setup[0].event.starts_at == london(2016, 3, 7, 9, 30)


def test_ofsted_only_inspection_tells_the_council_alone(people):
    inspection = plan_inspection(people=people, framework="ofsted-targeted-2016")

    assert [m.recipient_email for m in messages(inspection, kind=K.DCS_NOTIFICATION)] == ["dcs@northshire.example.org"]
    # The council's own safeguarding board, not the police or health.
    assert [m.recipient_email for m in messages(inspection, kind=K.PARTNER_NOTIFICATION)] == ["chair@lscb.example.org"]
    invited = {m.recipient_email for m in messages(inspection, kind=K.CONFERENCE_CALL_INVITE)}
    assert "chief@police.example.org" not in invited
    assert "ceo@nhs.example.org" not in invited


def test_ofsted_only_inspection_tells_the_councils_own_senior_leaders_too(people):
    # The council's own services are the council: on an Ofsted-only inspection their leader is
    # told after the DCS, like the LSCB's chair, while the police and health are not.
    council = factories.AgencyFactory(name="Northshire Council", kind=AgencyKind.COUNCIL, areas=[people.area])
    factories.PersonFactory(
        name="Ed Education",
        email="education@northshire.example.org",
        role=PersonRole.AGENCY_LEADER,
        area=people.area,
        agency=council,
    )
    inspection = plan_inspection(people=people, framework="ofsted-targeted-2016")

    partners = messages(inspection, kind=K.PARTNER_NOTIFICATION)
    assert sorted(m.recipient_email for m in partners) == ["chair@lscb.example.org", "education@northshire.example.org"]
    (dcs,) = messages(inspection, kind=K.DCS_NOTIFICATION)
    assert all(m.after_id == dcs.pk for m in partners)


def test_deadline_reminders_go_to_the_coordinator_two_working_days_before(people):
    inspection = plan_inspection(people=people)

    (audit,) = messages(inspection, kind=K.CASE_AUDIT_REMINDER)
    # Case audits due Friday 4 March 2016 at 5pm: reminded Wednesday 2 March at 9am.
    assert (audit.recipient_email, audit.due_at) == ("coordinator@northshire.example.org", london(2016, 3, 2, 9))
    (factual,) = messages(inspection, kind=K.FACTUAL_ACCURACY_REMINDER)
    assert factual.recipient_email == "coordinator@northshire.example.org"
    due = inspection.milestones.get(key="factual_accuracy_due").date
    # Draft letter Tuesday 5 April (after Easter), response due Tuesday 12th: reminded Friday 8th.
    assert due == datetime.date(2016, 4, 12)
    assert factual.due_at == london(2016, 4, 8, 9)


def test_reminders_count_working_days_across_easter(people):
    # On site Wednesday 30 March 2016: case audits due Tuesday 29th, after Good Friday and
    # Easter Monday, so the reminder two working days earlier is Wednesday 23rd.
    inspection = plan_inspection(people=people, onsite_start=datetime.date(2016, 3, 30))

    (audit,) = messages(inspection, kind=K.CASE_AUDIT_REMINDER)
    assert audit.due_at == london(2016, 3, 23, 9)
    # The notification itself moved earlier for the two bank holidays in the notice.
    (dcs,) = messages(inspection, kind=K.DCS_NOTIFICATION)
    assert dcs.due_at == london(2016, 3, 14, 10)


def test_team_reminders_before_their_milestones(people, cqc):
    inspection = plan_inspection(people=people, team=[cqc])

    reminders = messages(inspection, kind=K.TEAM_REMINDER, milestone_key="onsite_start")
    assert {m.recipient_email for m in reminders} == {"lead@ofsted.example.org", "cqc@cqc.example.org"}
    assert {m.due_at for m in reminders} == {london(2016, 3, 3, 9)}
    # Nothing that reaches the area goes to an inspector's reminder list, and vice versa.
    assert all(m.inspector_id for m in reminders)


def test_rescheduling_moves_unsent_messages_to_the_new_dates(people):
    inspection = plan_inspection(people=people)
    before = {m.pk: m.key for m in inspection.messages.all()}

    inspection_reschedule(
        user=inspection.team.get().inspector.user, inspection=inspection, onsite_start=datetime.date(2016, 3, 14)
    )

    after = {m.pk: m.key for m in inspection.messages.exclude(status=MessageStatus.WITHDRAWN)}
    assert after == before
    (dcs,) = messages(inspection, kind=K.DCS_NOTIFICATION)
    assert dcs.due_at == london(2016, 2, 29, 10)
    (setup,) = messages(inspection, kind=K.SETUP_MEETING_INVITE, recipient_email="dcs@northshire.example.org")
    assert setup.event.starts_at == london(2016, 3, 14, 9, 30)
    assert setup.ics_sequence == 0  # nothing had been sent, so no update is needed


def test_cancelling_withdraws_every_unsent_message(people):
    inspection = plan_inspection(people=people)

    inspection_transition(user=inspection.team.get().inspector.user, inspection=inspection, name="cancel")

    assert set(inspection.messages.values_list("status", flat=True)) == {MessageStatus.WITHDRAWN}


def test_postponing_then_planning_again_plans_a_fresh_notification(people):
    inspection = plan_inspection(people=people)
    lead = inspection.team.get().inspector.user

    inspection_transition(user=lead, inspection=inspection, name="postpone")
    assert not inspection.messages.exclude(status=MessageStatus.WITHDRAWN).exists()
    inspection_transition(user=lead, inspection=inspection, name="replan")

    live = messages(inspection, status=MessageStatus.SCHEDULED, kind=K.DCS_NOTIFICATION)
    assert [m.recipient_email for m in live] == ["dcs@northshire.example.org"]


def test_a_missing_dcs_still_has_a_notification_row(people):
    people.dcs.delete()
    inspection = plan_inspection(people=people)

    (dcs,) = messages(inspection, kind=K.DCS_NOTIFICATION)
    assert dcs.recipient_email == ""
    assert dcs.status == MessageStatus.SCHEDULED


def test_an_inspection_past_notification_gets_no_new_notification(people):
    inspection = factories.InspectionFactory(area=people.area, stage=Stage.NOTIFIED)

    notifications_sync(inspection=inspection)

    assert not inspection.messages.filter(kind__in=[K.DCS_NOTIFICATION, K.PARTNER_NOTIFICATION]).exists()


def test_sync_twice_changes_nothing(people):
    inspection = plan_inspection(people=people)
    before = list(inspection.messages.values_list("pk", "key", "due_at", "status", "updated_at"))

    notifications_sync(inspection=inspection)

    assert list(inspection.messages.values_list("pk", "key", "due_at", "status", "updated_at")) == before
