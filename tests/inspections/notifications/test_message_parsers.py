"""Every kind of e-mail and calendar file the service sends, read by parsers other than the ones
that wrote it: Python's e-mail parser under its strict policy, icalendar and vobject. The people
named in them have apostrophes, accents, letters beyond Latin and very long names, and the
inspection's meetings fall on both sides of a clock change."""

import datetime
import email
import email.policy
import email.utils
import re
from email.header import decode_header, make_header
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import vobject
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from icalendar import Calendar

from inspections.case_audits.invitations import invitation_queue
from inspections.models import ContactRole, MilestoneKey
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.emails import ACT_ON, govuk_when, render
from inspections.notifications.models import Message, MessageKind, MessageStatus
from inspections.notifications.services import council_tell, lead_tell, message_queue
from inspections.services import inspection_meetings_change
from inspections.services.planning import inspection_reschedule
from inspections.services.stages import inspection_transition
from tests.helpers import area_with_people, lead_of, plan_inspection
from tests.inspections import factories
from tests.sent_mail import assert_links_work, calendar_parts, message_row

K = MessageKind
pytestmark = pytest.mark.django_db

LETTER_KINDS = {kind for kind, (url_name, _) in ACT_ON.items() if url_name.startswith(("reports:", "statements:"))}

# Names a mail or calendar program must carry through unchanged.
AREA = "Ynys Môn and St Helen's, Côte-d'Or — a very long name for an area: Llanfairpwllgwyngyll"
DCS = "Siobhán O'Connor-Ní Bhriain"
COORDINATOR = "Zoë Ünal-Łukasiewicz 李小龍"
POLICE = "Director, Children's Services; Police"
LONG = "Sir Bartholomew " + "Featherstonehaugh-Cholmondeley " * 5 + "Ørsted"
LEAD = ("Renée", "D'Arcy-Østergård")
VENUE = 'Salle Saint-Étienne, 3 rue de l\'Église; Room 4, "the big one"'

# 2016's clocks went forward on 27 March: the conference call is in GMT, the week on site in BST.
ONSITE = datetime.date(2016, 4, 4)


@pytest.fixture
def named(clock):
    people = area_with_people()
    people.area.name = AREA
    people.area.save()
    for person, name in (
        (people.dcs, DCS),
        (people.coordinator, COORDINATOR),
        (people.police, POLICE),
        (people.health, LONG),
    ):
        person.name = name
        person.save()
    people.lscb.email = "o'brien@lscb.example.org"
    people.lscb.save()
    users = get_user_model().objects
    for person, username in ((people.dcs, "siobhan"), (people.coordinator, "zoe"), (people.police, "peter")):
        person.user = users.create_user(username=username, email=person.email, password="x")
        person.save()
    lead = factories.InspectorFactory(
        user__username="lead",
        user__first_name=LEAD[0],
        user__last_name=LEAD[1],
        user__email="lead@ofsted.example.org",
        telephone="0300 123 1231",
    )
    return plan_inspection(people=people, lead=lead, onsite_start=ONSITE)


def every_kind(clock, inspection) -> list:
    """Each kind of message, sent as the service sends it, in the order it would go."""
    sent = []

    def dispatch_at(moment):
        clock.move_to(moment)
        notifications_dispatch()
        for message in mail.outbox:
            message.sent_moment = moment
        sent.extend(mail.outbox)
        mail.outbox.clear()

    dispatch_at(inspection.notification_at)
    lead = lead_of(inspection)
    # The venue is recorded, then the week moves over the clock change: updated invitations.
    clock.move_to(inspection.notification_at + datetime.timedelta(hours=1))
    inspection_meetings_change(user=lead, inspection=inspection, conference_call_details="", setup_meeting_venue=VENUE)
    dispatch_at(inspection.notification_at + datetime.timedelta(hours=1))
    inspection_reschedule(user=lead, inspection=inspection, onsite_start=datetime.date(2016, 4, 11))
    dispatch_at(inspection.notification_at + datetime.timedelta(hours=2))
    # The one-off messages the apps built on the inspection queue when someone acts.
    coordinator = inspection.contacts.get(role=ContactRole.DCS_COORDINATOR)
    milestones = {m.key: m for m in inspection.milestones.all()}
    message_queue(
        inspection=inspection,
        kind=K.CASE_AUDIT_REQUEST,
        key="case_audit_request",
        contact=coordinator,
        recipient_name=COORDINATOR,
        recipient_email=coordinator.person.email,
        milestone_key=MilestoneKey.CASE_AUDIT_DEADLINE,
    )
    invitation_queue(inspection=inspection, person=inspection.contacts.get(role=ContactRole.LSCB_CHAIR).person)
    for kind in (K.CASE_AUDIT_SUBMITTED, K.FACTUAL_ACCURACY_SUBMITTED, K.ACTION_PLAN_RECEIVED):
        lead_tell(inspection=inspection, kind=kind, key=kind)
    due = {"action_plan_due": "2016-06-24"}
    council_tell(inspection=inspection, kind=K.ACTION_PLAN_DUE, key="action_plan_due", dates=due)
    for kind in (K.STATEMENT_ACCEPTED, K.STATEMENT_CHANGES_REQUESTED):
        # No review recorded: the e-mail still reads (the review's own tests cover its reasons).
        council_tell(inspection=inspection, kind=kind, key=f"statement_review:0:{kind}")
    dispatch_at(inspection.notification_at + datetime.timedelta(hours=3))
    # The deadline reminders and the team's, as they fall due.
    for day in range(1, 25):
        dispatch_at(inspection.notification_at + datetime.timedelta(days=day))
    # The draft letter and the factual-accuracy reminder are rendered from the plan's rows, as the
    # dispatcher would at their time.
    accuracy = milestones.get(MilestoneKey.FACTUAL_ACCURACY_DUE)
    assert accuracy is not None
    for kind in (K.DRAFT_LETTER_SENT, K.FACTUAL_ACCURACY_REMINDER):
        row = Message.objects.create(
            inspection=inspection,
            kind=kind,
            key=f"parsers:{kind}",
            contact=coordinator,
            recipient_name=COORDINATOR,
            recipient_email=coordinator.person.email,
            milestone_key=MilestoneKey.FACTUAL_ACCURACY_DUE,
            due_at=timezone.now(),
            status=MessageStatus.SENT,
        )
        rendered = render(row)
        rendered.sent_moment = timezone.now()
        sent.append(rendered)
    # Taken off: everyone told hears, and each meeting still ahead is cancelled.
    clock.move_to(inspection.notification_at + datetime.timedelta(days=24, hours=1))
    inspection_transition(user=lead, inspection=inspection, name="cancel")
    dispatch_at(inspection.notification_at + datetime.timedelta(days=24, hours=2))
    return sent


@pytest.fixture
def sent(clock, named):
    return every_kind(clock, named)


def test_every_kind_is_covered(sent):
    assert {message_row(m).kind for m in sent} >= set(K) - {K.INSPECTION_POSTPONED}


# E-mail


def strict(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.strict)


def test_every_message_parses_under_the_strict_policy_with_no_defects(sent):
    for message in sent:
        raw = message.message().as_bytes()
        parsed = strict(raw)
        for part in parsed.walk():
            assert not part.defects, (message.subject, part.get_content_type(), part.defects)


def test_every_message_has_a_date_and_a_unique_message_id_with_a_domain(sent):
    ids = []
    for message in sent:
        parsed = strict(message.message().as_bytes())
        # "-0000" (RFC 5322 3.3) is UTC with no local offset given: the moment it was sent.
        date = email.utils.parsedate_to_datetime(str(parsed["Date"]))
        assert date.replace(tzinfo=date.tzinfo or datetime.UTC) == timezone.now().replace(microsecond=0)
        (message_id,) = parsed.get_all("Message-ID")
        assert re.fullmatch(r"<[^<>@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+>", str(message_id).strip()), message_id
        ids.append(str(message_id).strip())
    assert len(ids) == len(set(ids))


def display_name(raw: bytes, header: str) -> str:
    """A mailbox's name as RFC 2047 6.2 reads it: white space between two encoded words is not
    part of the name. (Python's modern parser adds a space there, so a long name cut into several
    encoded words is read with the legacy decoder.)"""
    value = next(
        line.split(":", 1)[1]
        for line in raw.decode("ascii").replace("\n ", " ").split("\n")
        if line.lower().startswith(f"{header.lower()}:")
    )
    name = str(make_header(decode_header(value.rsplit("<", 1)[0].strip())))
    return email.utils.unquote(name) if name.startswith('"') else name


def test_from_to_and_subject_decode_back_to_the_names_and_words_sent(sent):
    seen = set()
    for message in sent:
        row = message_row(message)
        raw = message.message().as_bytes()
        parsed = strict(raw)
        (to,) = parsed["To"].addresses
        assert to.addr_spec == row.recipient_email
        assert display_name(raw.split(b"\n\n", 1)[0], "To") == row.recipient_name
        seen.add(row.recipient_name)
        (sender,) = parsed["From"].addresses
        assert sender.addr_spec == email.utils.parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        assert str(parsed["Subject"]) == message.subject
        raw_subject = raw.split(b"\n\n", 1)[0].decode("ascii")
        if not message.subject.isascii():
            assert "=?utf-8?" in raw_subject.lower()
    assert {DCS, COORDINATOR, POLICE, LONG, " ".join(LEAD)} <= seen


def test_the_headers_are_ascii_and_no_line_is_longer_than_998_octets(sent):
    for message in sent:
        raw = message.message().as_bytes()
        headers = raw.split(b"\n\n", 1)[0]
        assert headers.isascii(), message.subject
        # RFC 5322 3.2.2: no line of a folded header is white space alone.
        for line in headers.split(b"\n"):
            assert line.split(b":", 1)[-1].strip(), (message.subject, line)
            # RFC 2047 2: an encoded word is at most 75 characters; RFC 5322 2.1.1: a line, 78.
            for word in re.findall(rb"=\?[^?]+\?[bqBQ]\?[^?]*\?=", line):
                assert len(word) <= 75, (message.subject, line)
            assert len(line) <= 78, (message.subject, line)
        for line in raw.split(b"\n"):
            assert len(line.rstrip(b"\r")) <= 998, (message.subject, line[:80])
        # Whatever the line ending, a mail server that turns each LF into CRLF reads the same message.
        assert b"\r" not in raw.replace(b"\r\n", b"")
        crlf = strict(raw.replace(b"\n", b"\r\n"))
        assert str(crlf["Subject"]) == message.subject


class Words(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("a", "strong"):
            self.data.append(" ")

    def handle_data(self, data):
        self.data.append(data)

    @property
    def words(self):
        return "".join(self.data).split()


def words_of_text(text: str) -> list[str]:
    """The words of the text part as its HTML twin shows them: a "Link text: URL" line is the link."""
    words = []
    for line in text.splitlines():
        line = re.sub(r"^- ", "", line)
        match = re.match(r"^(?P<text>[^:]{3,80}): https?://\S+$", line)
        if match:
            line = match["text"]
        words.extend(line.split())
    return words


def test_text_and_html_parts_say_the_same_in_their_declared_charset(sent):
    for message in sent:
        parsed = strict(message.message().as_bytes())
        alternative = next(p for p in parsed.walk() if p.get_content_type() == "multipart/alternative")
        kinds = [p.get_content_type() for p in alternative.iter_parts()]
        assert kinds[:2] == ["text/plain", "text/html"], kinds
        text_part, html_part = list(alternative.iter_parts())[:2]
        for part in (text_part, html_part):
            assert part.get_content_charset() == "utf-8"
            part.get_payload(decode=True).decode("utf-8")
        text, html = text_part.get_content(), html_part.get_content()
        assert text == message.body
        reader = Words()
        reader.feed(html)
        # The HTML adds a banner and the reference above the body, and nothing else.
        words = words_of_text(text)
        start = reader.words.index(words[0])
        assert reader.words[start : start + len(words)] == words, message.subject
        assert len(reader.words) - start == len(words), message.subject


def test_every_link_is_absolute_and_resolves_to_a_page_its_reader_can_act_on(sent, clock):
    for message in sent:
        parsed = strict(message.message().as_bytes())
        text = parsed.get_body(preferencelist=("plain",)).get_content()
        for url in re.findall(r"https?://\S+", text):
            assert url.startswith(f"{settings.SITE_URL}/"), url
            try:
                resolve(urlsplit(url).path)
            except Resolver404:
                pytest.fail(f"{url} in {message.subject!r} opens no page")
    # The HTML part links nowhere the text part does not: no relative link, no other site.
    for message in sent:
        _, html = [
            p.get_content() for p in strict(message.message().as_bytes()).walk() if p.get_content_maintype() == "text"
        ][:2]
        for href in re.findall(r'href="([^"]+)"', html):
            assert href.startswith((f"{settings.SITE_URL}/", "mailto:")), (message.subject, href)
    # Each link is followed on the day it went, while a single-use link is still open. The letter's
    # and the written statement's pages need a letter this inspection never reaches: their messages'
    # links are followed in tests/inspections/reports and tests/inspections/areas.
    # A cancellation asks nothing of its reader, and has no link.
    linked = [m for m in sent if message_row(m).kind not in LETTER_KINDS and "http" in m.body]
    assert {message_row(m).kind for m in sent} - {message_row(m).kind for m in linked} == {
        *LETTER_KINDS,
        K.INSPECTION_CANCELLED,
        K.MEETING_CANCELLED,
    }
    checked = 0
    for message in linked:
        clock.move_to(message.sent_moment)
        checked += assert_links_work([message])
    assert checked >= len(linked)


def test_calendar_parts_are_text_calendar_with_the_method_and_a_named_ics_file(sent):
    invitations = [m for m in sent if message_row(m).event_id]
    assert {message_row(m).kind for m in invitations} == {
        K.CONFERENCE_CALL_INVITE,
        K.SETUP_MEETING_INVITE,
        K.FEEDBACK_MEETING_INVITE,
        K.MEETING_CANCELLED,
    }
    for message in invitations:
        parsed = strict(message.message().as_bytes())
        alternative, attachment = calendar_parts(parsed)
        method = "CANCEL" if message_row(message).kind == K.MEETING_CANCELLED else "REQUEST"
        assert alternative.get_content_type() == "text/calendar"
        assert alternative.get_param("method") == method
        assert alternative.get_content_charset() == "utf-8"
        assert attachment.get_filename() == "invite.ics"
        assert attachment.get_content_disposition() == "attachment"
        body = attachment.get_payload(decode=True)
        assert body == alternative.get_payload(decode=True)
        assert f"METHOD:{method}\r\n".encode() in body


# Calendar files


def calendars(sent):
    """(message row, raw .ics bytes) of each invitation and cancellation."""
    for message in sent:
        row = message_row(message)
        if row.event_id:
            alternative, _ = calendar_parts(strict(message.message().as_bytes()))
            yield row, alternative.get_payload(decode=True)


def unfolded(raw: bytes) -> list[str]:
    return raw.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def test_calendar_lines_end_in_crlf_and_are_folded_at_75_octets(sent):
    for row, raw in calendars(sent):
        assert raw.endswith(b"\r\n")
        assert b"\n" not in raw.replace(b"\r\n", b""), row
        for line in raw.split(b"\r\n"):
            assert len(line) <= 75, (row, line)
        raw.decode("utf-8")


def test_both_parsers_read_the_same_meeting_at_its_london_time(sent):
    checked = set()
    subject_of = {message_row(m).pk: m.subject for m in sent}
    for row, raw in calendars(sent):
        calendar = Calendar.from_ical(raw)
        parsed = vobject.readOne(raw.decode("utf-8"))
        assert str(calendar["VERSION"]) == parsed.version.value == "2.0"
        assert calendar["PRODID"] and parsed.prodid.value
        method = "CANCEL" if row.kind == K.MEETING_CANCELLED else "REQUEST"
        assert str(calendar["METHOD"]) == parsed.method.value == method
        (zone,) = calendar.walk("VTIMEZONE")
        assert str(zone["TZID"]) == "Europe/London"
        (event,) = calendar.walk("VEVENT")
        assert event["DTSTART"].params["TZID"] == event["DTEND"].params["TZID"] == "Europe/London"
        starts_at = event.decoded("DTSTART")
        assert starts_at == parsed.vevent.dtstart.value
        assert event.decoded("DTEND") == parsed.vevent.dtend.value
        # The wall-clock time the message's subject gives, whichever side of the clock change.
        assert govuk_when(starts_at.date(), starts_at.time()) in subject_of[row.pk], row
        assert parsed.vevent.dtstart.value.utcoffset() == starts_at.astimezone(settings_zone()).utcoffset()
        checked.add(starts_at.utcoffset())
        stamp = next(line for line in unfolded(raw) if line.startswith("DTSTAMP"))
        assert stamp.endswith("Z"), stamp
        assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
    # Meetings both in GMT and in BST.
    assert checked == {datetime.timedelta(0), datetime.timedelta(hours=1)}


def test_dtstamp_is_the_moment_it_was_sent_in_utc(sent):
    summer = 0
    for message in sent:
        if message_row(message).event_id:
            (event,) = Calendar.from_ical(message.calendar).walk("VEVENT")
            assert event.decoded("DTSTAMP") == message.sent_moment.astimezone(datetime.UTC)
            summer += message.sent_moment.astimezone(settings_zone()).utcoffset() != datetime.timedelta(0)
    # Some went in summer time, when a local time written as UTC would be an hour out.
    assert summer


def settings_zone():
    import zoneinfo

    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def test_organizer_and_attendee_are_mailto_uris_with_their_names_read_back(sent):
    names = set()
    for row, raw in calendars(sent):
        (event,) = Calendar.from_ical(raw).walk("VEVENT")
        parsed = vobject.readOne(raw.decode("utf-8")).vevent
        assert str(event["ORGANIZER"]) == parsed.organizer.value == "mailto:lead@ofsted.example.org"
        assert str(event["ATTENDEE"]) == parsed.attendee.value == f"mailto:{row.recipient_email}"
        assert event["ATTENDEE"].params["CN"] == parsed.attendee.params["CN"][0] == row.recipient_name
        assert event["ORGANIZER"].params["CN"] == parsed.organizer.params["CN"][0] == " ".join(LEAD)
        names.add(row.recipient_name)
    assert {DCS, POLICE, LONG} <= names


def test_summary_description_with_its_absolute_link_and_venue_read_back_unchanged(sent):
    for row, raw in calendars(sent):
        (event,) = Calendar.from_ical(raw).walk("VEVENT")
        parsed = vobject.readOne(raw.decode("utf-8")).vevent
        assert str(event["SUMMARY"]) == parsed.summary.value
        # The entry's link, like the message's, is absolute and opens a page.
        (url,) = re.findall(r"https?://\S+", str(event["DESCRIPTION"]))
        assert url.startswith(f"{settings.SITE_URL}/")
        resolve(urlsplit(url).path)
        assert str(event["DESCRIPTION"]) == parsed.description.value
        if row.event.key == "setup_meeting" and "LOCATION" in event:
            assert str(event["LOCATION"]) == parsed.location.value == VENUE


def test_updates_keep_the_uid_with_a_rising_sequence_and_a_cancellation_keeps_it_too(sent):
    by_meeting = {}
    for row, raw in calendars(sent):
        if row.recipient_email != "dcs@northshire.example.org":
            continue
        (event,) = Calendar.from_ical(raw).walk("VEVENT")
        by_meeting.setdefault(row.event.key, []).append(
            (str(event["UID"]), int(event["SEQUENCE"]), str(Calendar.from_ical(raw)["METHOD"]))
        )
    setup = by_meeting["setup_meeting"]
    assert len({uid for uid, _, _ in setup}) == 1
    sequences = [sequence for _, sequence, _ in setup]
    assert sequences == sorted(set(sequences)) and len(sequences) >= 3
    assert setup[-1][2] == "CANCEL"


# The e-mail about no inspection: a forgotten password


def test_the_password_reset_email_parses_strictly_and_its_link_opens_the_page(client, monkeypatch, clock):
    from inspections.notifications import tasks  # noqa: F401 (registers the sending task)
    from jtai.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    user = get_user_model().objects.create_user(
        username="zoë.o'connor", email="o'connor@northshire.example.org", password="an old passphrase"
    )
    with TestCase.captureOnCommitCallbacks() as queued:
        client.post(reverse("password_reset"), {"email": user.email})
    for task in queued:
        task()
    (message,) = mail.outbox
    raw = message.message().as_bytes()
    parsed = strict(raw)
    for part in parsed.walk():
        assert not part.defects
    date = email.utils.parsedate_to_datetime(str(parsed["Date"]))
    assert date.replace(tzinfo=date.tzinfo or datetime.UTC) == timezone.now().replace(microsecond=0)
    assert re.fullmatch(r"<[^<>@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+>", str(parsed["Message-ID"]).strip())
    (to,) = parsed["To"].addresses
    assert to.addr_spec == user.email
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    assert "zoë.o'connor" in text
    (url,) = re.findall(r"https?://\S+", text)
    assert url.startswith(f"{settings.SITE_URL}/")
    resolve(urlsplit(url).path)
    page = client.get(urlsplit(url).path, follow=True)
    assert page.status_code == 200
    assert "New password" in page.content.decode()


def assert_ics_lines(raw: bytes):
    """RFC 5545 3.1: CRLF line endings, lines at most 75 octets, UTF-8 (a fold never splits a character)."""
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
    raw.decode("utf-8")


def test_a_meeting_file_downloaded_again_replaces_the_latest_invitation(sent, client, clock):
    latest = {}
    for row, raw in calendars(sent):
        if row.recipient_email == "dcs@northshire.example.org" and row.kind != K.MEETING_CANCELLED:
            (event,) = Calendar.from_ical(raw).walk("VEVENT")
            latest[row.event.key] = (str(event["UID"]), int(event["SEQUENCE"]), event.decoded("DTSTART"))
    inspection = message_row(sent[0]).inspection
    # Downloaded before the inspection was taken off: once a meeting is cancelled there is no file.
    inspection.calendar_events.update(cancelled=False)
    client.force_login(get_user_model().objects.get(username="siobhan"))
    for key, (uid, sequence, starts_at) in latest.items():
        answer = client.get(reverse("notifications:meeting_calendar", args=[inspection.reference, key]))
        assert answer.status_code == 200
        assert answer["Content-Type"] == "text/calendar; charset=utf-8"
        raw = answer.content
        assert_ics_lines(raw)
        (event,) = Calendar.from_ical(raw).walk("VEVENT")
        parsed = vobject.readOne(raw.decode("utf-8")).vevent
        assert str(event["UID"]) == parsed.uid.value == uid
        assert int(event["SEQUENCE"]) == int(parsed.sequence.value) >= sequence
        assert event.decoded("DTSTART") == parsed.dtstart.value == starts_at
        assert str(event["ATTENDEE"]) == parsed.attendee.value == "mailto:dcs@northshire.example.org"


def test_a_calendar_feed_reads_alike_in_both_parsers(clock, named, client):
    from api import feeds

    lead = lead_of(named)
    _, token = feeds.feed_create(user=lead)
    clock.move_to(named.notification_at)
    notifications_dispatch()
    first = client.get(f"/api/calendar/{token}.ics").content
    second = client.get(f"/api/calendar/{token}.ics").content
    assert_ics_lines(first)
    calendar = Calendar.from_ical(first)
    parsed = vobject.readOne(first.decode("utf-8"))
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    (zone,) = calendar.walk("VTIMEZONE")
    events = calendar.walk("VEVENT")
    assert len(events) == len(parsed.vevent_list)
    offsets = set()
    for event, other in zip(events, parsed.vevent_list, strict=True):
        assert str(event["UID"]) == other.uid.value
        assert str(event["SUMMARY"]) == other.summary.value
        assert event.decoded("DTSTART") == other.dtstart.value
        assert event.decoded("DTEND") == other.dtend.value
        if isinstance(event.decoded("DTSTART"), datetime.datetime):
            assert event["DTSTART"].params["TZID"] == str(zone["TZID"]) == "Europe/London"
            offsets.add(event.decoded("DTSTART").utcoffset())
        assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
    assert offsets == {datetime.timedelta(0), datetime.timedelta(hours=1)}
    # After notification the entries name the area, whatever its letters.
    assert any(AREA in str(event["SUMMARY"]) for event in events)
    assert [str(e["UID"]) for e in Calendar.from_ical(second).walk("VEVENT")] == [str(e["UID"]) for e in events]
