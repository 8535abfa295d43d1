"""The message planner on its own: no database, only the facts it is given (an inspection and
its framework, milestones, contacts, team, a calendar, the time). Each test names a rule of who is
told what, and when. The 2016 example: notified Monday 22 February 2016 at 10am, on site from
Monday 7 March."""

import datetime

from django.contrib.auth import get_user_model

from inspections.calendar import WorkingCalendar
from inspections.models import (
    Agency,
    AgencyKind,
    ContactRole,
    FrameworkVersion,
    Inspection,
    InspectionContact,
    Inspector,
    MilestoneKey,
    NotificationOrder,
    Person,
    Stage,
)
from inspections.notifications.models import MessageKind
from inspections.notifications.plan import AreaTold, MilestoneAt, area_dates, plan
from tests.helpers import london

K = MessageKind
M = MilestoneKey
D = datetime.date
T = datetime.time
CALENDAR = WorkingCalendar()
BEFORE = london(2016, 2, 1, 9, 0)
AFTER_NOTIFICATION = london(2016, 2, 23, 11, 0)
MILESTONES = {
    M.NOTIFICATION: MilestoneAt(D(2016, 2, 22), T(10, 0)),
    M.CONFERENCE_CALL: MilestoneAt(D(2016, 2, 22), T(14, 0)),
    M.CASE_AUDIT_DEADLINE: MilestoneAt(D(2016, 3, 4), T(17, 0)),
    M.ONSITE_START: MilestoneAt(D(2016, 3, 7), None),
    M.SETUP_MEETING: MilestoneAt(D(2016, 3, 7), T(9, 30)),
    M.ONSITE_END: MilestoneAt(D(2016, 3, 11), None),
    M.FEEDBACK_MEETING: MilestoneAt(D(2016, 3, 11), T(14, 0)),
    M.DRAFT_LETTER_DUE: MilestoneAt(D(2016, 4, 1), None),
    M.FACTUAL_ACCURACY_DUE: MilestoneAt(D(2016, 4, 8), None),
    M.PUBLICATION_DUE: MilestoneAt(D(2016, 4, 22), None),
}


def inspection(*, stage=Stage.PLANNED, order=NotificationOrder.DCS_THEN_PARTNERS) -> Inspection:
    return Inspection(framework=FrameworkVersion(notification_order=order), stage=stage, onsite_start=D(2016, 3, 7))


def contact(role, email, name="Someone", agency=None) -> InspectionContact:
    return InspectionContact(role=role, person=Person(name=name, email=email), agency=agency)


POLICE = Agency(pk=1, name="Northshire Police", kind=AgencyKind.POLICE)
HEALTH = Agency(pk=2, name="Northshire NHS Trust", kind=AgencyKind.HEALTH)
LSCB = Agency(pk=3, name="Northshire LSCB", kind=AgencyKind.LSCB)


def area(*, dcs=True, coordinator="coordinator@northshire.example.org") -> list[InspectionContact]:
    contacts = [contact(ContactRole.DCS, "dcs@northshire.example.org", "Dana Director")] if dcs else []
    if coordinator:
        contacts.append(contact(ContactRole.DCS_COORDINATOR, coordinator, "Cora Coordinator"))
    return contacts + [
        contact(ContactRole.AGENCY_LEADER, "chief@police.example.org", "Peter Police", POLICE),
        contact(ContactRole.AGENCY_LEADER, "ceo@nhs.example.org", "Hana Health", HEALTH),
        contact(ContactRole.LSCB_CHAIR, "chair@lscb.example.org", "Lee Board", LSCB),
    ]


def inspector(pk, email) -> Inspector:
    return Inspector(pk=pk, user=get_user_model()(username=email, email=email))


TEAM = [inspector(7, "lead@ofsted.example.org"), inspector(8, "second@cqc.example.org")]


def planned(*, inspection_=None, contacts=None, team=TEAM, now=BEFORE, milestones=MILESTONES, **kwargs):
    return plan(
        inspection=inspection_ or inspection(),
        milestones=milestones,
        contacts=area() if contacts is None else contacts,
        team=team,
        calendar=CALENDAR,
        now=now,
        **kwargs,
    )


def of(messages, kind) -> dict[str, object]:
    return {m.recipient_email: m for m in messages if m.kind == kind}


def test_the_dcs_is_told_first_and_everyone_else_waits_for_that_message():
    messages = planned()
    (dcs,) = of(messages, K.DCS_NOTIFICATION).values()
    assert dcs.recipient_email == "dcs@northshire.example.org"
    assert dcs.due_at == london(2016, 2, 22, 10, 0) and not dcs.after_dcs
    assert dcs.priority < min(m.priority for m in messages if m is not dcs)
    followers = [m for m in messages if m.kind in (K.PARTNER_NOTIFICATION, K.COORDINATOR_NOTIFICATION)]
    assert followers and all(m.after_dcs and m.due_at == dcs.due_at for m in followers)


def test_the_dcs_notification_is_planned_even_with_no_dcs_so_that_its_absence_fails_visibly():
    (dcs,) = of(planned(contacts=area(dcs=False)), K.DCS_NOTIFICATION).values()
    assert dcs.recipient_email == "" and dcs.contact is None


def test_the_leaders_and_the_lscb_chair_follow_the_dcs_on_a_joint_inspection():
    assert set(of(planned(), K.PARTNER_NOTIFICATION)) == {
        "chief@police.example.org",
        "ceo@nhs.example.org",
        "chair@lscb.example.org",
    }


def test_an_ofsted_only_inspection_tells_the_council_and_its_lscb_alone():
    messages = planned(inspection_=inspection(order=NotificationOrder.COUNCIL_ONLY))
    assert set(of(messages, K.PARTNER_NOTIFICATION)) == {"chair@lscb.example.org"}
    assert not any(m.recipient_email == "chief@police.example.org" for m in messages)


def test_a_recorded_coordinator_gets_their_own_notification_unless_they_are_the_dcs():
    assert set(of(planned(), K.COORDINATOR_NOTIFICATION)) == {"coordinator@northshire.example.org"}
    same = area(coordinator=" DCS@Northshire.example.org ")
    assert of(planned(contacts=same), K.COORDINATOR_NOTIFICATION) == {}


def test_the_dcs_the_leaders_and_the_team_are_invited_to_both_meetings_the_coordinator_is_not():
    messages = planned()
    for kind, starts in (
        (K.CONFERENCE_CALL_INVITE, london(2016, 2, 22, 14, 0)),
        (K.SETUP_MEETING_INVITE, london(2016, 3, 7, 9, 30)),
    ):
        invited = of(messages, kind)
        assert set(invited) == {
            "dcs@northshire.example.org",
            "chief@police.example.org",
            "ceo@nhs.example.org",
            "chair@lscb.example.org",
            "lead@ofsted.example.org",
            "second@cqc.example.org",
        }
        assert all(m.expires_at == starts and m.due_at == london(2016, 2, 22, 10, 0) for m in invited.values())


def test_deadline_reminders_go_to_the_coordinator_two_working_days_before_at_9am():
    messages = planned()
    (audit,) = of(messages, K.CASE_AUDIT_REMINDER).values()
    assert audit.recipient_email == "coordinator@northshire.example.org"
    assert audit.due_at == london(2016, 3, 2, 9, 0) and audit.expires_at == london(2016, 3, 4, 17, 0)
    (response,) = of(messages, K.FACTUAL_ACCURACY_REMINDER).values()
    # A date with no time is due by its end: the reminder two working days before, at 9am.
    assert response.due_at == london(2016, 4, 6, 9, 0) and response.expires_at == london(2016, 4, 9, 0, 0)


def test_deadline_reminders_go_to_the_dcs_until_a_coordinator_is_recorded():
    (audit,) = of(planned(contacts=area(coordinator="")), K.CASE_AUDIT_REMINDER).values()
    assert audit.recipient_email == "dcs@northshire.example.org"


def test_a_reminder_is_never_due_before_the_notification():
    early = {**MILESTONES, M.CASE_AUDIT_DEADLINE: MilestoneAt(D(2016, 2, 23), T(17, 0))}
    (audit,) = of(planned(milestones=early), K.CASE_AUDIT_REMINDER).values()
    assert audit.due_at == london(2016, 2, 22, 10, 0)


def test_reminders_skip_bank_holidays():
    # Deadline Tuesday 29 March 2016: Easter Monday and Good Friday do not count, so two working
    # days before is Wednesday 23rd.
    easter = {**MILESTONES, M.CASE_AUDIT_DEADLINE: MilestoneAt(D(2016, 3, 29), T(17, 0))}
    (audit,) = of(planned(milestones=easter), K.CASE_AUDIT_REMINDER).values()
    assert audit.due_at == london(2016, 3, 23, 9, 0)


def test_the_team_is_reminded_of_its_milestones_each_inspector_alone():
    reminders = [m for m in planned() if m.kind == K.TEAM_REMINDER]
    assert {(m.recipient_email, m.milestone_key) for m in reminders} == {
        (email, key)
        for email in ("lead@ofsted.example.org", "second@cqc.example.org")
        for key in (M.ONSITE_START, M.DRAFT_LETTER_DUE, M.PUBLICATION_DUE)
    }
    assert all(not m.after_dcs for m in reminders)


def test_an_inspection_notified_some_other_way_sends_no_notification():
    messages = planned(inspection_=inspection(stage=Stage.NOTIFIED), now=AFTER_NOTIFICATION, dcs_sent=False)
    assert not {m.kind for m in messages} & {K.DCS_NOTIFICATION, K.PARTNER_NOTIFICATION, K.CONFERENCE_CALL_INVITE}


def test_after_the_dcs_was_told_someone_new_is_told_at_once_and_invited_only_to_what_is_ahead():
    messages = planned(inspection_=inspection(stage=Stage.NOTIFIED), now=AFTER_NOTIFICATION, dcs_sent=True)
    (dcs,) = of(messages, K.DCS_NOTIFICATION).values()
    assert not dcs.new_ok  # the DCS's own notification goes once
    assert all(m.new_ok for m in of(messages, K.PARTNER_NOTIFICATION).values())
    assert not any(m.new_ok for m in of(messages, K.CONFERENCE_CALL_INVITE).values())  # that call is over
    assert all(m.new_ok for m in of(messages, K.SETUP_MEETING_INVITE).values())


def test_keys_are_stable_per_place_so_a_new_leader_in_a_place_is_told_anew():
    messages = planned()
    keys = {m.recipient_email: m.key for m in messages if m.kind == K.PARTNER_NOTIFICATION}
    assert keys["chief@police.example.org"] == "r1:partner_notification:agency:1"
    assert keys["chair@lscb.example.org"] == "r1:partner_notification:lscb_chair"
    assert {m.key.split(":", 1)[0] for m in planned(round_no=2)} == {"r2"}


def test_a_move_after_notification_tells_each_told_contact_old_and_new_dates_once():
    was = area_dates(MILESTONES)
    moved = {**MILESTONES, M.ONSITE_START: MilestoneAt(D(2016, 3, 14), None)}
    told = {email: AreaTold(was, changes=1) for email in ("dcs@northshire.example.org", "chief@police.example.org")}
    messages = planned(
        inspection_=inspection(stage=Stage.NOTIFIED),
        milestones=moved,
        now=AFTER_NOTIFICATION,
        dcs_sent=True,
        area_told=told,
    )
    changed = of(messages, K.DATES_CHANGED)
    # Only those told dates that are no longer the inspection's.
    assert set(changed) == {"dcs@northshire.example.org", "chief@police.example.org"}
    police = changed["chief@police.example.org"]
    assert police.key == "r1:dates_changed:agency:1:2"
    assert police.dates["was"][M.ONSITE_START] == "2016-03-07" and police.dates["told"][M.ONSITE_START] == "2016-03-14"
    assert police.due_at == AFTER_NOTIFICATION and police.due_when_planned


def test_dates_moved_back_to_what_was_told_send_nothing():
    told = {"dcs@northshire.example.org": AreaTold(area_dates(MILESTONES))}
    messages = planned(
        inspection_=inspection(stage=Stage.NOTIFIED), now=AFTER_NOTIFICATION, dcs_sent=True, area_told=told
    )
    assert of(messages, K.DATES_CHANGED) == {}


def test_the_draft_letter_goes_to_the_dcs_the_coordinator_and_the_agency_leaders_not_the_lscb_chair():
    now = london(2016, 4, 1, 12, 0)
    messages = planned(inspection_=inspection(stage=Stage.FACTUAL_ACCURACY), now=now)
    drafts = of(messages, K.DRAFT_LETTER_SENT)
    assert set(drafts) == {
        "dcs@northshire.example.org",
        "coordinator@northshire.example.org",
        "chief@police.example.org",
        "ceo@nhs.example.org",
    }
    assert all(m.due_at == now and m.expires_at == london(2016, 4, 9, 0, 0) for m in drafts.values())


def test_no_draft_letter_message_outside_the_factual_accuracy_check():
    assert of(planned(inspection_=inspection(stage=Stage.REPORTING), now=london(2016, 4, 1)), K.DRAFT_LETTER_SENT) == {}
