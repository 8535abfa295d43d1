"""Reading a message as its recipient's mail program reads it: the raw bytes parsed, its parts,
its links (requested as their reader). Shared by every test of what a message says."""

import email
import email.policy
import re
from urllib.parse import urlsplit

from django.test import Client

from inspections.models import Person
from inspections.notifications.models import Message


def as_sent(mail_message) -> email.message.EmailMessage:
    return email.message_from_bytes(mail_message.message().as_bytes(), policy=email.policy.default)


def tree(part) -> list:
    if part.is_multipart():
        return [part.get_content_type(), [tree(p) for p in part.iter_parts()]]
    return part.get_content_type()


def calendar_parts(parsed):
    alternative = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    (attachment,) = [p for p in parsed.iter_attachments() if p.get_filename() == "invite.ics"]
    return alternative, attachment


def text_and_html(parsed) -> tuple[str, str]:
    return (
        parsed.get_body(preferencelist=("plain",)).get_content(),
        parsed.get_body(preferencelist=("html",)).get_content(),
    )


def message_row(mail_message) -> Message:
    return Message.objects.get(pk=int(mail_message.extra_headers["X-JTAI-Message"]))


def to(mail_message) -> str:
    return mail_message.to[0].rsplit("<", 1)[-1].rstrip(">")


def links(parsed) -> set[str]:
    text, html = text_and_html(parsed)
    found = set(re.findall(r'href="([^"]+)"', html))
    assert found, "the HTML part has real links"
    assert {url for url in found if url.startswith("http")} == set(re.findall(r"https?://\S+", text))
    return {url.replace("&amp;", "&") for url in found if url.startswith("http")}


def reader_of(row: Message):
    """The log-in the message's recipient uses, or None for someone without an account. A message
    to no contact (an invitation to the case audits) is read by the area's person at its address."""
    if row.inspector_id:
        return row.inspector.user
    if row.contact_id:
        return row.contact.person.user
    person = (
        Person.objects.filter(area=row.inspection.area_id, email__iexact=row.recipient_email, user__isnull=False)
        .select_related("user")
        .first()
    )
    return person.user if person else None


def assert_links_work(outbox):
    """Every link of every message, requested as its reader: a page where they can act."""
    checked = 0
    for sent in outbox:
        row = message_row(sent)
        user = reader_of(row)
        for url in links(as_sent(sent)):
            if url.startswith("mailto:"):
                continue
            client = Client()
            if user is not None:
                client.force_login(user)
            parts = urlsplit(url)
            response = client.get(parts.path, QUERY_STRING=parts.query)
            assert response.status_code == 200, (row, url, response.status_code)
            if user is not None:
                assert row.inspection.reference in response.content.decode(), (row, url)
            elif parts.path.startswith("/inspections/invitations/"):
                # Someone without an account is sent their single-use invitation with their
                # notification: the page where they choose a password and go on to the inspection.
                assert "Choose a password" in response.content.decode(), (row, url)
            else:
                # Later messages send them to sign in, and back to the inspection after it.
                assert parts.path == "/sign-in/" and "next=" in parts.query, (row, url)
                assert "Sign in" in response.content.decode()
                text, _ = text_and_html(as_sent(sent))
                assert "If that link has expired, open it and ask for a new one." in text, row
            checked += 1
    return checked
