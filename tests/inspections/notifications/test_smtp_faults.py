"""A real SMTP server that misbehaves, one fault at a time: who gets which message, how many
times, and what the team sees on the inspection page.

A temporary fault (a refused or cut connection, a timeout, a 4xx) is a failed try, retried with
the backoff; a permanent refusal (5xx) of a recipient or a message fails that message at once,
for the lead to see and resend; no fault sends anything twice or holds up anyone else's mail."""

import collections
import datetime
import socket

import pytest
from django.urls import reverse

from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import Message, MessageStatus
from tests.helpers import london

pytestmark = pytest.mark.django_db
DUE = london(2016, 3, 23, 10, 0)  # a month after the notification


@pytest.fixture
def all_due(clock, planned_inspection, settings, sink):
    """The inspection's messages due by now (two dozen), none waiting for another."""
    settings.NOTIFICATIONS_RETRY_SECONDS = 60
    clock.move_to(DUE)
    planned_inspection.messages.update(after=None, expires_at=None)
    return list(planned_inspection.messages.filter(due_at__lte=DUE).order_by("due_at", "priority", "pk"))


def delivered(sink) -> collections.Counter:
    """How many times the server accepted each message row."""
    return collections.Counter(int(item.jtai_message) for item in sink.snapshot())


def status(message) -> tuple:
    message.refresh_from_db()
    return message.status, message.attempts


def test_a_recipient_refused_for_good_fails_at_once_for_the_team_to_see_and_the_rest_go_once(
    client, clock, planned_inspection, all_due, sink, lead
):
    refused = next(m for m in all_due if m.recipient_email != all_due[0].recipient_email)
    address = refused.recipient_email
    to_refused = [m for m in all_due if m.recipient_email == address]
    others = [m for m in all_due if m.recipient_email != address]
    sink.refuse_recipient(address, "550 5.1.1 No such mailbox here")

    notifications_dispatch()

    for message in to_refused:
        message.refresh_from_db()
        assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
        assert "550" in message.last_error and "No such mailbox here" in message.last_error
    assert delivered(sink) == {m.pk: 1 for m in others}

    client.force_login(lead)
    page = client.get(reverse("inspections:detail", args=[planned_inspection.reference])).content.decode()
    assert f"{len(to_refused)} messages were not sent" in page
    assert "No such mailbox here" in page

    clock.shift(datetime.timedelta(days=1))
    notifications_dispatch()
    assert delivered(sink) == {m.pk: 1 for m in others}


def test_a_recipient_refused_for_now_is_retried_after_the_backoff_and_gets_the_message_once(clock, all_due, sink):
    first, *rest = all_due
    sink.refuse_recipient(first.recipient_email, "450 4.2.1 Mailbox busy, try later", times=1)

    notifications_dispatch()

    first.refresh_from_db()
    assert (first.status, first.attempts) == (MessageStatus.SCHEDULED, 1)
    assert first.next_attempt_at == DUE + datetime.timedelta(seconds=60)
    assert "450" in first.last_error
    assert delivered(sink) == {m.pk: 1 for m in rest}

    clock.shift(datetime.timedelta(seconds=60))
    notifications_dispatch()
    assert status(first) == (MessageStatus.SENT, 2)
    assert delivered(sink) == {m.pk: 1 for m in all_due}


def test_a_connection_cut_mid_message_retries_that_message_and_the_rest_go_once(clock, all_due, sink):
    sink.drop_first_data()
    first, *rest = all_due

    notifications_dispatch()

    assert status(first) == (MessageStatus.SCHEDULED, 1)
    assert delivered(sink) == {m.pk: 1 for m in rest}
    clock.shift(datetime.timedelta(seconds=60))
    notifications_dispatch()
    assert delivered(sink) == {m.pk: 1 for m in all_due}


def test_a_server_that_stops_answering_times_out_that_message_and_the_rest_go_once(clock, all_due, sink, settings):
    settings.EMAIL_TIMEOUT = 1
    sink.stall_first_data()
    first, *rest = all_due

    notifications_dispatch()
    sink.release.set()

    assert status(first) == (MessageStatus.SCHEDULED, 1)
    assert "timed out" in Message.objects.get(pk=first.pk).last_error
    assert delivered(sink) == {m.pk: 1 for m in rest}
    clock.shift(datetime.timedelta(seconds=60))
    notifications_dispatch()
    assert delivered(sink) == {m.pk: 1 for m in all_due}


def test_a_server_that_refuses_connections_delays_every_message_and_fails_none(clock, all_due, sink, settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = s.getsockname()[1]  # nobody listens here once it closes

    result = notifications_dispatch(batch_size=5)

    assert (result.refused, result.sent, result.retried, result.failed) == (True, 0, 5, 0)
    tried = Message.objects.filter(pk__in=[m.pk for m in all_due], attempts=1)
    retry_at = DUE + datetime.timedelta(seconds=60)
    assert {(m.status, m.next_attempt_at) for m in tried} == {(MessageStatus.SCHEDULED, retry_at)}
    assert "Connection refused" in tried.first().last_error

    settings.EMAIL_PORT = sink.port
    clock.shift(datetime.timedelta(seconds=60))
    notifications_dispatch()
    assert delivered(sink) == {m.pk: 1 for m in all_due}


def _reset_email(to: str) -> dict:
    return {
        "to": [to],
        "subject": "Reset your password",
        "body": "Choose a new password",
        "message_id": "<reset@jtai.notifications>",
        "send_before": DUE.timestamp() + 3600,
    }


@pytest.mark.parametrize(
    ("reply", "times", "refusals", "delivered_times"),
    [("550 5.1.1 No such mailbox here", None, 1, 0), ("450 4.2.1 Mailbox busy, try later", 2, 2, 1)],
)
def test_an_email_about_no_inspection_is_retried_only_while_the_refusal_is_temporary(
    clock, sink, monkeypatch, reply, times, refusals, delivered_times
):
    """A password reset goes through the worker's own task: a 550 is not asked again 25 times."""
    from inspections.notifications.tasks import send_email
    from jtai.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    clock.move_to(DUE)
    sink.refuse_recipient("gone@northshire.example.org", reply, times=times)

    send_email.apply(args=[_reset_email("gone@northshire.example.org")])

    assert sink.recipient_refusals == refusals
    assert [item.message_id for item in sink.snapshot()] == ["<reset@jtai.notifications>"] * delivered_times
