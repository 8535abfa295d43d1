"""Moving an inspection through its stages from the inspection page, and the refusals."""

from html import unescape

import pytest
from django.urls import reverse

from inspections.models import Stage, StageChange
from inspections.services import StageError, inspection_transition
from inspections.services.stages import available_transitions
from tests import factories

pytestmark = pytest.mark.django_db


def stage_url(inspection):
    return reverse("inspections:change_stage", args=[inspection.reference])


def lead_of(inspection):
    return inspection.team.get(is_lead=True).inspector.user


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
    assert lead.get_full_name() in response.text


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
    assert response.status_code == 200
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


def test_manager_may_postpone_and_plan_again(client, manager, inspection):
    client.force_login(manager.user)
    client.post(stage_url(inspection), {"transition": "postpone", "reason": "Area in a cyber incident"})
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
