"""The admin saves through the consultations services: their rules hold, and a published
report's PDF is made again after any change."""

import pytest
from django.db.models import F
from django.urls import reverse

from consultations.imports import responses_import
from consultations.models import Channel, Consultation, Question, ReportPdf, Theme
from consultations.outcomes import consultation_publish
from tests.factories import UserFactory
from tests.helpers import csv_file, sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    sign_in_verified(client, UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def answered(consultation):
    responses_import(consultation=consultation, file=csv_file("R1,online,Policing,Yes,5 or fewer,Ask the families"))
    return consultation


def _form_data(page) -> dict:
    """What the browser would post back for the change form as shown, inlines included."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            data[key] = "on" if value is True else value

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[formset.management_form.add_prefix(name)] = value
        for form in formset.forms:
            add(form)
    return data


def _change(admin_client, obj):
    url = reverse(f"admin:consultations_{obj._meta.model_name}_change", args=[obj.pk])
    return url, _form_data(admin_client.get(url))


def test_an_admin_edit_of_a_published_consultation_makes_its_pdf_again(admin_client, answered, analyst):
    consultation_publish(consultation=answered, user=analyst)
    ReportPdf.objects.filter(consultation=answered).update(status="ready", file_generation=F("generation"))
    before = ReportPdf.objects.get(consultation=answered)

    url, data = _change(admin_client, answered)
    data["title"] = "Test consultation (revised)"
    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Consultation.objects.get(pk=answered.pk).title == "Test consultation (revised)"
    pdf = ReportPdf.objects.get(consultation=answered)
    assert (pdf.status, pdf.generation, pdf.is_current) == ("pending", before.generation + 1, False)


def test_an_admin_edit_of_a_theme_or_outcome_of_a_published_consultation_makes_its_pdf_again(
    admin_client, answered, analyst
):
    consultation_publish(consultation=answered, user=analyst)
    theme = Theme.objects.create(question=answered.questions.get(code="q3"), name="Families")
    ready = {"status": "ready", "file_generation": F("generation")}
    ReportPdf.objects.filter(consultation=answered).update(**ready)

    url, data = _change(admin_client, theme)
    data["keywords"] = "families,  carers"
    assert admin_client.post(url, data).status_code == 302
    assert Theme.objects.get(pk=theme.pk).keywords == "families, carers", "saved by theme_save, which tidies keywords"
    assert ReportPdf.objects.get(consultation=answered).status == "pending"

    ReportPdf.objects.filter(consultation=answered).update(**ready)
    url, data = _change(admin_client, answered)
    data.update({"outcomes-TOTAL_FORMS": 1, "outcomes-0-you_said": "Notify the DCS", "outcomes-0-we_did": "We will"})
    assert admin_client.post(url, data).status_code == 302
    assert list(answered.outcomes.values_list("we_did", "position")) == [("We will", 0)]
    assert ReportPdf.objects.get(consultation=answered).status == "pending"


def test_an_admin_edit_the_definition_refuses_shows_the_error_and_changes_nothing(admin_client, answered):
    q1 = answered.questions.get(code="q1")
    url, data = _change(admin_client, q1)
    data["kind"] = "text"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "question q1: its type cannot change from &#x27;choice&#x27; to &#x27;text&#x27; because 1 answer" in page
    assert Question.objects.get(pk=q1.pk).kind == "choice"
    assert list(q1.options.values_list("label", flat=True)) == ["Yes", "No", "Don't know"]

    url, data = _change(admin_client, answered)
    online = Channel.objects.get(consultation=answered, code="online")
    index = next(k for k, v in data.items() if k.startswith("channels-") and k.endswith("-id") and v == online.pk)
    data[index.replace("-id", "-code")] = "web"  # a new channel in place of the one respondents used
    data["title"] = "Renamed at the same time"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "channel online: not in the file, but 1 respondent came through it" in response.content.decode()
    assert Channel.objects.get(pk=online.pk).code == "online"
    assert Consultation.objects.get(pk=answered.pk).title == "Test consultation", "nothing else was saved either"


def test_an_admin_edit_a_theme_rule_refuses_is_shown_on_its_field(admin_client, answered):
    q3 = answered.questions.get(code="q3")
    Theme.objects.create(question=q3, name="Families")
    other = Theme.objects.create(question=q3, name="Police")
    url, data = _change(admin_client, other)
    data["name"] = "FAMILIES"
    page = admin_client.post(url, data).content.decode()
    assert "There is already a theme called “FAMILIES” for this question." in page
    assert Theme.objects.get(pk=other.pk).name == "Police"


def test_what_no_service_does_is_read_only_in_the_admin(admin_client, answered):
    q1 = answered.questions.get(code="q1")
    for url in (
        reverse("admin:consultations_consultation_delete", args=[answered.pk]),
        reverse("admin:consultations_question_delete", args=[q1.pk]),
    ):
        assert admin_client.post(url, {"post": "yes"}).status_code == 403
    url, data = _change(admin_client, q1)
    assert "code" not in data and "consultation" not in data
    assert Question.objects.filter(pk=q1.pk).exists()


def test_a_question_added_in_the_admin_is_loaded_into_its_place(admin_client, answered):
    url = reverse("admin:consultations_question_add")
    data = _form_data(admin_client.get(url))
    data.update(
        {
            "consultation": answered.pk,
            "code": "q1b",
            "text": "And this?",
            "kind": "choice",
            "position": 1,
            "options-TOTAL_FORMS": 2,
            "options-0-label": "Yes",
            "options-0-position": 0,
            "options-1-label": "No",
            "options-1-position": 1,
        }
    )
    assert admin_client.post(url, data).status_code == 302
    assert list(answered.questions.values_list("code", flat=True)) == ["q1", "q1b", "q2", "q3"]
    assert list(answered.questions.get(code="q1b").options.values_list("label", flat=True)) == ["Yes", "No"]

    data.update({"code": "q1c", "kind": "choice", "options-TOTAL_FORMS": 0})
    page = admin_client.post(url, data).content.decode()
    assert "question q1c: &quot;options&quot; must be distinct labels" in page
    assert not answered.questions.filter(code="q1c").exists()
