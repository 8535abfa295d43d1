"""Every admin history page opens, for every registered model with history: the list of
versions and each version's page. A version is shown, never saved back over the row."""

import datetime
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from simple_history.admin import SimpleHistoryAdmin

from consultations.definition import consultation_load
from consultations.models import Theme as ConsultationTheme
from inspections.case_audits.models import AreaProfile
from inspections.models import Inspectorate, Programme
from inspections.reports.models import LetterTemplate, Signatory
from tests.factories import UserFactory
from tests.helpers import DEFINITION, sign_in_verified

HISTORY_ADMINS = sorted(
    (model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, SimpleHistoryAdmin)),
    key=lambda model: model._meta.label,
)


@pytest.fixture
def rows(planned_inspection, people):
    """A row of every model with history, each with a version in its history."""
    consultation = consultation_load(data=DEFINITION)
    ConsultationTheme.objects.create(question=consultation.questions.get(code="q3"), name="Cost", position=0)
    AreaProfile.objects.create(area=people.area, child_population=50_000)
    if not Programme.objects.exists():
        Programme.objects.create(
            slug="first",
            name="First programme",
            kind=planned_inspection.framework.kind,
            starts_on=datetime.date(2016, 2, 1),
            ends_on=datetime.date(2016, 9, 30),
            max_inspections=6,
        )
    if not Signatory.objects.exists():
        Signatory.objects.create(
            inspectorate=Inspectorate.objects.get(code="ofsted"),
            name="Rowan Ashdown",
            title="National Director, Social Care",
            valid_from=datetime.date(2015, 1, 1),
        )
    if not LetterTemplate.objects.filter(framework=planned_inspection.framework).exists():
        LetterTemplate.objects.create(
            framework=planned_inspection.framework, introduction="i", scope="s", what_happens_next="w"
        )


@pytest.fixture
def admin_client(client, rows):
    sign_in_verified(client, UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_the_models_with_history_include_those_that_broke():
    labels = {model._meta.label for model in HISTORY_ADMINS}
    assert {"consultations.Consultation", "inspections.Inspection", "inspections.Person"} <= labels


@pytest.mark.parametrize("model", HISTORY_ADMINS, ids=lambda model: model._meta.label)
def test_every_history_page_opens(admin_client, model):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"The test has no {model._meta.verbose_name} to show"
    if not obj.history.exists():
        obj.save()  # data migrations write no history
    info = (model._meta.app_label, model._meta.model_name)
    history = admin_client.get(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    assert history.status_code == 200
    version = obj.history.order_by("history_id").first()
    page = admin_client.get(reverse("admin:{}_{}_simple_history".format(*info), args=[obj.pk, version.history_id]))
    assert page.status_code == 200


def test_a_version_is_not_saved_back_over_the_row(admin_client, planned_inspection):
    version = planned_inspection.history.order_by("history_id").first()
    url = reverse("admin:inspections_inspection_simple_history", args=[planned_inspection.pk, version.history_id])
    response = admin_client.post(url, {"conference_call_details": "Dial 999"})
    assert response.status_code == 405
    planned_inspection.refresh_from_db()
    assert planned_inspection.conference_call_details != "Dial 999"


@pytest.mark.slow
@given(
    object_id=st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), st.text(min_size=1, max_size=12)),
    version_id=st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), st.text(min_size=1, max_size=12)),
)
@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_history_page_asked_for_with_junk_ids_is_not_found_never_a_server_error(admin_client, object_id, version_id):
    for model in HISTORY_ADMINS:
        info = (model._meta.app_label, model._meta.model_name)
        url = reverse("admin:{}_{}_simple_history".format(*info), args=[1, 1])
        url = url.replace("/1/history/1/", f"/{quote(object_id, safe='')}/history/{quote(version_id, safe='')}/")
        for path in (url, url.rsplit("/history/", 1)[0] + "/history/"):
            status = admin_client.get(path).status_code
            assert status in (200, 302, 404), f"{path} answered {status}"
