"""The audit trail pages: an inspection's, for its lead inspector and admins only, and the
admins' site-wide one."""

import datetime
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from inspections.models import ContactRole, Milestone
from inspections.services import inspection_transition
from inspections.services.contacts import contact_replace
from tests.factories import UserFactory
from tests.helpers import lead_of, london
from tests.inspections import factories

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


def reschedule(client, inspection, day: datetime.date):
    url = reverse("inspections:reschedule", args=[inspection.reference])
    return client.post(url, {"onsite_start_0": day.day, "onsite_start_1": day.month, "onsite_start_2": day.year})


def audit(client, inspection, **query):
    return client.get(reverse("inspections:audit", args=[inspection.reference]), query)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True, first_name="Ada", last_name="Admin")


def test_the_lead_sees_who_changed_what_and_when_with_field_level_differences(client, clock, planned_inspection):
    lead = lead_of(planned_inspection)
    lead.first_name, lead.last_name = "Lena", "Lead"
    lead.save()
    clock.move_to(london(2016, 2, 3, 14, 30))
    client.force_login(lead)
    reschedule(client, planned_inspection, datetime.date(2016, 3, 14))

    response = audit(client, planned_inspection, part="Inspection")
    assert response.status_code == 200
    page = text(response)
    timeline = text(audit(client, planned_inspection, part="Timeline"))

    assert "First day on site changed from Monday 7 March 2016 to Monday 14 March 2016" in page
    assert "Date changed from Monday 22 February 2016 to Monday 29 February 2016" in timeline
    assert "Lena Lead" in page
    # The time is London's: 2:30pm on 3 February (GMT), shown as such.
    assert "3 February 2016 at 2:30pm" in page
    # Newest first: the move comes before the planning.
    assert page.index("Monday 14 March 2016") < page.index("Created")


def test_the_trail_of_one_part_is_filtered_and_named_in_the_title(client, clock, planned_inspection):
    client.force_login(lead_of(planned_inspection))
    reschedule(client, planned_inspection, datetime.date(2016, 3, 14))

    page = text(audit(client, planned_inspection, part="Team"))

    assert "<title>Audit trail of" in page and ": Team" in page
    assert "Team member" in page
    assert "Milestone" not in page.split('id="audit-trail"')[1]


def test_an_unknown_part_is_an_error_naming_the_field(client, planned_inspection):
    client.force_login(lead_of(planned_inspection))
    page = text(audit(client, planned_inspection, part="Nonsense"))
    assert "There is a problem" in page
    assert "Choose a part from the list" in page


def test_the_trail_is_paginated_newest_first(client, clock, planned_inspection):
    for day in range(30):
        clock.move_to(london(2016, 2, 2, 9, 0) + datetime.timedelta(minutes=day))
        milestone = planned_inspection.milestones.get(key="onsite_start")
        milestone.label = f"First day, version {day}"
        milestone.save()
    client.force_login(lead_of(planned_inspection))

    first = text(audit(client, planned_inspection, part="Timeline"))
    second = text(audit(client, planned_inspection, part="Timeline", page=2))

    assert "version 29" in first and "version 0”" not in first
    assert 'class="govuk-pagination"' in first
    assert "?part=Timeline&page=2" in first
    assert "version 0" in second


@pytest.mark.parametrize("who", ["team member", "manager", "local user", "stranger", "staff without the permission"])
def test_everyone_but_the_lead_and_admins_gets_a_404(client, planned_inspection, people, who):
    if who == "staff without the permission":
        # The admin site alone is not the audit trail: an admin reads it by being given the right.
        user = UserFactory(is_staff=True)
    elif who == "team member":
        user = factories.InspectorFactory().user
        planned_inspection.team.create(inspector=user.inspector)
    elif who == "manager":
        user = factories.InspectorFactory(is_manager=True).user
    elif who == "local user":
        user = UserFactory()
        people.dcs.user = user
        people.dcs.save()
    else:
        user = UserFactory()
    client.force_login(user)
    assert audit(client, planned_inspection).status_code == 404
    # Nor does the inspection page link to it.
    assert "audit-trail-link" not in text(
        client.get(reverse("inspections:detail", args=[planned_inspection.reference]))
    )


def test_a_secret_inspection_404s_the_same_as_one_that_does_not_exist(client, planned_inspection):
    client.force_login(UserFactory())
    assert audit(client, planned_inspection).status_code == 404
    assert client.get(reverse("inspections:audit", args=["NO-SUCH"])).status_code == 404


def test_the_inspection_page_links_the_lead_to_the_trail(client, planned_inspection):
    client.force_login(lead_of(planned_inspection))
    page = text(client.get(reverse("inspections:detail", args=[planned_inspection.reference])))
    assert reverse("inspections:audit", args=[planned_inspection.reference]) in page


def test_an_admin_sees_any_inspections_trail(client, admin_user, planned_inspection):
    client.force_login(admin_user)
    response = audit(client, planned_inspection, part="Team")
    assert response.status_code == 200
    assert "Team member" in text(response)


def test_an_admin_given_the_history_permission_sees_any_inspections_trail(client, planned_inspection):
    staff = UserFactory(username="auditor", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_historicalinspection"))
    client.force_login(staff)
    response = audit(client, planned_inspection, part="Team")
    assert response.status_code == 200
    assert "Team member" in text(response)


def test_the_page_runs_a_bounded_number_of_queries_with_many_history_rows(
    client, clock, planned_inspection, django_assert_max_num_queries
):
    client.force_login(lead_of(planned_inspection))
    milestones = list(planned_inspection.milestones.all())
    for n in range(40):
        for milestone in milestones:
            milestone.label = f"{milestone.key} {n}"
            milestone.save()
    assert Milestone.history.filter(inspection_id=planned_inspection.pk).count() > 400

    with django_assert_max_num_queries(45):
        response = audit(client, planned_inspection)
    assert response.status_code == 200
    with django_assert_max_num_queries(45):
        audit(client, planned_inspection, page=5)


# The site-wide page


def test_the_site_wide_trail_is_for_admins_only(client, planned_inspection):
    client.force_login(lead_of(planned_inspection))
    assert client.get(reverse("site_audit")).status_code == 404


def test_admins_filter_the_site_wide_trail_by_user_and_dates(client, clock, admin_user, planned_inspection):
    lead = lead_of(planned_inspection)
    clock.move_to(london(2016, 2, 10, 11, 0))
    client.force_login(lead)
    reschedule(client, planned_inspection, datetime.date(2016, 3, 14))
    client.force_login(admin_user)

    by_lead = text(
        client.get(
            reverse("site_audit"),
            {"part": "Inspection", "user": lead.username, "since": "10/2/2016", "until": "10/2/2016"},
        )
    )
    before = text(client.get(reverse("site_audit"), {"part": "Inspection", "until": "9/2/2016"}))

    assert "First day on site changed from Monday 7 March 2016 to Monday 14 March 2016" in by_lead
    assert "Monday 14 March 2016" not in before


def test_site_wide_filters_refuse_bad_input_naming_the_field(client, admin_user):
    client.force_login(admin_user)
    page = text(client.get(reverse("site_audit"), {"user": "nobody-here", "since": "31/2/2016"}))
    assert "There is no user called “nobody-here”" in page
    assert "Enter the from date as a day/month/year" in page


def test_site_wide_filters_refuse_dates_far_outside_any_inspection(client, clock, admin_user):
    client.force_login(admin_user)
    both = client.get(reverse("site_audit"), {"since": "0001-01-01", "until": "9999-12-31"})
    until = client.get(reverse("site_audit"), {"until": "9999-12-31"})
    assert (both.status_code, until.status_code) == (400, 400)
    assert "The from date must be between 1 January 2000 and 31 December 2017" in text(both)
    assert "The to date must be between 1 January 2000 and 31 December 2017" in text(until)


def test_site_wide_trail_includes_reference_data(client, admin_user):
    client.force_login(admin_user)
    area = factories.AreaFactory(name="Westshire")
    area.region = "South West"
    area.save()
    page = text(client.get(reverse("site_audit"), {"part": "Reference data"}))
    assert "Area “Westshire”" in page
    assert "Region set to South West" in page


def test_stage_changes_and_contact_changes_are_in_the_trail(client, clock, planned_inspection, people):
    lead = lead_of(planned_inspection)
    deputy = factories.PersonFactory(
        name="Dee Deputy",
        email="deputy@police.example.org",
        role="agency_leader",
        area=people.area,
        agency=people.police.agency,
    )
    contact_replace(user=lead, inspection=planned_inspection, person=deputy, role=ContactRole.AGENCY_LEADER)
    inspection_transition(user=lead, inspection=planned_inspection, name="postpone", reason="Ofsted staff unwell")
    client.force_login(lead)

    stages = text(audit(client, planned_inspection, part="Inspection"))
    assert "Stage changed from Planned to Postponed: Ofsted staff unwell" in stages
    contacts = " ".join(re.sub(r"<[^>]+>", " ", text(audit(client, planned_inspection, part="Contacts"))).split())
    assert "Local contact “Dee Deputy” : Created" in contacts
    assert "Local contact “Peter Police” : Changed Ended at set to Monday 1 February 2016 at 9am" in contacts
    # Made through the service, outside any request: still the lead's changes, not the system's.
    by = f"{lead.get_full_name()} Contacts Local contact"
    assert f"{by} “Dee Deputy” : Created" in unescape(contacts)
    assert f"{by} “Peter Police” : Changed Ended at" in unescape(contacts)
    assert f"{by} “Dana Director” : Created" in unescape(contacts)
