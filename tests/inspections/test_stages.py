"""Moving an inspection through its stages from the inspection page, and the refusals."""

import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from inspections.models import Stage, StageChange
from inspections.services import StageError, inspection_transition
from inspections.services.planning import inspection_reschedule
from inspections.services.stages import transition_check
from inspections.transitions import MANUAL_TRANSITIONS, available_transitions
from tests.helpers import lead_of
from tests.inspections import factories

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def stage_url(inspection):
    return reverse("inspections:change_stage", args=[inspection.reference])


def test_lead_starts_fieldwork_and_the_change_is_recorded(client, inspection):
    inspection_transition(user=None, inspection=inspection, name="notify")
    lead = lead_of(inspection)
    client.force_login(lead)
    response = client.post(
        stage_url(inspection), {"transition": "start_fieldwork", "reason": "Team arrived"}, follow=True
    )
    assert f"{inspection.reference} is now at the stage “On site”." in response.text
    inspection.refresh_from_db()
    assert inspection.stage == Stage.ON_SITE
    change = StageChange.objects.filter(inspection=inspection).latest("at")
    assert (change.from_stage, change.to_stage, change.by, change.reason) == (
        Stage.NOTIFIED,
        Stage.ON_SITE,
        lead,
        "Team arrived",
    )
    # The history on the page names who moved it, and from which stage to which.
    assert "Notified to On site" in response.text
    assert lead.get_full_name() in unescape(response.text)


def test_the_page_offers_only_the_transitions_the_stage_allows(client, inspection):
    client.force_login(lead_of(inspection))
    response = client.get(reverse("inspections:detail", args=[inspection.reference]))
    assert 'value="postpone"' in response.text
    assert 'value="cancel"' in response.text
    assert 'value="start_fieldwork"' not in response.text
    assert "The inspection moves to notified" not in unescape(response.text)


def test_a_transition_from_the_wrong_stage_is_refused_with_a_clear_error(client, inspection):
    client.force_login(lead_of(inspection))
    response = client.post(stage_url(inspection), {"transition": "start_fieldwork"})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert f"{inspection.reference} is “Planned”: “Start fieldwork” is not possible from there." in response.text
    inspection.refresh_from_db()
    assert inspection.stage == Stage.PLANNED
    assert not StageChange.objects.exists()


def test_a_person_cannot_mark_an_inspection_notified(client, inspection):
    client.force_login(lead_of(inspection))
    response = client.post(stage_url(inspection), {"transition": "notify"})
    assert "The inspection moves to notified when the DCS's notification is sent." in unescape(response.text)
    inspection.refresh_from_db()
    assert inspection.stage == Stage.PLANNED


def test_team_member_who_is_not_lead_is_refused(client, inspection):
    member = factories.InspectorFactory()
    inspection.team.create(inspector=member)
    client.force_login(member.user)
    assert client.post(stage_url(inspection), {"transition": "postpone"}).status_code == 403
    inspection.refresh_from_db()
    assert inspection.stage == Stage.PLANNED


def test_inspector_outside_the_team_gets_404(client, inspection):
    client.force_login(factories.InspectorFactory().user)
    assert client.post(stage_url(inspection), {"transition": "cancel"}).status_code == 404
    inspection.refresh_from_db()
    assert inspection.stage == Stage.PLANNED


@time_machine.travel(datetime.datetime(2016, 1, 4, 9, 0, tzinfo=LONDON), tick=False)
def test_manager_may_postpone_and_plan_again(client, manager, inspection):
    client.force_login(manager.user)
    client.post(
        stage_url(inspection), {"transition": "postpone", "reason": "Area in a cyber incident", "confirmed": "True"}
    )
    inspection.refresh_from_db()
    assert inspection.stage == Stage.POSTPONED
    client.post(stage_url(inspection), {"transition": "replan"})
    inspection.refresh_from_db()
    assert inspection.stage == Stage.PLANNED
    assert list(StageChange.objects.values_list("to_stage", "by")) == [
        (Stage.POSTPONED, manager.user.pk),
        (Stage.PLANNED, manager.user.pk),
    ]


def test_the_whole_path_to_publication(inspection):
    lead = lead_of(inspection)
    inspection = inspection_transition(user=None, inspection=inspection, name="notify")
    assert inspection.notified_at is not None
    for name in ["start_fieldwork", "finish_fieldwork", "start_factual_accuracy", "publish"]:
        inspection = inspection_transition(user=lead, inspection=inspection, name=name)
    assert inspection.stage == Stage.PUBLISHED
    assert available_transitions(user=lead, inspection=inspection) == []
    assert StageChange.objects.filter(inspection=inspection).count() == 5


def test_the_system_cannot_make_a_persons_transition(inspection):
    with pytest.raises(StageError, match="must be made by a person"):
        inspection_transition(user=None, inspection=inspection, name="cancel")


def test_a_cancelled_inspection_cannot_be_published(inspection):
    lead = lead_of(inspection)
    inspection = inspection_transition(user=lead, inspection=inspection, name="cancel")
    with pytest.raises(StageError, match="“Cancelled”"):
        inspection_transition(user=lead, inspection=inspection, name="publish")


def test_planning_again_after_the_notification_date_has_passed_is_refused(inspection):
    lead = lead_of(inspection)
    with time_machine.travel(datetime.datetime(2016, 2, 10, 9, 0, tzinfo=LONDON), tick=False):
        inspection_transition(user=lead, inspection=inspection, name="postpone")
    with (
        time_machine.travel(datetime.datetime(2016, 2, 23, 9, 0, tzinfo=LONDON), tick=False),
        pytest.raises(StageError) as error,
    ):
        inspection_transition(user=lead, inspection=inspection, name="replan")
    assert str(error.value) == (
        f"Planned again for 7 March 2016, {inspection.reference} would have to be notified on "
        "Monday 22 February 2016, which has passed. Choose a later week on site first."
    )
    inspection.refresh_from_db()
    assert inspection.stage == Stage.POSTPONED


def test_postponed_after_notification_moved_and_planned_again_is_notified_afresh(inspection):
    """Notified 22 February, postponed the next day, moved to June: the new notification is due
    nine working days before the new week, not the old date."""
    lead = lead_of(inspection)
    with time_machine.travel(datetime.datetime(2016, 2, 22, 10, 0, tzinfo=LONDON), tick=False):
        inspection_transition(user=None, inspection=inspection, name="notify")
    with time_machine.travel(datetime.datetime(2016, 2, 23, 9, 0, tzinfo=LONDON), tick=False):
        inspection_transition(user=lead, inspection=inspection, name="postpone")
        inspection_reschedule(user=lead, inspection=inspection, onsite_start=datetime.date(2016, 6, 6))
        inspection = inspection_transition(user=lead, inspection=inspection, name="replan")
    assert inspection.stage == Stage.PLANNED
    assert inspection.notified_at is None
    assert timezone.localtime(inspection.notification_at) == datetime.datetime(2016, 5, 20, 10, 0, tzinfo=LONDON)
    stored = {m.key: m.date for m in inspection.milestones.all()}
    assert stored["notification"] == stored["conference_call"] == datetime.date(2016, 5, 20)
    assert stored["onsite_start"] == datetime.date(2016, 6, 6)


def test_a_notified_area_keeps_its_notice_when_the_week_moves(inspection):
    lead = lead_of(inspection)
    with time_machine.travel(datetime.datetime(2016, 2, 22, 10, 0, tzinfo=LONDON), tick=False):
        inspection_transition(user=None, inspection=inspection, name="notify")
        with pytest.raises(ValueError) as error:
            inspection_reschedule(user=lead, inspection=inspection, onsite_start=datetime.date(2016, 2, 23))
        assert str(error.value) == (
            "The area was told on Monday 22 February 2016: to keep the framework's notice the first day "
            "on site can be no earlier than Monday 7 March 2016."
        )
        with pytest.raises(ValueError, match="no earlier than Monday 7 March 2016"):
            inspection_reschedule(user=lead, inspection=inspection, onsite_start=datetime.date(2016, 3, 4))
        # Later is fine; the notification stays as it happened.
        moved = inspection_reschedule(user=lead, inspection=inspection, onsite_start=datetime.date(2016, 3, 14))
    stored = {m.key: m.date for m in moved.milestones.all()}
    assert stored["notification"] == datetime.date(2016, 2, 22)
    assert stored["onsite_start"] == datetime.date(2016, 3, 14)


@pytest.mark.parametrize(
    ("name", "question", "button", "warning"),
    [
        ("cancel", "Cancel the inspection", "Yes, cancel the inspection", "Cancelling is final."),
        ("postpone", "Postpone", "Yes, postpone", "You can plan the inspection again later"),
    ],
)
def test_cancelling_or_postponing_asks_first_and_changes_nothing_until_confirmed(
    client, inspection, name, question, button, warning
):
    client.force_login(lead_of(inspection))
    response = client.post(stage_url(inspection), {"transition": name, "reason": "Local elections"})
    page = unescape(response.text)
    assert response.status_code == 200
    assert f"{question} {inspection.reference}?" in page
    assert warning in page
    assert button in page
    assert "Reason, kept in the stage history: Local elections" in page
    inspection.refresh_from_db()
    assert inspection.stage == Stage.PLANNED
    assert not StageChange.objects.exists()

    client.post(stage_url(inspection), {"transition": name, "reason": "Local elections", "confirmed": "True"})
    inspection.refresh_from_db()
    assert inspection.stage == (Stage.CANCELLED if name == "cancel" else Stage.POSTPONED)
    assert StageChange.objects.get().reason == "Local elections"


def test_no_confirmation_page_for_a_change_that_is_not_possible(client, inspection):
    lead = lead_of(inspection)
    inspection_transition(user=lead, inspection=inspection, name="cancel")
    client.force_login(lead)
    response = client.post(stage_url(inspection), {"transition": "postpone"})
    assert "is not possible from there" in unescape(response.text)
    assert "Yes, postpone" not in response.text


# Which stage change a lead may make from each stage: the stage machine as DESIGN gives it. An
# inspection on site can no longer be postponed or cancelled, and only the factual accuracy check
# leads to publication.
ALLOWED_FROM = {
    Stage.PLANNED: {"postpone", "cancel"},
    Stage.NOTIFIED: {"start_fieldwork", "postpone", "cancel"},
    Stage.ON_SITE: {"finish_fieldwork"},
    Stage.REPORTING: {"start_factual_accuracy"},
    Stage.FACTUAL_ACCURACY: {"publish"},
    Stage.PUBLISHED: set(),
    Stage.POSTPONED: {"replan", "cancel"},
    Stage.CANCELLED: set(),
}


@pytest.mark.parametrize("stage", list(ALLOWED_FROM))
def test_each_stage_allows_only_its_own_next_steps(inspection, stage):
    type(inspection).objects.filter(pk=inspection.pk).update(stage=stage)
    inspection.refresh_from_db()
    lead = lead_of(inspection)
    allowed = set()
    for name, label in MANUAL_TRANSITIONS.items():
        try:
            transition_check(user=lead, inspection=inspection, name=name)
        except StageError as refused:
            assert refused.message == (
                f"{inspection.reference} is “{inspection.get_stage_display()}”: “{label}” is not possible from there."
            )
        else:
            allowed.add(name)
    assert allowed == ALLOWED_FROM[stage]


@pytest.mark.parametrize(
    "steps, name, says",
    [
        (
            ["start_fieldwork", "finish_fieldwork"],
            "start_factual_accuracy",
            "The factual accuracy check starts when the draft letter is sent to the area: "
            "send it from the letter page.",
        ),
        (
            ["start_fieldwork", "finish_fieldwork", "start_factual_accuracy"],
            "publish",
            "An inspection is published with its letter: publish the final letter from the letter page, "
            "or it is published on its publication date.",
        ),
    ],
)
def test_the_stage_buttons_cannot_stand_in_for_sending_or_publishing_the_letter(client, inspection, steps, name, says):
    """A forged stage change would mark the inspection published (and the action plan due) with
    no letter public, or in its factual accuracy check with no draft letter sent."""
    lead = lead_of(inspection)
    inspection = inspection_transition(user=None, inspection=inspection, name="notify")
    for step in steps:
        inspection = inspection_transition(user=lead, inspection=inspection, name=step)
    changes = StageChange.objects.count()
    client.force_login(lead)
    for confirmed in ("", "on"):
        response = client.post(stage_url(inspection), {"transition": name, "confirmed": confirmed})
        assert response.status_code == 400
        assert says in unescape(response.text)
    inspection.refresh_from_db()
    assert inspection.stage == (Stage.REPORTING if name == "start_factual_accuracy" else Stage.FACTUAL_ACCURACY)
    assert StageChange.objects.count() == changes
