"""What meetings are called: an Ofsted-only inspection's are neither "joint" nor "with all
agencies", on its stored timeline, its page, its e-mails and its calendar files."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from inspections.models import FrameworkVersion, MilestoneKey, meeting_label
from inspections.notifications.emails import render
from inspections.notifications.models import MessageKind
from tests.helpers import messages, plan_inspection
from tests.inspections import factories

pytestmark = pytest.mark.django_db
K = MessageKind
JOINT, OFSTED_ONLY = FrameworkVersion.Kind.JOINT, FrameworkVersion.Kind.OFSTED_ONLY


def summary(email) -> str:
    return str(Calendar.from_ical(email.attachments[0][1]).walk("VEVENT")[0]["SUMMARY"])


@pytest.fixture
def ofsted_only(clock, people):
    lead = factories.InspectorFactory(user__username="ofsted.lead")
    return plan_inspection(people=people, framework="ofsted-targeted-2016", lead=lead)


def test_the_labels_depend_on_the_kind_of_inspection():
    assert meeting_label(MilestoneKey.SETUP_MEETING, JOINT) == "Joint set-up meeting"
    assert meeting_label(MilestoneKey.FEEDBACK_MEETING, JOINT) == "Joint feedback meeting with all agencies"
    assert meeting_label(MilestoneKey.CONFERENCE_CALL, JOINT) == "Conference call with local senior leaders"
    assert meeting_label(MilestoneKey.SETUP_MEETING, OFSTED_ONLY) == "Set-up meeting"
    assert meeting_label(MilestoneKey.FEEDBACK_MEETING, OFSTED_ONLY) == "Feedback meeting with the council"
    assert meeting_label(MilestoneKey.CONFERENCE_CALL, OFSTED_ONLY) == "Conference call with the council and its LSCB"
    for key in MilestoneKey.values:
        assert "joint" not in meeting_label(key, OFSTED_ONLY).lower()
        assert "all agencies" not in meeting_label(key, OFSTED_ONLY)


def test_an_ofsted_only_timeline_stores_its_own_labels(ofsted_only, people):
    # A later week: the same area is never inspected twice in one week.
    planned_inspection = plan_inspection(people=people, onsite_start=datetime.date(2016, 6, 6))
    labels = dict(ofsted_only.milestones.values_list("key", "label"))
    assert labels[MilestoneKey.SETUP_MEETING] == "Set-up meeting"
    assert labels[MilestoneKey.FEEDBACK_MEETING] == "Feedback meeting with the council"
    assert not any("Joint" in label or "all agencies" in label for label in labels.values())
    joint = dict(planned_inspection.milestones.values_list("key", "label"))
    assert joint[MilestoneKey.SETUP_MEETING] == "Joint set-up meeting"


def test_the_ofsted_only_inspection_page_says_set_up_meeting(client, ofsted_only):
    client.force_login(ofsted_only.team.get(is_lead=True).inspector.user)
    page = client.get(reverse("inspections:detail", args=[ofsted_only.reference])).content.decode()
    assert "Set-up meeting" in page
    assert "Feedback meeting with the council" in page
    assert "Joint set-up meeting" not in page
    assert "with all agencies" not in page


def test_ofsted_only_emails_and_calendar_files_drop_joint(ofsted_only):
    (setup,) = messages(ofsted_only, kind=K.SETUP_MEETING_INVITE, recipient_email="dcs@northshire.example.org")
    email = render(setup)
    assert email.subject.startswith(f"{ofsted_only.reference}: Invitation: set-up meeting, ")
    assert "joint" not in email.subject.lower()
    assert "You are invited to the set-up meeting of inspectors" in email.body
    assert "joint set-up" not in email.body.lower()
    assert summary(email) == f"{ofsted_only.reference}: Set-up meeting"
    (call,) = messages(ofsted_only, kind=K.CONFERENCE_CALL_INVITE, recipient_email="dcs@northshire.example.org")
    email = render(call)
    assert "conference call with the council and its LSCB" in email.subject
    assert summary(email) == f"{ofsted_only.reference}: Conference call with the council and its LSCB"
    (dcs,) = messages(ofsted_only, kind=K.DCS_NOTIFICATION)
    body = render(dcs).body
    assert "- Set-up meeting: Monday 7 March 2016 at 9:30am" in body
    assert "- Feedback meeting with the council: Friday 11 March 2016" in body
    # "Joint targeted area inspections" signs every e-mail: it is the service's name.
    assert "Joint set-up" not in body and "Joint feedback" not in body and "all agencies" not in body
    (partner,) = messages(ofsted_only, kind=K.PARTNER_NOTIFICATION)
    body = render(partner).body
    assert "- Set-up meeting: Monday 7 March 2016" in body
    assert "Joint set-up" not in body and "Joint feedback" not in body and "all agencies" not in body


def test_joint_emails_and_calendar_files_keep_joint(planned_inspection):
    (setup,) = messages(planned_inspection, kind=K.SETUP_MEETING_INVITE, recipient_email="dcs@northshire.example.org")
    email = render(setup)
    assert "joint set-up meeting" in email.subject
    assert summary(email) == f"{planned_inspection.reference}: Joint set-up meeting"
    (dcs,) = messages(planned_inspection, kind=K.DCS_NOTIFICATION)
    assert "- Joint feedback meeting with all agencies: Friday 11 March 2016" in render(dcs).body
