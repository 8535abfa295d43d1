"""Rendering a message row as an e-mail, and the transports that hand it on."""

import string
from email._policybase import compat32
from email.header import decode_header, make_header
from email.utils import parseaddr
from unittest import mock

import hypothesis
import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from hypothesis import given
from hypothesis import strategies as st

from inspections.notifications import emails, transports
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import Message, MessageKind, MessageStatus
from tests.helpers import london, messages

NOTIFICATION = london(2016, 2, 22, 10, 0)

pytestmark = pytest.mark.django_db


def test_a_message_with_nobody_to_go_to_says_what_the_lead_must_do(planned_inspection):
    (notification,) = messages(planned_inspection, kind=MessageKind.DCS_NOTIFICATION)
    notification.recipient_email = ""
    with pytest.raises(emails.RecipientMissing) as missing:
        emails.render(notification)
    assert str(missing.value) == (
        f"No Director of Children's Services is recorded for {planned_inspection.reference}, so the area has not "
        "been notified. Add the DCS under Local contacts, then resend this message."
    )


def test_an_email_keeps_one_message_id_across_attempts_and_has_text_and_html(planned_inspection):
    (notification,) = messages(planned_inspection, kind=MessageKind.DCS_NOTIFICATION)
    first, again = emails.render(notification), emails.render(notification)
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"] == notification.message_id
    assert first.to == ["Dana Director <dcs@northshire.example.org>"]
    assert [mimetype for _, mimetype in first.alternatives] == ["text/html"]


def test_govuk_notify_gets_the_subject_body_and_a_reference_for_each_recipient(settings):
    settings.GOVUK_NOTIFY_API_KEY = "test-key"
    settings.GOVUK_NOTIFY_TEMPLATE_ID = "template-id"
    client = mock.Mock()
    with mock.patch("notifications_python_client.notifications.NotificationsAPIClient", return_value=client):
        backend = transports.connection()
        email = EmailMultiAlternatives(
            subject="JTAI-2016-001: notification",
            body="Dear Dana",
            to=["Dana Director <dcs@northshire.example.org>"],
            headers={"Message-ID": "<abc@jtai.notifications>"},
        )
        assert backend.send_messages([email]) == 1
    client.send_email_notification.assert_called_once_with(
        email_address="dcs@northshire.example.org",
        template_id="template-id",
        personalisation={"subject": "JTAI-2016-001: notification", "body": "Dear Dana"},
        reference="<abc@jtai.notifications>",
    )


def test_without_a_notify_key_mail_goes_through_djangos_backend(settings):
    settings.GOVUK_NOTIFY_API_KEY = ""
    assert not isinstance(transports.connection(), transports.GovukNotifyEmailBackend)


# Over SMTP, as a burst sends: the envelope, and the headers folded as Python's own folding would


def test_over_smtp_each_message_goes_to_its_recipients_address_and_no_one_elses(clock, planned_inspection, sink):
    (dcs,) = messages(planned_inspection, kind=MessageKind.DCS_NOTIFICATION)
    # A name and a domain outside ASCII: the envelope needs the domain's IDNA form, the header RFC 2047.
    Message.objects.filter(pk=dcs.pk).update(recipient_name="Siân Ó Bríain", recipient_email="sian@bücher.example")
    clock.move_to(NOTIFICATION)

    result = notifications_dispatch()

    received = sink.snapshot()
    assert result.sent == len(received) > 10
    sent = {m.pk: m for m in Message.objects.filter(inspection=planned_inspection, status=MessageStatus.SENT)}
    for item in received:
        message = sent[int(item.jtai_message)]
        expected = "sian@xn--bcher-kva.example" if message.pk == dcs.pk else message.recipient_email
        assert item.rcpt_to == (expected,)
        assert item.mail_from == parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    (to_dcs,) = [item for item in received if int(item.jtai_message) == dcs.pk]
    assert str(make_header(decode_header(to_dcs.to))) == "Siân Ó Bríain <sian@xn--bcher-kva.example>"


def test_a_sent_message_is_byte_for_byte_what_pythons_own_header_folding_gives(clock, planned_inspection):
    clock.move_to(NOTIFICATION)
    rendered = [emails.render(m) for m in planned_inspection.messages.order_by("pk")]
    assert any(r.calendar for r in rendered)
    for email_message in rendered:
        message = email_message.message()
        quick = message.as_bytes(linesep="\r\n")
        message.policy = compat32
        assert quick == message.as_bytes(linesep="\r\n")


# Words, so that a value around the line's length has places to fold at: the edge that matters.
WORDS = st.lists(
    st.text(st.sampled_from(string.ascii_letters + string.digits + ';,="<>@.'), min_size=1), min_size=1
).map(" ".join)
HEADER_TEXT = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)
    | st.text(st.sampled_from(string.printable + "é"), max_size=120)
    | WORDS.filter(lambda value: 60 <= len(value) <= 90)
)


@given(name=st.sampled_from(["Subject", "To", "X-JTAI-Reference", "Content-Type", "Message-ID"]), value=HEADER_TEXT)
@hypothesis.example(name="Subject", value="x" * 60 + " " + "y" * 8)  # 78 with "Subject: ": fits
@hypothesis.example(name="Subject", value="x" * 60 + " " + "y" * 9)  # 79: folds
@hypothesis.settings(max_examples=2000, deadline=None)
def test_quick_fold_folds_as_compat32_does(name, value):
    # Values already encoded as RFC 2047 words are folded again knowing the header's name (below).
    hypothesis.assume("=?" not in value)

    def folded(policy):
        try:
            return policy.fold_binary(name, value)
        except Exception as error:  # an embedded header, say: the quick path must refuse it alike
            return type(error)

    for linesep in ("\n", "\r\n"):
        assert folded(emails.QUICK_FOLD.clone(linesep=linesep)) == folded(compat32.clone(linesep=linesep))


@pytest.mark.parametrize(
    "subject",
    [
        "JTAI-2016-001: notification of a joint targeted area inspection of Ynys Môn and St Helen's",
        "Zoë",
        "JTAI-2016-001: Invitation: conference call with local senior leaders, Thursday 17 March 2016 at 2pm, Côte",
    ],
)
def test_an_encoded_subject_starts_on_its_first_line_and_decodes_back(subject):
    message = EmailMultiAlternatives(subject=subject, body="x", to=["a@example.org"]).message()
    message.policy = emails.QUICK_FOLD
    headers = message.as_bytes(linesep="\r\n").split(b"\r\n\r\n", 1)[0].decode("ascii")
    folded = headers.split("Subject:", 1)[1].split("\r\nFrom:", 1)[0]
    lines = folded.split("\r\n")
    # compat32 alone left "Subject: " empty on its line: read back with a leading space.
    assert lines[0].strip()
    assert all(len(line) <= 76 for line in [f"Subject:{lines[0]}", *lines[1:]])
    assert str(make_header(decode_header(folded.strip()))) == subject
