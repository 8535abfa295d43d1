"""Who may see which inspection: secrecy before notification means 404, never 403."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from inspections.models import AgencyKind, ContactRole, InspectionContact, Person, PersonRole
from inspections.services import inspection_transition
from tests.inspections import factories

pytestmark = pytest.mark.django_db


def detail_url(inspection):
    return reverse("inspections:detail", args=[inspection.reference])


def local_user(area, role=PersonRole.DCS, username="dcs", *, contact_on=None, agency=None):
    """A local person with a log-in; with `contact_on`, recorded as a contact of that inspection."""
    person = factories.PersonFactory(area=area, role=role, agency=agency, user=factories.UserFactory(username=username))
    if contact_on is not None:
        InspectionContact.objects.create(inspection=contact_on, person=person, role=CONTACT_ROLE[role], agency=agency)
    return person.user


CONTACT_ROLE = {
    PersonRole.DCS: ContactRole.DCS,
    PersonRole.DCS_COORDINATOR: ContactRole.DCS_COORDINATOR,
    PersonRole.AGENCY_LEADER: ContactRole.AGENCY_LEADER,
}


def notify(inspection):
    return inspection_transition(user=None, inspection=inspection, name="notify")


@pytest.mark.parametrize(
    "url_name,args",
    [("inspections:programme", []), ("inspections:plan", []), ("inspections:detail", ["JTAI-2016-100"])],
)
def test_anonymous_users_are_sent_to_sign_in(client, url_name, args):
    url = reverse(url_name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_inspector_on_the_team_sees_the_inspection_and_its_team(client, inspection):
    lead = inspection.team.get(is_lead=True).inspector
    client.force_login(lead.user)
    response = client.get(detail_url(inspection))
    assert response.status_code == 200
    assert inspection.reference in response.text
    assert "Stage history" in response.text
    # Unescaped: a made-up name may hold an apostrophe (O'Neill), which the page writes as &#x27;.
    assert lead.name in unescape(response.text)


def test_inspector_not_on_the_team_gets_404_and_does_not_see_it_in_the_programme(client, inspection):
    outsider = factories.InspectorFactory()
    client.force_login(outsider.user)
    assert client.get(detail_url(inspection)).status_code == 404
    programme = client.get(reverse("inspections:programme"))
    assert inspection.reference not in programme.text
    assert "There are no inspections for you to see yet" in programme.text


def test_inspector_sees_only_their_own_inspections_in_the_programme(client):
    inspector = factories.InspectorFactory()
    own = factories.InspectionFactory(lead=inspector)
    other = factories.InspectionFactory()
    client.force_login(inspector.user)
    response = client.get(reverse("inspections:programme"))
    assert "Your inspections" in response.text
    assert own.reference in response.text
    assert other.reference not in response.text


def test_manager_sees_every_inspection(client, manager):
    inspections = [factories.InspectionFactory(), factories.InspectionFactory()]
    client.force_login(manager.user)
    response = client.get(reverse("inspections:programme"))
    assert "Inspection programme" in response.text
    for inspection in inspections:
        assert inspection.reference in response.text
        assert client.get(detail_url(inspection)).status_code == 200


def test_local_user_knows_nothing_of_the_inspection_before_notification(client, inspection):
    client.force_login(local_user(inspection.area, contact_on=inspection))
    assert client.get(detail_url(inspection)).status_code == 404
    response = client.get(reverse("inspections:programme"))
    assert inspection.reference not in response.text
    # Not even a count by stage gives it away.
    assert "Planned (1)" not in response.text
    assert "There are no inspections for you to see yet" in response.text


def test_local_user_sees_timeline_and_stage_only_after_notification(client, inspection):
    notify(inspection)
    client.force_login(local_user(inspection.area, PersonRole.DCS_COORDINATOR, "coordinator", contact_on=inspection))
    response = client.get(detail_url(inspection))
    assert response.status_code == 200
    assert "Notified" in response.text
    assert "Monday 22 February 2016" in response.text
    assert "Team" not in response.text
    assert "Stage history" not in response.text
    assert "Change the stage" not in response.text
    assert "Change the week on site" not in response.text
    assert inspection.reference in client.get(reverse("inspections:programme")).text


def test_a_local_user_sees_only_the_inspections_that_tell_them(client, inspection):
    notify(inspection)
    # In the area, but not recorded on this inspection: nothing to see.
    client.force_login(local_user(inspection.area, PersonRole.CHIEF_EXECUTIVE, "chief.executive"))
    assert client.get(detail_url(inspection)).status_code == 404
    assert inspection.reference not in client.get(reverse("inspections:programme")).text


@pytest.mark.parametrize(
    ("agency_kind", "sees_it"),
    [(AgencyKind.POLICE, False), (AgencyKind.HEALTH, False), (AgencyKind.LSCB, True), (AgencyKind.COUNCIL, True)],
)
def test_an_ofsted_only_inspection_is_seen_by_the_council_alone(client, agency_kind, sees_it):
    inspection = factories.InspectionFactory(framework=factories.framework("ofsted-targeted-2016"))
    notify(inspection)
    agency = factories.AgencyFactory(kind=agency_kind, areas=[inspection.area])
    leader = local_user(inspection.area, PersonRole.AGENCY_LEADER, "leader", contact_on=inspection, agency=agency)
    client.force_login(leader)
    assert client.get(detail_url(inspection)).status_code == (200 if sees_it else 404)
    assert (inspection.reference in client.get(reverse("inspections:programme")).text) is sees_it


def test_an_agency_serving_two_areas_sees_each_inspection_it_is_told_of(client):
    first, second = factories.InspectionFactory(), factories.InspectionFactory()
    police = factories.AgencyFactory(kind=AgencyKind.POLICE, areas=[first.area, second.area])
    leader = local_user(first.area, PersonRole.AGENCY_LEADER, "leader", contact_on=first, agency=police)
    InspectionContact.objects.create(
        inspection=second, person=leader.local_contacts.get(), role=ContactRole.AGENCY_LEADER, agency=police
    )
    notify(first)
    notify(second)
    client.force_login(leader)
    assert client.get(detail_url(first)).status_code == 200
    assert client.get(detail_url(second)).status_code == 200


def test_local_user_of_another_area_never_sees_it(client, inspection):
    notify(inspection)
    client.force_login(local_user(factories.AreaFactory()))
    assert client.get(detail_url(inspection)).status_code == 404


def test_only_inspectors_may_plan(client, inspection):
    client.force_login(local_user(inspection.area))
    assert client.get(reverse("inspections:plan")).status_code == 403


def test_a_user_without_a_role_is_told_so(client):
    client.force_login(factories.UserFactory())
    response = client.get(reverse("home"))
    assert "You have no role in this service yet" in response.text
    assert client.get(reverse("inspections:programme")).status_code == 403


def test_team_member_who_is_not_lead_sees_no_actions(client, inspection):
    member = factories.InspectorFactory(inspectorate=factories.inspectorate("cqc"))
    inspection.team.create(inspector=member)
    client.force_login(member.user)
    response = client.get(detail_url(inspection))
    assert response.status_code == 200
    assert "Change the stage" not in response.text
    assert "Change the week on site" not in response.text


def test_one_log_in_in_two_areas_sees_each_notified_inspection_that_tells_it_and_nothing_else(client):
    liverpool, wirral, elsewhere = (
        factories.InspectionFactory(area=factories.AreaFactory(name=name)) for name in ("Liverpool", "Wirral", "Sefton")
    )
    planned = factories.InspectionFactory(area=wirral.area, onsite_start=datetime.date(2016, 9, 12))
    police = factories.AgencyFactory(kind=AgencyKind.POLICE, areas=[liverpool.area, wirral.area, elsewhere.area])
    account = factories.UserFactory(username="merseyside")
    for inspection in (liverpool, wirral, planned):
        person, _ = Person.objects.get_or_create(
            area=inspection.area,
            agency=police,
            role=PersonRole.AGENCY_LEADER,
            defaults={"name": "Pat Chief", "email": "chief@police.example.org", "user": account},
        )
        InspectionContact.objects.create(
            inspection=inspection, person=person, role=ContactRole.AGENCY_LEADER, agency=police
        )
    assert Person.objects.filter(user=account).count() == 2  # a person in each area, one log-in
    for inspection in (liverpool, wirral, elsewhere):
        notify(inspection)

    client.force_login(account)
    assert client.get(detail_url(liverpool)).status_code == 200
    assert client.get(detail_url(wirral)).status_code == 200
    assert client.get(detail_url(planned)).status_code == 404  # not yet notified
    assert client.get(detail_url(elsewhere)).status_code == 404  # an area where they are nobody's contact
    page = client.get(reverse("inspections:programme")).text
    assert liverpool.reference in page and wirral.reference in page
    assert planned.reference not in page and elsewhere.reference not in page


def test_a_user_of_another_area_does_not_see_an_inspection_whose_own_contacts_have_log_ins(client, inspection):
    """The inspection tells its own DCS, who has a log-in: that log-in, not any log-in, is what lets
    a local user in. Another area's DCS, told of their own inspection, still gets a 404 here."""
    here = local_user(inspection.area, contact_on=inspection)
    theirs = factories.InspectionFactory()
    elsewhere = local_user(theirs.area, username="elsewhere.dcs", contact_on=theirs)
    notify(inspection)
    notify(theirs)

    client.force_login(here)
    assert client.get(detail_url(inspection)).status_code == 200

    client.force_login(elsewhere)
    assert client.get(detail_url(theirs)).status_code == 200
    assert client.get(detail_url(inspection)).status_code == 404
    assert inspection.reference not in client.get(reverse("inspections:programme")).text


@pytest.mark.parametrize(
    ("method", "url_name"),
    [
        ("get", "inspections:team"),
        ("get", "inspections:contacts"),
        ("post", "inspections:change_stage"),
        ("post", "inspections:reschedule"),
        ("post", "inspections:meetings"),
    ],
)
def test_a_team_page_does_not_exist_for_a_local_user_who_knows_the_inspection(client, inspection, method, url_name):
    """404, never 403: a local user told of the inspection sees its page, but a 403 on a team page
    would tell them the page is there."""
    notify(inspection)
    client.force_login(local_user(inspection.area, PersonRole.DCS_COORDINATOR, "coordinator", contact_on=inspection))
    assert client.get(detail_url(inspection)).status_code == 200
    response = getattr(client, method)(reverse(url_name, args=[inspection.reference]))
    assert response.status_code == 404


@pytest.mark.parametrize("url_name", ["inspections:change_stage", "inspections:reschedule", "inspections:meetings"])
def test_a_team_button_is_pressed_only_by_post_and_only_signed_in(client, inspection, url_name):
    url = reverse(url_name, args=[inspection.reference])

    signed_out = client.post(url)
    client.force_login(inspection.team.get(is_lead=True).inspector.user)

    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith(reverse("login"))
    assert client.get(url).status_code == 405


def test_team_inspection_for_is_a_404_for_a_told_local_user_and_an_inspector_off_the_team(inspection):
    from django.http import Http404

    from inspections.permissions import inspection_for, team_inspection_for

    notify(inspection)
    dcs = local_user(inspection.area, contact_on=inspection)
    assert inspection_for(dcs, inspection.reference) == inspection
    with pytest.raises(Http404):
        team_inspection_for(dcs, inspection.reference)
    with pytest.raises(Http404):
        team_inspection_for(factories.InspectorFactory().user, inspection.reference)
    lead = inspection.team.get(is_lead=True).inspector.user
    assert team_inspection_for(lead, inspection.reference) == inspection
