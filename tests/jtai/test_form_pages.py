"""Form pages, the same way everywhere: a refused form answers 400 with "Error: " before its title,
and a service's refusal about a field the form does not have is shown at the top of the page, in
the error summary, instead of a server error."""

import html
import re

import pytest
from django import forms
from django.urls import reverse

from inspections.services.contacts import ContactError
from jtai.errors import DomainError
from jtai.form_pages import refusal_put
from tests.inspections.reports.conftest import lead_of

pytestmark = pytest.mark.django_db


def _summary(response) -> list[tuple[str, str]]:
    """(link, message) of each entry of the page's error summary."""
    page = response.content.decode()
    body = page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0] if "govuk-error-summary" in page else ""
    return [(anchor, html.unescape(text)) for anchor, text in re.findall(r'<a href="#([^"]*)">([^<]*)</a>', body)]


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_refusal_about_a_field_the_form_has_goes_on_it_and_any_other_above_the_form():
    form = NameForm(data={"name": "Ann"})
    form.is_valid()
    refusal_put(form, DomainError("name", "That name is taken"))
    refusal_put(form, DomainError("members", "The team needs a lead"))
    assert form.errors["name"] == ["That name is taken"]
    assert form.non_field_errors() == ["The team needs a lead"]


def test_the_team_page_shows_a_refusal_about_a_field_it_lacks_at_the_top(client, planned_inspection, monkeypatch):
    """It raised ValueError (a server error) when the service named a field the form lacks."""

    def refuse(**kwargs):
        raise DomainError("members", "The team must keep one inspector from each inspectorate")

    monkeypatch.setattr("inspections.views.team.inspection_team_change", refuse)
    lead = lead_of(planned_inspection)
    client.force_login(lead)
    url = reverse("inspections:team", args=[planned_inspection.reference])
    response = client.post(url, {"lead": lead.inspector.pk, "team": []})
    assert response.status_code == 400
    assert response.context["page_title"].startswith("Error: Team: ")
    assert _summary(response) == [("id_lead", "The team must keep one inspector from each inspectorate")]


def test_the_contacts_page_shows_a_refusal_about_a_field_it_lacks_at_the_top(
    client, planned_inspection, people, monkeypatch
):
    def refuse(**kwargs):
        raise ContactError("agency", "This person's agency does not serve the area")

    monkeypatch.setattr("inspections.views.contacts.contact_add", refuse)
    client.force_login(lead_of(planned_inspection))
    url = reverse("inspections:contacts", args=[planned_inspection.reference])
    response = client.post(url, {"person": people.dcs.pk, "role": "dcs"})
    assert response.status_code == 400
    assert response.context["page_title"].startswith("Error: Local contacts: ")
    assert ("id_person", "This person's agency does not serve the area") in _summary(response)


def test_a_refused_form_answers_400_where_it_answered_200(client, planned_inspection):
    """The inspection's plan and the letter's pages answered 200 with their errors, the case-audit pages 400."""
    client.force_login(lead_of(planned_inspection))
    response = client.post(reverse("inspections:plan"), {"action": "preview"})
    assert response.status_code == 400
    assert response.context["page_title"] == "Error: Plan an inspection"
    assert _summary(response)[0][0].startswith("id_")
    assert client.get(reverse("inspections:plan")).status_code == 200


def test_a_refusal_on_a_hidden_field_is_in_the_error_summary_linked_to_the_first_input():
    from jtai.templatetags.form_pages import error_links

    class Confirmed(NameForm):
        confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    form = Confirmed(data={"name": "Ann"})
    form.is_valid()
    refusal_put(form, DomainError("confirmed", "Confirm the personal data warning"))
    assert error_links(form) == [("id_name", "Confirm the personal data warning")]


def test_form_save_calls_the_service_only_for_a_valid_post_and_puts_its_refusal_on_the_form(rf):
    from jtai.form_pages import form_save

    calls = []

    def save(data):
        calls.append(data["name"])
        if data["name"] == "Taken":
            raise DomainError("name", "That name is taken")
        return f"saved {data['name']}"

    assert form_save(rf.get("/"), NameForm(data={"name": "Ann"}), save) is None
    assert form_save(rf.post("/"), NameForm(data={}), save) is None
    refused = NameForm(data={"name": "Taken"})
    assert form_save(rf.post("/"), refused, save) is None
    assert refused.errors["name"] == ["That name is taken"]
    assert form_save(rf.post("/"), NameForm(data={"name": "Ann"}), save).value == "saved Ann"
    assert calls == ["Taken", "Ann"]


def test_a_buttons_refusal_is_an_error_banner_and_its_success_a_success_banner(rf):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from jtai.form_pages import button_act

    def refuse():
        raise DomainError("__all__", "The request has already gone")

    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)

    assert button_act(request, refuse, "Sent.") is None
    assert button_act(request, lambda: 7, "Sent.").value == 7
    assert button_act(request, lambda: 8).value == 8  # no success banner asked for
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("error", "The request has already gone"),
        ("success", "Sent."),
    ]


def test_a_confirmation_pages_refusal_stays_on_the_page_and_its_success_is_a_banner(rf):
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from jtai.form_pages import confirm_act

    calls = []

    def refuse():
        calls.append("refuse")
        raise DomainError("__all__", "The letter is not final")

    def with_messages(request):
        request.session = {}
        request._messages = FallbackStorage(request)
        return request

    shown = with_messages(rf.get("/"))
    assert not confirm_act(shown, refuse, "Published.").done
    assert calls == []  # showing the page acts on nothing

    request = with_messages(rf.post("/"))
    refused = confirm_act(request, refuse, "Published.")
    assert (refused.done, refused.error) == (False, "The letter is not final")
    assert confirm_act(request, lambda: None, "Published.").done
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [("success", "Published.")]
