"""Calendar feeds: an inspector's own and a manager's programme's. A feed says less than the
pages: before notification only the reference and "not yet notified"; every entry private; the
same UIDs from one reading to the next; cancelled entries when the inspection is; no contact's
name, telephone or e-mail; the times read alike by two parsers; a stopped address is a 404."""

import datetime

import icalendar
import pytest
import vobject

from api import feeds
from api.models import CalendarFeed
from inspections.models import Inspection, Programme
from inspections.services import inspection_transition
from jtai.errors import DomainError
from tests.helpers import area_with_people, lead_of, plan_inspection
from tests.inspections import factories

pytestmark = pytest.mark.django_db


def read(client, token):
    answer = client.get(f"/api/calendar/{token}.ics")
    return answer.status_code, answer.content.decode() if answer.status_code == 200 else ""


def events(text):
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


@pytest.fixture
def subscribed(planned_inspection):
    lead = lead_of(planned_inspection)
    lead.inspector.telephone = "0300 123 4567"
    lead.inspector.save()
    item, token = feeds.feed_create(user=lead)
    return planned_inspection, lead, token


def test_before_notification_entries_name_only_the_reference(client, subscribed):
    inspection, _, token = subscribed
    status, text = read(client, token)
    assert status == 200
    assert "Northshire" not in text
    found = events(text)
    assert {str(e["summary"]).split(":")[0] for e in found} == {inspection.reference}
    assert all("(not yet notified)" in str(e["summary"]) for e in found)
    assert all(str(e["class"]) == "PRIVATE" for e in found)
    assert {str(e["uid"]).split("@")[0].removeprefix(inspection.reference + "-") for e in found} == {
        "on-site", "conference-call", "setup-meeting", "feedback-meeting", "draft-letter-due", "publication-due",
    }  # fmt: skip


def test_after_notification_they_name_the_area_and_keep_their_uids(client, subscribed):
    inspection, _, token = subscribed
    before = {str(e["uid"]) for e in events(read(client, token)[1])}
    inspection_transition(user=None, inspection=inspection, name="notify")
    found = events(read(client, token)[1])
    assert {str(e["uid"]) for e in found} == before
    assert all(str(e["summary"]).startswith(f"{inspection.reference} Northshire: ") for e in found)
    assert all("not yet notified" not in str(e["summary"]) for e in found)
    assert {str(e["status"]) for e in found} == {"CONFIRMED"}


def test_a_cancelled_inspection_has_its_entries_cancelled(client, subscribed):
    inspection, lead, token = subscribed
    before = {str(e["uid"]) for e in events(read(client, token)[1])}
    inspection_transition(user=lead, inspection=inspection, name="cancel")
    found = events(read(client, token)[1])
    assert {str(e["uid"]) for e in found} == before
    assert {str(e["status"]) for e in found} == {"CANCELLED"}


def test_no_feed_holds_a_contacts_name_telephone_or_email(client, subscribed):
    inspection, lead, token = subscribed
    inspection_transition(user=None, inspection=inspection, name="notify")
    text = read(client, token)[1]
    unfolded = text.replace("\r\n ", "")
    for contact in inspection.contacts.select_related("person"):
        assert contact.person.name not in unfolded
        assert contact.person.email not in unfolded
    assert lead.email not in unfolded and "0300 123 4567" not in unfolded
    assert "\nATTENDEE" not in text and "\nORGANIZER" not in text and "\nLOCATION" not in text


def test_two_parsers_agree_on_every_instant_either_side_of_the_clock_change(client, subscribed):
    inspection, lead, token = subscribed
    # A second inspection of the same lead, on site after the clocks go forward (27 March 2016).
    plan_inspection(
        people=area_with_people(name="Westshire"), onsite_start=datetime.date(2016, 4, 18), lead=lead.inspector
    )
    text = read(client, token)[1]
    by_icalendar = {
        str(e["uid"]): (e.decoded("dtstart"), e.decoded("dtend"))
        for e in icalendar.Calendar.from_ical(text).walk("VEVENT")
    }
    by_vobject = {e.uid.value: (e.dtstart.value, e.dtend.value) for e in vobject.readOne(text).vevent_list}
    assert len(by_icalendar) == 12 and by_icalendar.keys() == by_vobject.keys()
    for uid, (start, end) in by_icalendar.items():
        assert (start, end) == by_vobject[uid], uid
        if isinstance(start, datetime.datetime):
            assert start.utcoffset() is not None and by_vobject[uid][0].utcoffset() == start.utcoffset()
    setup = [v for k, v in by_icalendar.items() if k.endswith("setup-meeting@jtai.feed")]
    utc = sorted(s.astimezone(datetime.UTC) for s, _ in setup)
    # 9.30am London each time: GMT in March, BST in April.
    assert [(s.month, s.hour, s.minute) for s in utc] == [(3, 9, 30), (4, 8, 30)]


def test_a_stopped_address_is_a_404(client, subscribed):
    inspection, lead, token = subscribed
    assert read(client, token)[0] == 200
    feeds.feed_revoke(user=lead, feed_id=CalendarFeed.objects.get().pk)
    assert read(client, token)[0] == 404
    assert read(client, "made-up")[0] == 404


def test_a_new_password_stops_every_address(client, subscribed):
    _, lead, token = subscribed
    lead.set_password("a new and long password")
    lead.save()
    assert read(client, token)[0] == 404


def test_changing_the_password_gives_each_working_calendar_a_new_address_shown_once(client, subscribed):
    _, lead, old = subscribed
    stopped, _ = feeds.feed_create(user=lead)
    feeds.feed_revoke(user=lead, feed_id=stopped.pk)
    lead.set_password("the old password, long enough")
    lead.save()
    client.force_login(lead)
    old = feeds.feed_create(user=lead)[1]  # made with this password: working
    changed = client.post(
        "/account/password/",
        {
            "old_password": "the old password, long enough",
            "new_password1": "an entirely new passphrase 42",
            "new_password2": "an entirely new passphrase 42",
        },
        follow=True,
    )
    assert changed.redirect_chain == [("/api/calendar-feeds/", 302)]
    page = changed.content.decode()
    assert "Your password has been changed" in page
    new = page.split("http://testserver/api/calendar/")[1].split(".ics")[0]
    assert read(client, old)[0] == 404
    assert read(client, new)[0] == 200
    # One new address: the one the user had stopped stays stopped, and the page gives it once.
    assert page.count("http://testserver/api/calendar/") == 1
    assert "http://testserver/api/calendar/" not in client.get("/api/calendar-feeds/").content.decode()


def test_an_address_stopped_by_a_password_reset_can_be_given_a_new_one(client, subscribed):
    _, lead, old = subscribed
    lead.set_password("reset by e-mail, long enough")
    lead.save()
    client.force_login(lead)
    listed = client.get("/api/calendar-feeds/").content.decode()
    assert "Stopped (password changed)" in listed and "Get a new address" in listed
    item = CalendarFeed.objects.get(user=lead)
    made = client.post("/api/calendar-feeds/", {"action": "rotate", "feed": item.pk}, follow=True)
    new = made.content.decode().split("http://testserver/api/calendar/")[1].split(".ics")[0]
    assert read(client, new)[0] == 200 and read(client, old)[0] == 404
    item.refresh_from_db()
    assert item.revoked_at is not None  # the old address never comes back
    other = factories.InspectorFactory()
    client.force_login(other.user)
    refused = client.post("/api/calendar-feeds/", {"action": "rotate", "feed": item.pk})
    assert refused.status_code == 400 and "There is no such calendar feed" in refused.content.decode()


def test_a_programme_feed_is_for_managers_and_holds_the_weeks_on_site(client, planned_inspection, manager):
    programme = Programme.objects.get(slug="jtai-2016")
    Inspection.objects.filter(pk=planned_inspection.pk).update(programme=programme)
    with pytest.raises(DomainError) as refused:
        feeds.feed_create(user=lead_of(planned_inspection), programme=programme)
    assert refused.value.field == "programme"
    _, token = feeds.feed_create(user=manager.user, programme=programme)
    found = events(read(client, token)[1])
    assert [str(e["summary"]) for e in found] == [f"{planned_inspection.reference}: week on site (not yet notified)"]


def test_the_account_page_gives_the_address_once_lists_it_and_stops_it(client, planned_inspection):
    lead = lead_of(planned_inspection)
    client.force_login(lead)
    assert "Subscribe to a calendar" in client.get("/account/").content.decode()
    made = client.post("/api/calendar-feeds/", {"action": "create"}, follow=True)
    assert made.redirect_chain == [("/api/calendar-feeds/", 302)]  # a reload makes no second feed
    assert "http://testserver/api/calendar/" in made.content.decode()
    listed = client.get("/api/calendar-feeds/").content.decode()
    assert "http://testserver/api/calendar/" not in listed and "Working" in listed
    item = CalendarFeed.objects.get(user=lead)
    client.post("/api/calendar-feeds/", {"action": "revoke", "feed": item.pk})
    item.refresh_from_db()
    assert item.revoked_at is not None
    other = factories.InspectorFactory()
    client.force_login(other.user)
    refused = client.post("/api/calendar-feeds/", {"action": "revoke", "feed": item.pk})
    assert refused.status_code == 400
    assert "There is no such calendar feed" in refused.content.decode()
