"""Rendering a message row as an e-mail, and the transports that hand it on."""

from unittest import mock

import pytest
from django.core.mail import EmailMultiAlternatives

from inspections.notifications import emails, transports
from inspections.notifications.models import MessageKind
from tests.helpers import messages

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
