"""A framework version's own rules, checked when an admin saves one: the conference call is on
the afternoon of notification, so after it; the case-audit range is a range."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from inspections.models import FrameworkVersion


def errors_of(**fields) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        FrameworkVersion(**fields).clean()
    return refused.value.message_dict


@pytest.mark.parametrize("call_at", [datetime.time(10, 0), datetime.time(9, 0)])
def test_a_conference_call_not_after_the_notification_is_refused(call_at):
    errors = errors_of(notification_time=datetime.time(10, 0), conference_call_time=call_at)
    assert errors == {"conference_call_time": ["The conference call is after the notification, on the same day."]}


def test_the_shipped_defaults_are_accepted():
    # Notification at 10am, the call at 2pm, five to seven cases, nine working days' notice.
    framework = FrameworkVersion()
    framework.clean()
    assert (framework.notice_working_days, framework.case_audits_min, framework.case_audits_max) == (9, 5, 7)


def test_fewer_most_cases_than_fewest_is_refused():
    errors = errors_of(case_audits_min=8, case_audits_max=7)
    assert errors == {"case_audits_max": ["The most case audits cannot be fewer than the fewest."]}
