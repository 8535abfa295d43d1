"""Every message the demo sends, day by day from its loading, read as raw bytes: each link,
followed as its reader (signed in as them where they have an account, with no session where they
have none), opens a page where they can act (`tests.sent_mail.assert_links_work`)."""

import datetime
import io

import pytest
import time_machine
from django.core import mail

from inspections import demo as inspections_demo
from inspections.case_audits import demo as case_audits_demo
from inspections.notifications import demo as notifications_demo
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import MessageKind
from inspections.reports import demo as reports_demo
from tests.helpers import london
from tests.sent_mail import assert_links_work, message_row

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
LOADED = london(2026, 3, 4, 11, 0)


def test_every_message_of_the_demo_leads_its_reader_to_a_page_where_they_can_act(private_media):
    kinds, checked = set(), 0
    with time_machine.travel(LOADED, tick=False) as clock:
        for load in (inspections_demo.load, notifications_demo.load, case_audits_demo.load, reports_demo.load):
            load(io.StringIO())
        mail.outbox.clear()
        # Hour by hour on the day of the notification (the DCS first, then everyone else), then day
        # by day: each day's links are followed that day, while their single-use links are open.
        moments = [LOADED + datetime.timedelta(minutes=5 * n) for n in range(1, 72)]
        moments += [LOADED + datetime.timedelta(days=n) for n in range(1, 60)]
        for moment in moments:
            clock.move_to(moment)
            notifications_dispatch()
            if mail.outbox:
                kinds |= {message_row(m).kind for m in mail.outbox}
                checked += assert_links_work(mail.outbox)
                mail.outbox.clear()
    assert checked
    assert {MessageKind.DCS_NOTIFICATION, MessageKind.COORDINATOR_NOTIFICATION, MessageKind.PARTNER_NOTIFICATION} <= (
        kinds
    )
