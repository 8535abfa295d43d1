"""Secrecy before notification, end to end.

The promise: an inspection not yet notified does not exist for anyone outside its team (and the
managers). Nothing they can reach gives it away:

- every URL that takes an inspection's reference answers an outsider exactly as it answers for a
  reference that never existed (and so does a notified inspection for those it does not involve:
  another area's users, the leader of an agency it does not tell, an inspector on no team): the
  same status, the same page (once the CSRF token is set aside) and the same number of database
  queries, so neither a 403 nor the time taken tells;
- every list, count, filter and search (the programme with its stage and programme filters,
  past inspections, the start page and its next steps, the published pages, the consultations)
  is the same page whether the secret inspection exists or not, and never names it, its area or
  its local contacts;
- no e-mail before the notification moment goes to anyone outside the team about it.

The demo's Rutland inspection (notifications demo: its notification a few minutes after the
demo's "now") is the secret one; its team is its lead (`lead`) and `team`.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import Consultation
from inspections.models import Inspection, InspectionContact
from inspections.notifications.dispatch import notifications_dispatch
from inspections.notifications.models import Message
from tests.security.authorization_table import TABLE
from tests.security.objects import MISSING

# Everyone but the secret inspection's team and the managers.
OUTSIDERS = (
    "anonymous",
    "other_inspector",
    "dcs",
    "coordinator",
    "contributor",
    "untold_leader",
    "other_area",
    "analyst",
    "admin",
)
# Pages where a role outside the team is inside all the same: the admins keep every inspection's audit
# trail (as they hold every inspection in the Django admin).
INSIDE_ALL_THE_SAME = {"inspections:audit": ("admin",)}
NEVER_EXISTED = "JTAI-2026-000"
PLACEHOLDER = b"<<reference>>"
VOLATILE = [
    re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(rb'nonce="[^"]*"'),
]


def _normalised(body: bytes, reference: str) -> bytes:
    for pattern in VOLATILE:
        body = pattern.sub(b"", body)
    return body.replace(reference.encode(), PLACEHOLDER)


def _kwargs(name: str, reference: str, inspection: Inspection) -> dict:
    """The URL's kwargs for this reference; any other part is one of the inspection's own rows
    where the URL names one (a message, a contact), else a key no row has."""
    pattern_kwargs = _pattern_kwargs(name)
    own = {
        "notifications:resend": Message.objects.filter(inspection=inspection).order_by("pk").first(),
        "inspections:remove_contact": InspectionContact.objects.filter(inspection=inspection).order_by("pk").first(),
    }
    kwargs = {"reference": reference}
    for key in pattern_kwargs - {"reference"}:
        if key == "pk":
            kwargs[key] = own[name].pk if own.get(name) else MISSING
        elif key == "key":
            kwargs[key] = "conference_call"
        else:
            kwargs[key] = 1 if key == "number" else MISSING
    return kwargs


def _pattern_kwargs(name: str) -> set[str]:
    from django.urls import get_resolver

    namespace, _, short = name.rpartition(":")
    resolver = get_resolver()
    for ns in filter(None, namespace.split(":")):
        resolver = resolver.namespace_dict[ns][1]
    (possibility,) = resolver.reverse_dict.getlist(short)[:1]
    return set(possibility[0][0][1])


REFERENCE_URLS = sorted(name for name in TABLE if "reference" in _pattern_kwargs(name))


def _get(demo, role: str, url: str, method: str = "GET"):
    with transaction.atomic():
        client = demo.client(role)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return response, len(queries)


def test_every_url_that_takes_a_reference_is_walked():
    assert "inspections:detail" in REFERENCE_URLS and "case_audits:overview" in REFERENCE_URLS
    assert len(REFERENCE_URLS) > 50


# Whose inspection, and who is outside it: the secret one (planned) for all but its team and the
# managers; a notified one (South Gloucestershire's) for those it does not involve: another area's
# user, the leader of an agency it does not tell, an inspector on no team, the analyst, the admin.
SUBJECTS = {
    "secret": (lambda demo: demo.secret, OUTSIDERS),
    "another_areas": (
        lambda demo: demo.notified,
        ("anonymous", "other_inspector", "untold_leader", "other_area", "analyst", "admin"),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("subject", sorted(SUBJECTS))
@pytest.mark.parametrize("name", REFERENCE_URLS)
def test_an_inspection_answers_outsiders_as_one_that_never_existed(demo, db, name, subject):
    inspection_of, outsiders = SUBJECTS[subject]
    inspection = inspection_of(demo)
    if subject == "secret":
        assert inspection.notified_at is None
    different = []
    for role in outsiders:
        if role in INSIDE_ALL_THE_SAME.get(name, ()):
            continue
        for method in ("GET", "POST"):
            real_url = reverse(name, kwargs=_kwargs(name, inspection.reference, inspection))
            missing_url = reverse(name, kwargs=_kwargs(name, NEVER_EXISTED, inspection))
            seen, seen_queries = _get(demo, role, real_url, method)
            none, none_queries = _get(demo, role, missing_url, method)
            if seen.status_code != none.status_code:
                different.append(f"{role} {method}: status {seen.status_code}, never existed {none.status_code}")
            elif _normalised(seen.content, inspection.reference) != _normalised(none.content, NEVER_EXISTED):
                different.append(f"{role} {method}: the page differs")
            elif seen_queries != none_queries:
                different.append(f"{role} {method}: {seen_queries} queries, never existed {none_queries}")
            if seen.status_code == 200:
                different.append(f"{role} {method}: got the page ({real_url})")
    assert different == [], f"{name} gives {inspection.reference} away:\n" + "\n".join(different)


# Lists, counts, filters and searches, as each outsider sees them.
LISTS = [
    ("home", "", True),
    ("inspections:programme", "", False),
    ("inspections:programme", "?show=past", False),
    ("inspections:programme", "?stage=planned", False),
    ("inspections:programme", "?programme=jtai-2016", False),
    ("inspections:programme", "?programme=jtai-2016&stage=planned", False),
    ("inspections:programme", "?q=Rutland", False),
    ("published:index", "", False),
    ("published:thematic", "", False),
    ("consultations:index", "", False),
    ("consultations:tables_csv", "", False),
    ("reports:thematic", "", False),
]


def _list_url(name: str, query: str, demo) -> str:
    slugs = {
        "reports:thematic": demo.published.theme.slug,
        "published:thematic": demo.published.theme.slug,
        "consultations:tables_csv": Consultation.objects.order_by("pk").first().slug,
    }
    kwargs = {"slug": slugs[name]} if name in slugs else {}
    return reverse(name, kwargs=kwargs) + query


def _secret_words(secret: Inspection) -> list[bytes]:
    names = [c.person.name for c in secret.contacts.select_related("person")]
    return [w.encode() for w in (secret.reference, secret.area.name, *names)]


def _pages(demo, roles) -> dict:
    pages = {}
    for role in roles:
        client = demo.client(role)
        for name, query, follow in LISTS:
            response = client.get(_list_url(name, query, demo), follow=follow)
            pages[(role, name, query)] = (response.status_code, _normalised(response.content, "\x00"))
    return pages


@pytest.mark.slow
def test_lists_counts_filters_and_searches_are_the_same_with_or_without_a_secret_inspection(demo, db):
    secret = demo.secret
    words = _secret_words(secret)
    with_it = _pages(demo, OUTSIDERS)
    for (role, name, query), (_status, body) in with_it.items():
        named = [w.decode() for w in words if w in body]
        assert named == [], f"{role} sees {named} on {name}{query}"
    with transaction.atomic():
        Inspection.objects.filter(pk=secret.pk).delete()
        without_it = _pages(demo, OUTSIDERS)
        transaction.set_rollback(True)
    differ = [" ".join(key) for key, page in with_it.items() if page != without_it[key]]
    assert differ == [], "pages that change with the secret inspection: " + ", ".join(differ)


def test_its_team_and_the_managers_do_see_it(demo, db):
    """The other side of the promise (and proof that the searches above look for the right words)."""
    secret = demo.secret
    for role in ("lead", "team", "manager"):
        page = demo.client(role).get(reverse("inspections:programme")).content
        assert secret.reference.encode() in page and secret.area.name.encode() in page, role
        detail = demo.client(role).get(reverse("inspections:detail", args=[secret.reference]))
        assert detail.status_code == 200, role


def test_no_email_tells_an_outsider_of_it_before_its_notification(demo, db):
    secret = demo.secret
    team = {m.inspector.user.email.lower() for m in secret.team.select_related("inspector__user")}
    notification = secret.notification_at
    words = [w.decode() for w in _secret_words(secret)[:2]]

    def told_outsiders():
        return [
            (message.subject, recipient)
            for message in mail.outbox
            for recipient in message.to + message.cc + message.bcc
            if recipient.lower() not in team and any(w in message.subject + message.body for w in words)
        ]

    with time_machine.travel(notification - datetime.timedelta(seconds=1), tick=False):
        notifications_dispatch(time_budget=30)
    assert told_outsiders() == []
    # Once notified, the area is told: the check above looks where the telling would show.
    with time_machine.travel(notification + datetime.timedelta(minutes=1), tick=False):
        notifications_dispatch(time_budget=30)
    assert told_outsiders() != []
