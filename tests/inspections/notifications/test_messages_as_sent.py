"""Every kind of message read as its recipient's mail and calendar programs read it: the raw
bytes, parsed. The MIME tree, the calendar in both places (parsed by two iCalendar libraries),
who receives replies, the links (requested as their reader), and the wording of each change."""

import datetime
import re

import pytest
import vobject
from django.contrib.auth import get_user_model
from django.core import mail
from icalendar import Calendar

from inspections.models import ContactRole, Stage
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.emails import render
from inspections.notifications.models import MessageKind, MessageStatus
from inspections.notifications.sync import notifications_sync
from inspections.services import inspection_meetings_change
from inspections.services.contacts import contact_remove
from inspections.services.planning import inspection_reschedule
from inspections.services.stages import inspection_transition
from tests.helpers import lead_of, london, messages
from tests.sent_mail import as_sent, assert_links_work, calendar_parts, message_row, text_and_html, to, tree

K = MessageKind
pytestmark = pytest.mark.django_db
NOTIFICATION = london(2016, 2, 22, 10, 0)
DIAL_IN = "0300 123 4567, access code 81 22 93#"
VENUE = "Council House, Room 4.12, 1 High Street, Northshire"
TELEPHONE = "0300 123 1231"
AREA = ("dcs@northshire.example.org", "coordinator@northshire.example.org")
LEADERS = ("chief@police.example.org", "ceo@nhs.example.org", "chair@lscb.example.org")


@pytest.fixture
def accounts(people):
    """The DCS, the coordinator and the police leader use the service; the others do not yet."""
    users = get_user_model().objects
    for person, name in ((people.dcs, "dana"), (people.coordinator, "cora"), (people.police, "peter")):
        person.user = users.create_user(username=name, email=person.email, password="x")
        person.save()
    return people


@pytest.fixture
def inspection_with_accounts(clock, accounts):
    from tests.helpers import plan_inspection
    from tests.inspections import factories

    lead = factories.InspectorFactory(
        user__username="lead",
        user__first_name="Lena",
        user__last_name="Lead",
        user__email="lead@ofsted.example.org",
        telephone=TELEPHONE,
    )
    return plan_inspection(people=accounts, lead=lead)


def notify(clock, inspection):
    clock.move_to(NOTIFICATION)
    notifications_dispatch()
    sent = list(mail.outbox)
    mail.outbox.clear()
    return sent


# 1 and 2: invitations every calendar reads right


def test_an_invitation_is_an_alternative_text_calendar_part_and_an_ics_file(clock, inspection_with_accounts):
    sent = notify(clock, inspection_with_accounts)
    invitation = next(m for m in sent if to(m) == "chief@police.example.org" and "set-up meeting" in m.subject)
    parsed = as_sent(invitation)

    assert tree(parsed) == [
        "multipart/mixed",
        [["multipart/alternative", ["text/plain", "text/html", "text/calendar"]], "application/ics"],
    ]
    alternative, attachment = calendar_parts(parsed)
    assert alternative.get_param("method") == "REQUEST"
    # One charset parameter, not two.
    assert alternative["Content-Type"].lower().count("charset") == 1
    assert attachment.get_content_disposition() == "attachment"
    assert alternative.get_content() == attachment.get_content().decode()


@pytest.mark.parametrize("onsite_start", [datetime.date(2016, 3, 7), datetime.date(2016, 7, 4)])
def test_both_calendar_parts_give_the_meetings_instant_to_two_icalendar_libraries(clock, accounts, onsite_start):
    from tests.helpers import plan_inspection

    inspection = plan_inspection(people=accounts, onsite_start=onsite_start)
    clock.move_to(inspection.notification_at)
    notifications_dispatch()

    invitations = [m for m in mail.outbox if m.attachments]
    assert invitations
    for sent in invitations:
        starts_at = message_row(sent).event.starts_at
        for part in calendar_parts(as_sent(sent)):
            raw = part.get_content()
            raw = raw if isinstance(raw, str) else raw.decode()
            (event,) = Calendar.from_ical(raw).walk("VEVENT")
            assert event.decoded("DTSTART") == starts_at
            assert vobject.readOne(raw).vevent.dtstart.value == starts_at


def test_the_joint_feedback_meeting_gets_a_calendar_invitation_like_the_other_meetings(clock, inspection_with_accounts):
    sent = notify(clock, inspection_with_accounts)
    invited = {to(m): m for m in sent if "feedback meeting" in m.subject}
    assert set(invited) == {"dcs@northshire.example.org", *LEADERS, "lead@ofsted.example.org"}
    police = invited["chief@police.example.org"]
    assert police.subject == (
        f"{inspection_with_accounts.reference}: Invitation: joint feedback meeting with all agencies, "
        "Friday 11 March 2016 at 2pm"
    )
    parsed = as_sent(police)
    assert tree(parsed) == [
        "multipart/mixed",
        [["multipart/alternative", ["text/plain", "text/html", "text/calendar"]], "application/ics"],
    ]
    alternative, _ = calendar_parts(parsed)
    assert alternative.get_param("method") == "REQUEST"
    event = vevent(police)
    assert event.decoded("DTSTART") == london(2016, 3, 11, 14, 0)
    assert str(event["SUMMARY"]) == f"{inspection_with_accounts.reference}: Joint feedback meeting with all agencies"
    text, _ = text_and_html(parsed)
    assert "Venue: Lena Lead, the lead inspector, will tell you where it is held." in text
    assert "- Joint feedback meeting with all agencies: Friday 11 March 2016 at 2pm (an invitation follows)" in (
        next(m for m in sent if to(m) == "dcs@northshire.example.org" and "notification" in m.subject).body
    )
    assert assert_links_work(invited.values()) == len(invited)


# 3: replies reach someone


def vevent(sent):
    alternative, _ = calendar_parts(as_sent(sent))
    return Calendar.from_ical(alternative.get_content()).walk("VEVENT")[0]


def test_the_lead_organises_and_receives_the_replies(clock, inspection_with_accounts):
    sent = notify(clock, inspection_with_accounts)
    invitation = next(m for m in sent if to(m) == "ceo@nhs.example.org" and "conference call" in m.subject)
    event = vevent(invitation)
    assert str(event["ORGANIZER"]) == "mailto:lead@ofsted.example.org"
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert as_sent(invitation)["Reply-To"] == "Lena Lead <lead@ofsted.example.org>"
    assert "your reply goes to Lena Lead (lead@ofsted.example.org)" in invitation.body
    # The lead's own invitation asks nothing of them.
    own = next(m for m in sent if to(m) == "lead@ofsted.example.org" and "conference call" in m.subject)
    assert vevent(own)["ATTENDEE"].params["RSVP"] == "FALSE"


def test_a_monitored_mailbox_in_settings_organises_instead(clock, inspection_with_accounts, settings):
    settings.NOTIFICATIONS_REPLY_TO = "JTAI inspections team <jtai.team@ofsted.example.org>"
    sent = notify(clock, inspection_with_accounts)
    invitation = next(m for m in sent if to(m) == "ceo@nhs.example.org" and "conference call" in m.subject)
    assert str(vevent(invitation)["ORGANIZER"]) == "mailto:jtai.team@ofsted.example.org"
    assert as_sent(invitation)["Reply-To"] == "JTAI inspections team <jtai.team@ofsted.example.org>"


def test_where_no_reply_can_reach_anyone_none_is_asked_and_the_message_says_whom_to_tell(
    clock, inspection_with_accounts
):
    lead = lead_of(inspection_with_accounts)
    lead.email = ""
    lead.save()
    sent = notify(clock, inspection_with_accounts)
    invitation = next(m for m in sent if to(m) == "ceo@nhs.example.org" and "conference call" in m.subject)
    assert vevent(invitation)["ATTENDEE"].params["RSVP"] == "FALSE"
    assert as_sent(invitation)["Reply-To"] is None
    assert (
        "Replies from your calendar reach nobody: to say whether you can come, contact Lena Lead, the lead "
        f"inspector: {TELEPHONE}." in invitation.body
    )


def test_a_cancellation_asks_for_no_reply(clock, inspection_with_accounts):
    notify(clock, inspection_with_accounts)
    clock.move_to(london(2016, 2, 22, 11, 0))
    inspection_transition(user=lead_of(inspection_with_accounts), inspection=inspection_with_accounts, name="cancel")
    notifications_dispatch()
    cancellations = [m for m in mail.outbox if m.attachments]
    assert cancellations
    for sent in cancellations:
        alternative, _ = calendar_parts(as_sent(sent))
        assert alternative.get_param("method") == "CANCEL"
        assert "RSVP" not in vevent(sent)["ATTENDEE"].params


# 4: privacy and the real place


def test_entries_are_private_name_no_area_and_carry_the_real_dial_in_and_venue(clock, inspection_with_accounts):
    inspection_meetings_change(
        user=lead_of(inspection_with_accounts),
        inspection=inspection_with_accounts,
        conference_call_details=DIAL_IN,
        setup_meeting_venue=VENUE,
    )
    sent = notify(clock, inspection_with_accounts)
    for invitation in (m for m in sent if m.attachments):
        event = vevent(invitation)
        assert str(event["CLASS"]) == "PRIVATE"
        # The venue names the area's street; the description adds nothing beyond the reference.
        assert "Northshire" not in str(event["DESCRIPTION"]).replace(VENUE, "")
        assert "Northshire" not in str(event["SUMMARY"])
        if "feedback meeting" in invitation.subject:
            # Where it is held is not recorded on the service: the lead tells those invited.
            assert "LOCATION" not in event
        else:
            assert str(event["LOCATION"]) in (DIAL_IN, VENUE)


# 5: links that work for their reader


def test_every_link_in_every_message_reaches_a_page_its_reader_can_act_on(clock, inspection_with_accounts):
    sent = notify(clock, inspection_with_accounts)
    assert assert_links_work(sent) >= len(sent)

    # The deadline reminder, the team's reminders, then a change of dates and its updates.
    clock.move_to(london(2016, 3, 2, 9, 0))
    notifications_dispatch()
    clock.move_to(london(2016, 3, 3, 9, 0))
    notifications_dispatch()
    reminders = list(mail.outbox)
    assert {message_row(m).kind for m in reminders} == {K.CASE_AUDIT_REMINDER, K.TEAM_REMINDER}
    assert_links_work(reminders)


def test_a_recipient_without_an_account_is_sent_their_invitation_to_set_one_up(clock, inspection_with_accounts):
    sent = notify(clock, inspection_with_accounts)
    chair = next(m for m in sent if to(m) == "chair@lscb.example.org" and "notification" in m.subject)
    assert "Set up your account and see the inspection: http://localhost:8000/inspections/invitations/" in chair.body
    assert "You do not have an account for this service yet. This link is for you alone and works once, until " in (
        chair.body
    )
    police = next(m for m in sent if to(m) == "chief@police.example.org" and "notification" in m.subject)
    assert (
        f"Sign in to see the inspection: http://localhost:8000/inspections/{inspection_with_accounts.reference}/"
        in police.body
    )


def test_the_html_part_has_real_links_and_lists_not_lines_joined_by_br(clock, inspection_with_accounts):
    sent = notify(clock, inspection_with_accounts)
    dcs = next(m for m in sent if to(m) == "dcs@northshire.example.org" and "notification" in m.subject)
    _, html = text_and_html(as_sent(dcs))
    assert "<br" not in html
    assert f'<a href="http://localhost:8000/inspections/{inspection_with_accounts.reference}/"' in html
    assert ">Sign in to see the inspection</a>" in html
    assert html.count("<li") == 4


# 6: moving the week on site


def new_week(inspection, day=datetime.date(2016, 3, 14)):
    inspection_reschedule(user=lead_of(inspection), inspection=inspection, onsite_start=day)


def test_moving_the_week_tells_the_area_old_and_new_dates_in_one_message(clock, inspection_with_accounts):
    notify(clock, inspection_with_accounts)
    clock.move_to(london(2016, 2, 23, 11, 0))
    new_week(inspection_with_accounts)
    notifications_dispatch()

    changed = {to(m): m for m in mail.outbox if message_row(m).kind == K.DATES_CHANGED}
    assert set(changed) == {*AREA, *LEADERS}
    body = changed["dcs@northshire.example.org"].body
    assert changed["dcs@northshire.example.org"].subject == (
        f"{inspection_with_accounts.reference}: new dates: inspectors on site from Monday 14 March 2016"
    )
    assert (
        "- Week on site: Monday 7 March 2016 to Friday 11 March 2016 → Monday 14 March 2016 to Friday 18 March 2016"
        in body
    )
    assert "- Case audits due from the area: Friday 4 March 2016 at 5pm → Friday 11 March 2016 at 5pm" in body
    assert "- Joint set-up meeting: Monday 7 March 2016 at 9:30am → Monday 14 March 2016 at 9:30am" in body
    assert "- Joint feedback meeting with all agencies: Friday 11 March 2016 at " in body
    assert "Updated invitations for the meetings you are invited to follow separately." in body
    # The coordinator holds no invitation, and is not told of one.
    assert "Updated invitations" not in changed["coordinator@northshire.example.org"].body
    # The invitations get their updates as before.
    updates = [m for m in mail.outbox if m.attachments]
    assert {m.subject.split(": ")[1] for m in updates} == {"Updated invitation"}
    assert_links_work(mail.outbox)

    # Reminders follow the new dates.
    (audit,) = messages(inspection_with_accounts, kind=K.CASE_AUDIT_REMINDER, status=MessageStatus.SCHEDULED)
    assert audit.due_at == london(2016, 3, 9, 9, 0)

    # A re-sync sends nothing twice.
    mail.outbox.clear()
    notifications_sync(inspection=inspection_with_accounts)
    notifications_dispatch()
    assert mail.outbox == []


def test_a_second_move_is_told_from_the_dates_last_told_and_a_move_back_before_it_went_sends_nothing(
    clock, inspection_with_accounts
):
    notify(clock, inspection_with_accounts)
    clock.move_to(london(2016, 2, 23, 11, 0))
    new_week(inspection_with_accounts)
    notifications_dispatch()
    mail.outbox.clear()

    new_week(inspection_with_accounts, datetime.date(2016, 3, 21))
    (pending,) = messages(
        inspection_with_accounts, kind=K.DATES_CHANGED, status=MessageStatus.SCHEDULED, recipient_email=AREA[0]
    )
    assert pending.dates["was"]["onsite_start"] == "2016-03-14"
    new_week(inspection_with_accounts, datetime.date(2016, 3, 14))  # back before it went
    assert messages(inspection_with_accounts, kind=K.DATES_CHANGED, status=MessageStatus.SCHEDULED) == []

    new_week(inspection_with_accounts, datetime.date(2016, 3, 21))
    notifications_dispatch()
    changed = [m for m in mail.outbox if message_row(m).kind == K.DATES_CHANGED]
    assert len(changed) == 5
    # Five working days from Monday 21 March 2016 run to Tuesday 29th, over Easter.
    assert "Monday 14 March 2016 to Friday 18 March 2016 → Monday 21 March 2016 to Tuesday 29 March 2016" in (
        changed[0].body
    )


def test_moving_the_week_before_notification_tells_nobody(clock, inspection_with_accounts):
    new_week(inspection_with_accounts)
    assert messages(inspection_with_accounts, kind=K.DATES_CHANGED) == []


# 7: the coordinator


def test_a_recorded_coordinator_is_told_in_their_own_message_and_the_dcs_is_not_asked_to_nominate(
    clock, inspection_with_accounts
):
    sent = notify(clock, inspection_with_accounts)
    dcs = next(m for m in sent if to(m) == "dcs@northshire.example.org" and "notification" in m.subject)
    assert "Please nominate a DCS coordinator" not in dcs.body
    assert "Your DCS coordinator, Cora Coordinator, is told too" in dcs.body
    (coordinator,) = [m for m in sent if to(m) == "coordinator@northshire.example.org"]
    assert message_row(coordinator).kind == K.COORDINATOR_NOTIFICATION
    assert "You are recorded as the DCS coordinator" in coordinator.body
    assert "- Case audits due from the area: Friday 4 March 2016 at 5pm" in coordinator.body


def test_without_a_coordinator_the_dcs_is_asked_to_nominate_one(clock, inspection_with_accounts):
    contact_remove(
        user=lead_of(inspection_with_accounts),
        contact=inspection_with_accounts.contacts.get(role=ContactRole.DCS_COORDINATOR),
    )
    sent = notify(clock, inspection_with_accounts)
    dcs = next(m for m in sent if to(m) == "dcs@northshire.example.org" and "notification" in m.subject)
    assert "Please nominate a DCS coordinator" in dcs.body
    assert not any(to(m) == "coordinator@northshire.example.org" for m in sent)


@pytest.mark.parametrize("name", ["cancel", "postpone"])
def test_everyone_told_hears_of_a_cancellation_or_postponement_once(clock, inspection_with_accounts, name):
    notify(clock, inspection_with_accounts)
    clock.move_to(london(2016, 2, 23, 11, 0))
    inspection_transition(user=lead_of(inspection_with_accounts), inspection=inspection_with_accounts, name=name)
    notifications_dispatch()
    notifications_sync(inspection=inspection_with_accounts)
    notifications_dispatch()

    kind = K.INSPECTION_CANCELLED if name == "cancel" else K.INSPECTION_POSTPONED
    notices = {to(m): m for m in mail.outbox if message_row(m).kind == kind}
    assert len(notices) == len([m for m in mail.outbox if message_row(m).kind == kind])  # once each
    assert set(notices) == {*AREA, *LEADERS, "lead@ofsted.example.org"}
    meeting = next(m for m in mail.outbox if m.attachments)
    if name == "cancel":
        for sent in (*notices.values(), meeting):
            assert "new dates" not in sent.body
        assert "is cancelled and will not take place" in notices[AREA[1]].body
    else:
        assert "You will be told the new dates when they are set." in notices[AREA[1]].body
        assert "you will be told the new dates when they are set" in meeting.body
    assert "Each meeting still ahead that you were invited to is cancelled in a separate message." in (
        notices[AREA[0]].body
    )
    assert "cancelled in a separate message" not in notices[AREA[1]].body  # the coordinator held none


def test_an_inspection_cancelled_before_notification_tells_nobody(clock, inspection_with_accounts):
    inspection_transition(user=lead_of(inspection_with_accounts), inspection=inspection_with_accounts, name="cancel")
    clock.move_to(NOTIFICATION)
    notifications_dispatch()
    assert mail.outbox == []


# 8: a named contact


def test_every_message_to_the_area_names_the_lead_with_how_to_reach_them(clock, inspection_with_accounts):
    sent = notify(clock, inspection_with_accounts)
    contact = (
        f"Your contact for this inspection is Lena Lead, the lead inspector: lead@ofsted.example.org, {TELEPHONE}."
    )
    to_area = [m for m in sent if not message_row(m).inspector_id]
    assert {to(m) for m in to_area} == {*AREA, *LEADERS}
    for message in to_area:
        assert contact in message.body, message.subject


def test_the_lead_is_asked_to_record_the_details_not_told_they_will_send_them(clock, inspection_with_accounts):
    sent = notify(clock, inspection_with_accounts)
    own = [m for m in sent if to(m) == "lead@ofsted.example.org"]
    assert own
    for message in own:
        assert "the lead inspector will send" not in message.body.lower()
        assert "Lena Lead, the lead inspector, will send" not in message.body
    setup = next(m for m in own if "set-up meeting" in m.subject)
    assert "Venue: not recorded yet. Record the venue on the inspection's page" in setup.body
    feedback = next(m for m in own if "feedback meeting" in m.subject)
    assert "Venue: not recorded on the service: tell everyone invited where it is held." in feedback.body


# 9: wording


def all_kinds_sent(clock, inspection) -> list:
    sent = notify(clock, inspection)
    clock.move_to(london(2016, 2, 23, 11, 0))
    new_week(inspection)
    notifications_dispatch()
    clock.move_to(london(2016, 3, 9, 9, 0))
    notifications_dispatch()
    clock.move_to(london(2016, 3, 10, 9, 0))
    notifications_dispatch()
    clock.move_to(london(2016, 3, 10, 10, 0))
    inspection_transition(user=lead_of(inspection), inspection=inspection, name="postpone")
    notifications_dispatch()
    return sent + list(mail.outbox)


def test_no_lower_cased_labels_double_full_stops_or_second_time_format(clock, inspection_with_accounts):
    sent = all_kinds_sent(clock, inspection_with_accounts)
    kinds = {message_row(m).kind for m in sent}
    assert kinds >= {
        K.DCS_NOTIFICATION,
        K.COORDINATOR_NOTIFICATION,
        K.PARTNER_NOTIFICATION,
        K.CONFERENCE_CALL_INVITE,
        K.SETUP_MEETING_INVITE,
        K.DATES_CHANGED,
        K.CASE_AUDIT_REMINDER,
        K.TEAM_REMINDER,
        K.MEETING_CANCELLED,
        K.INSPECTION_POSTPONED,
    }
    for message in sent:
        for text in (message.subject, message.body):
            assert "the dcs" not in text.lower().replace("the dcs coordinator", "").replace("the dcs's", "") or (
                "the DCS" in text
            )
            assert not re.search(r"\bdcs\b", text), text
            assert ".." not in text, text
            assert not re.search(r"\d:\d\d ?[ap]\.m\.|\d:00 ?[ap]m|\d\d:\d\d\b", text), text
            assert "ofsted-only" not in text


def test_the_ofsted_only_kind_keeps_its_capital(clock, accounts):
    from tests.helpers import plan_inspection

    inspection = plan_inspection(people=accounts, framework="ofsted-targeted-2016")
    (dcs,) = messages(inspection, kind=K.DCS_NOTIFICATION)
    email_ = render(dcs)
    assert "notification of an Ofsted-only targeted inspection of Northshire" in email_.subject
    assert "This is formal notification of an Ofsted-only targeted inspection of Northshire" in email_.body
    assert inspection.stage == Stage.PLANNED
