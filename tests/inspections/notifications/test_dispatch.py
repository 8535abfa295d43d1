"""The dispatcher with a frozen clock: what goes when, in what order, and what happens when
sending fails, a dispatcher dies mid-send, or two run at once."""

import collections
import datetime
import smtplib
import threading
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_ratelimit.core import _get_window

from inspections.models import Stage
from inspections.notifications import dispatch, transports
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import Message, MessageKind, MessageStatus
from inspections.notifications.services import notification_resend
from inspections.services.contacts import contact_add
from inspections.services.planning import inspection_reschedule
from inspections.services.stages import inspection_transition
from tests.helpers import area_with_people, london, messages, plan_inspection
from tests.inspections import factories

K = MessageKind
pytestmark = pytest.mark.django_db
NOTIFICATION = london(2016, 2, 22, 10, 0)


def recipients(outbox):
    return [m.to[0].rsplit("<", 1)[-1].rstrip(">") for m in outbox]


def test_nothing_is_sent_before_the_notification_time(clock, planned_inspection):
    clock.move_to(NOTIFICATION - datetime.timedelta(seconds=1))

    notifications_dispatch()

    assert mail.outbox == []
    planned_inspection.refresh_from_db()
    assert planned_inspection.stage == Stage.PLANNED


def test_at_the_notification_time_the_dcs_goes_first_then_the_leaders_then_invitations(clock, planned_inspection):
    clock.move_to(NOTIFICATION)

    result = notifications_dispatch()

    sent = recipients(mail.outbox)
    assert sent[0] == "dcs@northshire.example.org"
    kinds = [m.extra_headers["X-JTAI-Message"] for m in mail.outbox]
    order = [planned_inspection.messages.get(pk=int(pk)).kind for pk in kinds]
    assert order == sorted(order, key=lambda k: dispatch_priority(k))
    assert set(sent[1:5]) == {
        "coordinator@northshire.example.org",
        "chief@police.example.org",
        "ceo@nhs.example.org",
        "chair@lscb.example.org",
    }
    assert result.sent == len(mail.outbox) == 1 + 1 + 3 + 5 + 5 + 5
    assert all(m.subject.startswith(planned_inspection.reference) for m in mail.outbox)
    planned_inspection.refresh_from_db()
    assert planned_inspection.stage == Stage.NOTIFIED
    change = planned_inspection.stage_changes.get(to_stage=Stage.NOTIFIED)
    assert change.by is None
    due_then = Message.objects.filter(inspection=planned_inspection, due_at__lte=NOTIFICATION)
    assert set(due_then.values_list("status", flat=True)) == {MessageStatus.SENT}


def dispatch_priority(kind):
    from inspections.notifications.plan import PRIORITY

    return PRIORITY[kind]


def test_invitations_carry_an_ics_in_london_time(clock, planned_inspection):
    clock.move_to(NOTIFICATION)
    notifications_dispatch()

    invite = next(m for m in mail.outbox if "conference call" in m.subject)
    name, content, mimetype = invite.attachments[0]
    text = content.decode() if isinstance(content, bytes) else content
    assert name == "invite.ics"
    assert mimetype == "application/ics"  # the text/calendar; method=REQUEST part is an alternative
    assert "METHOD:REQUEST" in text
    assert "DTSTART;TZID=Europe/London:20160222T140000" in text
    assert "SEQUENCE:0" in text
    assert f"UID:{planned_inspection.reference}-conference-call@jtai.notifications" in text
    assert invite.alternatives[0][1] == "text/html"


def test_what_the_area_is_told_keeps_the_team_internal(clock, planned_inspection):
    clock.move_to(NOTIFICATION)
    notifications_dispatch()

    police = next(
        m for m in mail.outbox if m.to[0].endswith("<chief@police.example.org>") and "notification" in m.subject
    )
    assert planned_inspection.reference in police.body
    assert "Northshire Police" in police.body
    # Not the other agencies' people; the lead inspector is named as the contact, on purpose.
    assert "lead@ofsted.example.org" in police.body
    for secret in ("ceo@nhs.example.org", "dcs@northshire.example.org"):
        assert secret not in police.body


def test_a_missing_dcs_is_a_clear_failure_and_nobody_else_is_told(clock, people):
    people.dcs.delete()
    inspection = plan_inspection(people=people)
    clock.move_to(NOTIFICATION)

    notifications_dispatch()

    assert mail.outbox == []
    (dcs,) = messages(inspection, kind=K.DCS_NOTIFICATION)
    assert dcs.status == MessageStatus.FAILED
    assert dcs.last_error.startswith(f"No Director of Children's Services is recorded for {inspection.reference}")
    waiting = Message.objects.filter(kind=K.PARTNER_NOTIFICATION).values_list("status", flat=True)
    assert set(waiting) == {MessageStatus.SCHEDULED}
    inspection.refresh_from_db()
    assert inspection.stage == Stage.PLANNED

    # The lead records the DCS and resends: everyone is told, the DCS first.
    lead = inspection.team.get().inspector.user
    dana = factories.PersonFactory(name="Dana Director", email="dcs@northshire.example.org", area=people.area)
    contact_add(user=lead, inspection=inspection, person=dana, role="dcs")
    dcs.refresh_from_db()
    notification_resend(user=lead, message=dcs)
    notifications_dispatch()

    assert recipients(mail.outbox)[0] == "dcs@northshire.example.org"
    assert len(mail.outbox) == 1 + 1 + 3 + 5 + 5 + 5  # the new DCS is invited too
    inspection.refresh_from_db()
    assert inspection.stage == Stage.NOTIFIED


def test_transport_errors_are_retried_with_backoff_then_fail_for_the_lead(clock, planned_inspection, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    settings.NOTIFICATIONS_RETRY_SECONDS = 60
    clock.move_to(NOTIFICATION)
    broken = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    )
    with broken:
        notifications_dispatch()
        (dcs,) = messages(planned_inspection, kind=K.DCS_NOTIFICATION)
        assert (dcs.status, dcs.attempts) == (MessageStatus.SCHEDULED, 1)
        assert dcs.next_attempt_at == NOTIFICATION + datetime.timedelta(minutes=1)
        assert "Connection unexpectedly closed" in dcs.last_error

        clock.move_to(NOTIFICATION + datetime.timedelta(seconds=59))
        notifications_dispatch()
        dcs.refresh_from_db()
        assert dcs.attempts == 1  # not before its backoff is over

        clock.move_to(NOTIFICATION + datetime.timedelta(minutes=1))
        notifications_dispatch()
        dcs.refresh_from_db()
        assert dcs.next_attempt_at == NOTIFICATION + datetime.timedelta(minutes=3)  # twice as long

        clock.move_to(NOTIFICATION + datetime.timedelta(minutes=3))
        notifications_dispatch()
        dcs.refresh_from_db()
        assert dcs.status == MessageStatus.FAILED
        assert dcs.last_error.startswith("Not sent after 3 tries.")

    lead = planned_inspection.team.get().inspector.user
    notification_resend(user=lead, message=dcs)
    notifications_dispatch()
    dcs.refresh_from_db()
    assert dcs.status == MessageStatus.SENT
    assert recipients(mail.outbox)[0] == "dcs@northshire.example.org"


def test_only_the_lead_or_a_manager_may_resend(clock, planned_inspection):
    from django.core.exceptions import PermissionDenied

    (dcs,) = messages(planned_inspection, kind=K.DCS_NOTIFICATION)
    dcs.status = MessageStatus.FAILED
    dcs.save()
    other = factories.InspectorFactory()
    with pytest.raises(PermissionDenied):
        notification_resend(user=other.user, message=dcs)
    with pytest.raises(ValueError, match="Only a failed message can be resent"):
        notification_resend(user=planned_inspection.team.get().inspector.user, message=messages(planned_inspection)[1])


def test_two_dispatchers_never_claim_the_same_message(clock, planned_inspection):
    clock.move_to(NOTIFICATION + datetime.timedelta(days=30))  # every reminder due too
    planned_inspection.messages.update(after=None, expires_at=None)

    first = dispatch.claim(batch_size=5)
    second = dispatch.claim(batch_size=100)

    assert len(first) == 5
    assert not {m.pk for m in first} & {m.pk for m in second}
    assert dispatch.claim(batch_size=100) == []


def test_a_dispatcher_that_died_mid_send_is_taken_over_when_its_lease_runs_out(clock, planned_inspection, settings):
    """At-least-once: the row claimed by a dead dispatcher is sent again, with the same
    Message-ID, once the lease expires; never while the lease holds."""
    settings.NOTIFICATIONS_LEASE_SECONDS = 300
    clock.move_to(NOTIFICATION)
    (dead,) = dispatch.claim(batch_size=1)  # claimed, then the process "died"
    assert dead.kind == K.DCS_NOTIFICATION

    clock.move_to(NOTIFICATION + datetime.timedelta(seconds=299))
    notifications_dispatch()
    assert mail.outbox == []  # the lease still holds; the others wait for the DCS

    clock.move_to(NOTIFICATION + datetime.timedelta(seconds=301))
    notifications_dispatch()
    dcs_mail = [m for m in mail.outbox if m.extra_headers["X-JTAI-Message"] == str(dead.pk)]
    assert len(dcs_mail) == 1
    assert dcs_mail[0].extra_headers["Message-ID"] == dead.message_id
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (MessageStatus.SENT, 2)


def test_a_late_finisher_cannot_overwrite_the_dispatcher_that_took_over(clock, planned_inspection, settings):
    clock.move_to(NOTIFICATION)
    (stale,) = dispatch.claim(batch_size=1)
    clock.move_to(NOTIFICATION + datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS + 1))
    (fresh,) = dispatch.claim(batch_size=1)
    assert fresh.pk == stale.pk

    assert dispatch._record_sent(stale) is False
    assert dispatch._record_sent(fresh) is True


def test_a_late_finisher_of_any_message_cannot_mark_it_sent_for_the_one_that_took_over(
    clock, planned_inspection, settings
):
    """Messages other than the DCS's are marked sent by one hand-written UPDATE: it too holds
    only while our claim does."""
    later = NOTIFICATION + datetime.timedelta(days=30)
    clock.move_to(later)
    planned_inspection.messages.update(after=None, expires_at=None)
    planned_inspection.messages.filter(kind=K.DCS_NOTIFICATION).delete()
    (stale,) = dispatch.claim(batch_size=1)
    clock.move_to(later + datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS + 1))
    (fresh,) = dispatch.claim(batch_size=1)
    assert fresh.pk == stale.pk

    assert dispatch._record_sent(stale) is False
    assert Message.objects.get(pk=stale.pk).status == MessageStatus.SENDING
    assert dispatch._record_sent(fresh) is True
    sent = Message.objects.get(pk=stale.pk)
    assert (sent.status, sent.sent_at, sent.claimed_until) == (MessageStatus.SENT, timezone.now(), None)


def _team_reminders(inspections, count):
    Message.objects.bulk_create(
        Message(
            inspection=inspections[n % len(inspections)],
            kind=K.TEAM_REMINDER,
            key=f"burst:{n}",
            milestone_key="onsite_start",
            recipient_name=f"Inspector {n}",
            recipient_email=f"inspector{n}@ofsted.example.org",
            due_at=NOTIFICATION,
        )
        for n in range(count)
    )


def _batch_queries(count, inspections):
    """The queries one batch of `count` team reminders runs, without the per-message sent marks."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Message.objects.filter(key__startswith="burst:").delete()
    _team_reminders(inspections, count)
    with CaptureQueriesContext(connection) as captured:
        result = notifications_dispatch(batch_size=count)
    assert result.sent == count
    marks = [q["sql"] for q in captured if q["sql"].startswith('UPDATE "notifications_message" SET "status" = ')]
    assert len(marks) == count  # each message is marked on its own, as soon as it is accepted
    # Each mark's own transaction (a savepoint inside the test's) comes with it.
    alone = ("SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL synchronous_commit")
    return [q["sql"] for q in captured if q["sql"] not in marks and not q["sql"].startswith(alone)]


def test_a_burst_reads_what_a_batch_needs_in_the_same_queries_however_many_messages(clock, people, settings):
    """Rendering reads the lead inspector, DCS and coordinator once per batch, not per message:
    besides each message's own sent mark, a batch of 40 runs the queries a batch of 4 does."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    north = plan_inspection(people=people)
    south = plan_inspection(
        people=area_with_people(name="Southshire"), lead=factories.InspectorFactory(user__username="south-lead")
    )
    for inspection in (north, south):
        inspection.messages.all().delete()
    clock.move_to(NOTIFICATION)

    few = _batch_queries(4, [north, south])
    many = _batch_queries(40, [north, south])

    assert len(many) == len(few)
    assert len(mail.outbox) == 44
    dear = {m.body.split(",")[0] for m in mail.outbox}
    assert len(dear) == 40  # each recipient by name
    areas = {north.reference: "Northshire", south.reference: "Southshire"}
    assert all(areas[m.extra_headers["X-JTAI-Reference"]] in m.body for m in mail.outbox)


def test_a_rescheduled_inspection_sends_at_the_new_time_not_the_old(clock, planned_inspection):
    inspection_reschedule(
        user=planned_inspection.team.get().inspector.user,
        inspection=planned_inspection,
        onsite_start=datetime.date(2016, 3, 14),
    )

    clock.move_to(NOTIFICATION)
    notifications_dispatch()
    assert mail.outbox == []

    clock.move_to(london(2016, 2, 29, 10))
    notifications_dispatch()
    assert recipients(mail.outbox)[0] == "dcs@northshire.example.org"
    setup = next(m for m in mail.outbox if "set-up meeting" in m.subject)
    assert "Monday 14 March 2016" in setup.subject


def test_moving_dates_after_notification_sends_updated_invitations(clock, planned_inspection):
    clock.move_to(NOTIFICATION)
    notifications_dispatch()
    mail.outbox.clear()

    inspection_reschedule(
        user=planned_inspection.team.get().inspector.user,
        inspection=planned_inspection,
        onsite_start=datetime.date(2016, 3, 14),
    )
    notifications_dispatch()

    invitations = [m for m in mail.outbox if m.attachments]
    assert {m.subject.split(": ", 1)[1].split(":")[0] for m in invitations} == {"Updated invitation"}
    # The set-up and feedback meetings, each to the four local leaders and the lead.
    assert len(invitations) == 10
    # The area (the coordinator too) is told the new dates in one message each.
    assert len(mail.outbox) - len(invitations) == 5
    text = invitations[0].attachments[0][1]
    text = text.decode() if isinstance(text, bytes) else text
    assert "SEQUENCE:1" in text
    assert "DTSTART;TZID=Europe/London:20160314T093000" in text


def test_cancelling_after_notification_cancels_the_meetings_in_calendars(clock, planned_inspection):
    clock.move_to(NOTIFICATION + datetime.timedelta(hours=5))  # the call is over, the set-up meeting ahead
    notifications_dispatch()
    mail.outbox.clear()

    inspection_transition(
        user=planned_inspection.team.get().inspector.user, inspection=planned_inspection, name="cancel"
    )
    notifications_dispatch()

    cancellations = [m for m in mail.outbox if m.attachments]
    assert len(cancellations) == 10  # the set-up and the feedback meetings, to five each
    assert all(
        "Cancelled: joint set-up meeting" in m.subject or "Cancelled: joint feedback meeting" in m.subject
        for m in cancellations
    )
    # Everyone told (the coordinator included) hears that the inspection is cancelled.
    assert len(mail.outbox) - len(cancellations) == 6
    text = cancellations[0].attachments[0][1]
    text = text.decode() if isinstance(text, bytes) else text
    assert "METHOD:CANCEL" in text and "SEQUENCE:1" in text and "STATUS:CANCELLED" in text
    assert not planned_inspection.messages.filter(status=MessageStatus.SCHEDULED).exists()


def test_a_message_whose_moment_passed_fails_instead_of_going_late(clock, planned_inspection):
    clock.move_to(london(2016, 3, 7, 12))  # on site already; nobody ran the dispatcher

    notifications_dispatch()

    (dcs,) = messages(planned_inspection, kind=K.DCS_NOTIFICATION)
    assert dcs.status == MessageStatus.FAILED
    assert dcs.last_error == (
        "Not sent: it was due Monday 22 February 2016 at 10am, but had not gone by the start of Monday 7 March 2016, "
        "the time it is about, so it would arrive too late."
    )


def test_the_command_runs_the_dispatcher_once(clock, planned_inspection, capsys):
    clock.move_to(NOTIFICATION)

    call_command("send_due_notifications")

    assert "Sent 20, to retry later 0, failed 0." in capsys.readouterr().out
    assert len(mail.outbox) == 20


def test_a_refused_connection_puts_the_batch_back_with_backoff_and_starts_no_other_dispatcher(
    clock, planned_inspection, settings
):
    settings.NOTIFICATIONS_RETRY_SECONDS = 60
    clock.move_to(NOTIFICATION + datetime.timedelta(days=30))  # every reminder due too
    planned_inspection.messages.update(after=None, expires_at=None)
    started = []
    refused = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.open",
        side_effect=smtplib.SMTPConnectError(421, b"Too many connections, try again later"),
        create=True,
    )

    with refused:
        result = notifications_dispatch(batch_size=5, on_full_batch=lambda: started.append("another"))

    assert mail.outbox == []
    assert started == []  # no second dispatcher while the server refuses
    assert (result.batches, result.retried, result.refused) == (1, 5, True)  # and no second batch
    tried = Message.objects.filter(inspection=planned_inspection, attempts__gt=0)
    assert tried.count() == 5
    for message in tried:
        assert (message.status, message.attempts) == (MessageStatus.SCHEDULED, 1)
        assert message.last_error.startswith("SMTPConnectError: (421")
        assert message.next_attempt_at == NOTIFICATION + datetime.timedelta(days=30, minutes=1)
    assert not Message.objects.filter(status=MessageStatus.SENDING).exists()

    # Once the server takes connections again, the retry sends them: the DCS's first.
    clock.move_to(NOTIFICATION + datetime.timedelta(days=30, minutes=1))
    notifications_dispatch(batch_size=5)
    dcs = planned_inspection.messages.get(kind=K.DCS_NOTIFICATION)
    assert (dcs.status, dcs.attempts, dcs.last_error) == (MessageStatus.SENT, 2, "")
    assert recipients(mail.outbox)[0] == "dcs@northshire.example.org"


def test_a_slow_mail_server_cannot_make_the_lease_lapse_mid_batch(clock, planned_inspection, settings):
    """Four seconds a message, five messages a batch, a 10-s lease: the batch outlasts its lease
    twice over, yet another dispatcher claiming at every moment gets none of it."""
    from django.core.mail.backends import locmem

    settings.NOTIFICATIONS_LEASE_SECONDS = 10
    clock.move_to(NOTIFICATION + datetime.timedelta(days=30))
    planned_inspection.messages.update(after=None, expires_at=None)
    first_batch = [m.pk for m in messages(planned_inspection, status=MessageStatus.SCHEDULED)[:5]]
    taken_by_another = []
    send = locmem.EmailBackend.send_messages

    def slow_send(backend, emails):
        clock.shift(4)
        taken_by_another.extend(m.pk for m in dispatch.claim(batch_size=100))
        return send(backend, emails)

    with mock.patch.object(locmem.EmailBackend, "send_messages", slow_send):
        notifications_dispatch(batch_size=5, time_budget=1)  # one batch

    assert not set(first_batch) & set(taken_by_another)
    sent = [int(m.extra_headers["X-JTAI-Message"]) for m in mail.outbox]
    assert sent == first_batch
    assert set(Message.objects.filter(pk__in=first_batch).values_list("status", flat=True)) == {MessageStatus.SENT}


def test_a_message_that_cannot_be_prepared_is_retried_alone_and_the_rest_go(clock, planned_inspection, caplog):
    clock.move_to(NOTIFICATION)
    broken, *others = messages(planned_inspection, kind=K.PARTNER_NOTIFICATION)
    render = dispatch.emails.render

    def render_or_break(message, facts=None):
        if message.pk == broken.pk:
            raise ValueError("a template fault")
        return render(message, facts)

    with mock.patch.object(dispatch.emails, "render", side_effect=render_or_break):
        result = notifications_dispatch()

    broken.refresh_from_db()
    assert (broken.status, broken.attempts) == (MessageStatus.SCHEDULED, 1)
    assert broken.last_error == "ValueError: a template fault"
    assert broken.next_attempt_at == NOTIFICATION + datetime.timedelta(minutes=1)
    assert result.retried == 1 and result.sent == len(mail.outbox) > len(others)
    assert recipients(mail.outbox)[0] == "dcs@northshire.example.org"
    assert all(m.status == MessageStatus.SENT for m in Message.objects.filter(pk__in=[o.pk for o in others]))
    assert f"Could not prepare message {broken.pk}" in caplog.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="synchronous_commit is PostgreSQL's")
def test_only_a_batchs_sent_marks_skip_the_wal_flush_and_the_dcs_notification_does_not(clock, planned_inspection):
    def synchronous_commit():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    seen = {}
    send = mail.get_connection().__class__.send_messages
    transition = dispatch.inspection_transition

    def sending(backend, emails):
        seen.setdefault("sending", set()).add(synchronous_commit())
        return send(backend, emails)

    def moving_on(**kwargs):
        seen["dcs notified"] = synchronous_commit()
        return transition(**kwargs)

    clock.move_to(NOTIFICATION)
    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", sending),
        mock.patch.object(dispatch, "inspection_transition", side_effect=moving_on),
    ):
        notifications_dispatch()

    assert seen == {"sending": {"off"}, "dcs notified": "on"}
    assert synchronous_commit() == "on"


# Through GOV.UK Notify: requests in flight at once, within the rate limit


def notify_error(status: int, body: dict):
    """The error Notify's client raises for an HTTP answer of `status`."""
    import json

    import requests
    from notifications_python_client.errors import HTTPError

    response = requests.models.Response()
    response.status_code, response._content = status, json.dumps(body).encode()
    return HTTPError(response)


class FakeNotify:
    """Notify's client as the dispatcher sees it: each request takes a moment, and we note how many
    were in flight at once and who was sent what, in the order Notify took them."""

    def __init__(self, fail_for=(), moment=0.05):
        self.lock = threading.Lock()
        self.in_flight = self.most_at_once = 0
        self.sent: list[str] = []
        self.fail_for = set(fail_for)
        self.invalid: set[str] = set()
        self.moment = moment

    def client(self, api_key):
        return self

    def send_email_notification(self, *, email_address, template_id, personalisation, reference):
        with self.lock:
            self.in_flight += 1
            self.most_at_once = max(self.most_at_once, self.in_flight)
        try:
            time.sleep(self.moment)
            if email_address in self.fail_for:
                raise ConnectionError("Notify did not answer")
            if email_address in self.invalid:
                raise notify_error(
                    400, {"errors": [{"error": "ValidationError", "message": "Not a valid email address"}]}
                )
            with self.lock:
                self.sent.append(email_address)
        finally:
            with self.lock:
                self.in_flight -= 1


@pytest.fixture
def notify(settings):
    settings.GOVUK_NOTIFY_API_KEY = "test-key"
    settings.GOVUK_NOTIFY_TEMPLATE_ID = "template-id"
    settings.GOVUK_NOTIFY_CONCURRENCY = 3
    fake = FakeNotify()
    with mock.patch("notifications_python_client.notifications.NotificationsAPIClient", fake.client):
        yield fake


def test_through_notify_a_dispatcher_keeps_several_requests_in_flight_and_marks_each_once(
    clock, planned_inspection, notify
):
    clock.move_to(NOTIFICATION)

    result = notifications_dispatch()

    sent = Message.objects.filter(inspection=planned_inspection, status=MessageStatus.SENT)
    assert result.sent == sent.count() == len(notify.sent) == 20
    assert sorted(notify.sent) == sorted(m.recipient_email for m in sent)
    assert notify.most_at_once == 3
    assert notify.sent[0] == "dcs@northshire.example.org"  # the DCS's batch holds nothing else of the area's


def test_through_notify_a_failed_request_is_a_failed_try_for_its_message_alone(clock, planned_inspection, notify):
    notify.fail_for = {"chief@police.example.org"}
    clock.move_to(NOTIFICATION)

    result = notifications_dispatch()

    failed = Message.objects.filter(inspection=planned_inspection, recipient_email="chief@police.example.org")
    assert len(failed) == 4  # the notification and three invitations
    assert {(m.status, m.attempts, m.last_error) for m in failed} == {
        (MessageStatus.SCHEDULED, 1, "ConnectionError: Notify did not answer")
    }
    assert result.retried == 4 and result.sent == 16 == len(notify.sent)


def test_through_notify_a_message_refused_as_invalid_fails_at_once_and_the_rest_go(clock, planned_inspection, notify):
    notify.invalid = {"chief@police.example.org"}
    clock.move_to(NOTIFICATION)

    result = notifications_dispatch()

    refused = Message.objects.filter(inspection=planned_inspection, recipient_email="chief@police.example.org")
    assert {(m.status, m.attempts) for m in refused} == {(MessageStatus.FAILED, 1)}
    assert "Not a valid email address" in refused.first().last_error
    assert result.failed == 4 and result.sent == 16 == len(notify.sent)


def test_through_notify_every_dispatcher_together_keeps_within_the_rate_limit(
    clock, planned_inspection, notify, settings
):
    settings.GOVUK_NOTIFY_RATE = "4/m"
    notify.moment = 0
    windows = []
    send = notify.send_email_notification

    def noting_when(**kwargs):
        # The limiter's fixed window this request went in (django-ratelimit offsets each key's windows).
        windows.append(_get_window("service", 60))
        return send(**kwargs)

    notify.send_email_notification = noting_when
    clock.move_to(NOTIFICATION)
    # Waiting for the next window moves the frozen clock on, as the wait would.
    with mock.patch.object(transports.time, "sleep", side_effect=lambda s: clock.shift(datetime.timedelta(seconds=s))):
        result = notifications_dispatch(time_budget=3600)

    assert result.sent == 20
    per_window = collections.Counter(windows)
    assert max(per_window.values()) == 4
    assert len(per_window) == 5  # 20 messages at 4 a minute take five windows
