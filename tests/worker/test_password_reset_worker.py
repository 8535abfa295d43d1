"""A real Celery worker on the real Redis sends the password-reset e-mail after the page has
answered, and keeps trying while the mail server refuses (docs/decisions/0001, "E-mails about no
inspection")."""

from __future__ import annotations

import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.factories import UserFactory
from tests.worker.conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reset_asked_while_the_mail_server_refuses_arrives_once_when_it_accepts_again(
    client, start_worker, smtp_sink
):
    # The worker listens where this process queues; a fresh address tells this run's e-mail apart.
    worker = start_worker("w1", CELERY_QUEUE=django_settings.CELERY_TASK_DEFAULT_QUEUE)
    address = f"dcs-{uuid.uuid4().hex[:8]}@northshire.example.org"
    UserFactory(username="dcs", email=address)
    smtp_sink.refuse_for(600)

    response = client.post(reverse("password_reset"), {"email": address})
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200 and "Check your email" in page.text

    wait_for(lambda: smtp_sink.refusals >= 1, timeout=60, what="the worker to try the server", workers=[worker])
    assert smtp_sink.snapshot() == []
    smtp_sink.refuse_for(0)

    def delivered():
        return [r for r in smtp_sink.snapshot() if address in r.to]

    wait_for(delivered, timeout=90, what="the e-mail once the server accepts", workers=[worker])
    time.sleep(2)  # nothing more follows
    (received,) = delivered()
    assert "reset" in received.subject.lower() and received.message_id
