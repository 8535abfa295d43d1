"""Junk input never gives a server error: every URL the project defines, as each role the
authorization table lets in (and anonymous), on the demo's real objects.

The promise: whatever arrives — an id past bigint or a NUL byte in the address, a page number of
10**30 or a date of 30 February in the query string, NUL bytes, lone surrogates and megabyte
strings in a form, JSON that is broken or nested ten thousand deep, a method the page never takes,
a header no browser sends — the answer is below 500 and no exception escapes the view. Each
request runs in a savepoint that is rolled back, so every probe meets the demo as loaded.

test_fuzz_forms.py tries each form's own fields with Hypothesis; this sweep is coarser and wider:
it reads the field names off each page as it is served, so a page needs no entry of its own. The
roles are anonymous and one of each kind the authorization table lets in (an inspector, one of the
area's people, an analyst or the admin), plus the demo's system token for the API; the Django
admin's lists and pages are tried as the admin.
"""

from __future__ import annotations

import base64
import os
import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import resolve, reverse

from api.demo import DEMO_TOKEN
from tests.security.authorization_table import FOUND, GROUPS, TABLE

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LET_IN = {200, FOUND}
# JUNK_EVERY_ROLE=1 tries every role the table lets in, not one of each kind (several times longer).
EVERY_ROLE = bool(os.environ.get("JUNK_EVERY_ROLE"))
# An address part: out of every integer column's range, zero, negative, too long, NUL bytes,
# bidirectional marks and an emoji, UTF-8 that is not UTF-8, a UUID that is not one, a slash.
ADDRESS_JUNK = [
    "99999999999999999999",
    "0",
    "-1",
    "x" * 3000,
    "a%00b",
    "%E2%80%AE%F0%9F%98%80",
    "%ED%A0%80",
    "ffffffff-ffff-ffff-ffff-fffffffffffff",
]
# A query string's values, already percent-encoded.
QUERY_JUNK = [
    "abc",
    "-1",
    "1" + "0" * 30,
    "2026-02-30",
    "9999-12-31",
    "a%00b",
    "x" * 5000,
    "%ED%A0%80",
    # The API's changes cursor: base64 of JSON that is a cursor in shape only, past bigint, at the
    # end of time, nested too deep to parse.
    "Wzk5OTk5OTk5OTk5OTk5OTk5OTk5LCAxLCBudWxsXQ",
    "WzEsIDEsICI5OTk5LTEyLTMxVDIzOjU5OjU5KzE0OjAwIl0",
    base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode(),
]
# Parameters some page reads, and the names a filter might plausibly take; each page's own field
# names are added from the page as served.
QUERY_NAMES = [
    "page",
    "show",
    "stage",
    "programme",
    "theme",
    "backup",
    "next",
    "sort",
    "order",
    "o",
    "q",
    "after",
    "cursor",
    "updated_since",
    "from",
    "to",
    "date",
    "kind",
    "part",
    "day",
    "status",
]
# A form's values (text, before encoding): every field of the page gets the same one at once.
BODY_JUNK = [
    "\x00",
    "a\x00b",
    "\ud800",
    "x" * 100_000,
    "99999999999999999999",
    "-1",
    "9999-12-31",
    "0000-00-00",
    "zzz-forged-choice",
    "\u202e\U0001f600",
]
# GOV.UK date inputs (name_0 day, name_1 month, name_2 year): each box plausible, the date not.
DATE_JUNK = [
    ("31", "12", "9999"),
    ("29", "2", "2015"),
    ("1", "1", "99999999999999999999"),
    ("99999999999999999999", "1", "2016"),
    ("\x00", "1", "2016"),
]
JSON_JUNK = [
    b"{",
    b"\xff\xfe",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"records": [{"id": "5b8f9c1e-2a3d-4e5f-8a7b-9c0d1e2f3a4b", "kind": "meeting\\u0000",'
    b' "occurred_at": "9999-12-31T23:59:59-12:00", "agencies": [99999999999999999999],'
    b' "scope_areas": ["\\u0000"], "weight": "strength", "text": "a\\u0000b",'
    b' "case_sample": 99999999999999999999}]}',
    b'{"records": [{"id": "5b8f9c1e-2a3d-4e5f-8a7b-9c0d1e2f3a4c", "kind": "meeting",'
    b' "occurred_at": "0001-01-01T00:00:00+14:00", "agencies": [], "scope_areas": ["front-door"],'
    b' "weight": "strength", "text": "Met the MASH managers."}]}',
    b'{"records": [{"id": "5b8f9c1e-2a3d-4e5f-8a7b-9c0d1e2f3a4d", "kind": "child",'
    b' "occurred_at": "2016-03-08T14:30:00", "agencies": [-1, 0], "scope_areas": [],'
    b' "weight": "strength", "text": "\\ud800", "age_band": "\\u0000", "medium": {"a": 1}}]}',
]
METHODS = ["HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", "TRACE", "PROPFIND"]
HEADERS = [
    {"HTTP_ACCEPT_LANGUAGE": "en-GB;q=abc, *;q=99999999999999999999, \x00"},
    {"HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 99999 99:99:99 GMT"},
    {"HTTP_IF_NONE_MATCH": '"' + "x" * 5000},
    {"HTTP_RANGE": "bytes=99999999999999999999999-"},
    {"HTTP_HOST": "evil.example"},
    {"HTTP_HOST": "\x00"},
    {"HTTP_X_FORWARDED_FOR": "\x00, not-an-address"},
    {"HTTP_AUTHORIZATION": "Bearer \x00"},
    {"HTTP_AUTHORIZATION": "Bearer " + "x" * 10_000},
    {"HTTP_REFERER": "\x00javascript:alert(1)"},
]
NAME = re.compile(r'name="([^"]+)"')
FILE = re.compile(r'type="file"[^>]*name="([^"]+)"|name="([^"]+)"[^>]*type="file"')


def _roles(name: str, methods=("GET", "POST")) -> list[str]:
    """Anonymous and, of each kind of user (inspectors, the area's people, analysts and admins), the
    first role the table lets in by one of the methods (by a form's 400 too): the junk reaches the
    code behind each kind's permission check, in a runtime the suite can afford (JUNK_EVERY_ROLE:
    every role let in)."""
    _, expected = TABLE[name]
    chosen = ["anonymous"]
    for group in ("inspectors", "local", "analysts"):
        for role in GROUPS[group]:
            statuses = [s for m, s in zip(("GET", "POST"), expected[role], strict=True) if m in methods]
            if any(s in LET_IN | {400} for s in statuses):
                chosen.append(role)
                if not EVERY_ROLE:
                    break
    if name.startswith("api-v1:"):
        chosen.append(SYSTEM)
    return chosen


SYSTEM = "system"  # the API's caller: the demo's CQC system, with its bearer token


def _client(demo, role: str, extra: dict):
    if role == SYSTEM:
        extra.setdefault("HTTP_AUTHORIZATION", f"Bearer {DEMO_TOKEN}")
        return demo.client("anonymous")
    return demo.client(role)


def _url(demo, name: str) -> str:
    kwargs_for, _ = TABLE[name]
    return reverse(name, kwargs=kwargs_for(demo))


def _server_error(response) -> str | None:
    """What is wrong with the answer, if it is a server error. A 503 with Retry-After is the
    consultation report's PDF saying it is not made yet (consultations.views.report_pdf): an
    answer by design, not a failure."""
    if response.status_code == 503 and response.has_header("Retry-After"):
        return None
    return f"status {response.status_code}" if response.status_code >= 500 else None


def _send(demo, role: str, method: str, path: str, **extra) -> str | None:
    """One request in a savepoint, rolled back: None when it is answered below 500, else what went wrong."""
    cache.clear()  # the sign-in's and the API's rate limits would otherwise answer 429 in place of the page
    with transaction.atomic():
        try:
            response = _client(demo, role, extra).generic(method, path, **extra)
        except Exception as error:  # noqa: BLE001 — any escaping exception is the failure reported
            got = f"raised {type(error).__name__}: {str(error)[:200]}"
        else:
            got = _server_error(response)
        transaction.set_rollback(True)
    return got


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}… ({len(text)} characters)"


def _page_names(demo, role: str, url: str) -> tuple[list[str], list[str]]:
    """The field names and file fields of the page as the role is served it (none if it is not a page)."""
    with transaction.atomic():
        try:
            extra = {}
            response = _client(demo, role, extra).get(url, **extra)
        finally:
            transaction.set_rollback(True)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return [], []
    html = response.content.decode(errors="replace")
    files = {a or b for a, b in FILE.findall(html)}
    names = sorted({n for n in NAME.findall(html) if n not in files and n != "csrfmiddlewaretoken"})
    return names, sorted(files)


def _address_variants(url: str):
    """The URL with each of its parts replaced by junk in turn, its other parts kept real."""
    match = resolve(url)
    route = match.route
    if not match.kwargs or not route:
        return
    parts = {key: quote(str(value), safe="") for key, value in match.kwargs.items()}
    for key in match.kwargs:
        for junk in ADDRESS_JUNK:
            path = route
            for other, value in parts.items():
                path = re.sub(rf"<(?:\w+:)?{other}>", junk if other == key else value, path)
            yield key, junk, "/" + path


def _form_body(names: list[str], value: str) -> bytes:
    encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
    return "&".join(f"{quote(n, safe='')}={encoded}" for n in names).encode()


FORM = "application/x-www-form-urlencoded"

# Parametrised by URL name; each failure names the role, the method and the input.
NAMES = sorted(TABLE)


@pytest.mark.parametrize("name", NAMES)
def test_junk_in_the_address(demo, db, name):
    failures = []
    url = _url(demo, name)
    for key, junk, path in _address_variants(url):
        for role in _roles(name):
            for method in ("GET", "POST"):
                got = _send(demo, role, method, path)
                if got:
                    failures.append(f"{role} {method} {path[:120]} ({key}={_short(junk)}): {got}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("name", NAMES)
def test_junk_in_the_query_string(demo, db, name):
    failures = []
    url = _url(demo, name)
    for role in _roles(name, methods=("GET",)):
        names = sorted(set(QUERY_NAMES) | set(_page_names(demo, role, url)[0]))
        queries = ["&".join(f"{quote(n, safe='')}={junk}" for n in names) for junk in QUERY_JUNK]
        # Each name twice over, a valid-looking value then junk: a page taking the last or a list.
        queries.append("&".join(f"{quote(n, safe='')}=1&{quote(n, safe='')}=abc" for n in names))
        for query in queries:
            got = _send(demo, role, "GET", url, QUERY_STRING=query)
            if got:
                failures.append(f"{role} GET {url}?{_short(query)}: {got}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("name", NAMES)
def test_junk_in_the_body(demo, db, name):
    failures = []
    url = _url(demo, name)
    for role in _roles(name, methods=("POST",)) if TABLE[name][1] else []:
        names, files = _page_names(demo, role, url)
        names = names or ["action", "next", "confirmed"]
        tries = [("no fields", b"", FORM)]
        tries += [(f"every field {_short(v)}", _form_body(names, v), FORM) for v in BODY_JUNK]
        tries.append(("every field twice", _form_body([n for n in names for _ in (1, 2)], "1"), FORM))
        # One megabyte in one field fits Django's limit on a body; in every field it does not (a 400).
        tries.append(("1 MB in the first field", _form_body(names[:1], "x" * 1_000_000), FORM))
        tries.append(("1 MB in every field", _form_body(names, "x" * 1_000_000), FORM))
        dates = sorted({n[:-2] for n in names if n.endswith(("_0", "_1", "_2"))})
        for day, month, year in DATE_JUNK:
            if dates:
                fields = {f"{d}_{i}": v for d in dates for i, v in enumerate((day, month, year))}
                body = "&".join(f"{k}={quote(v)}" for k, v in fields.items()).encode()
                tries.append((f"dates {day}/{month}/{_short(year)}", body, FORM))
        tries += [(f"JSON {_short(body)}", body, "application/json") for body in JSON_JUNK]
        tries.append(("JSON with the form's type", b'{"a": 1}', FORM))
        tries.append(("form with a made-up type", b"a=1", "text/nonsense"))
        tries.append(("multipart with no boundary", b"--x\r\n", "multipart/form-data"))
        for label, body, content_type in tries:
            got = _send(demo, role, "POST", url, data=body, content_type=content_type)
            if got:
                failures.append(f"{role} POST {url} ({label}): {got}")
        for upload in (
            SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"),
            SimpleUploadedFile("setup.pdf", b"MZ\x90\x00" * 64, content_type="application/pdf"),
            SimpleUploadedFile("re\x00port.pdf", b"%PDF-1.4\n%%EOF\n", content_type="nonsense"),
            SimpleUploadedFile("x" * 1000 + ".csv", b"\xff\xfe\x00a,b\n" * 1000, content_type="text/csv"),
        ):
            if not files:
                break
            upload.seek(0)
            data = dict.fromkeys(files, upload) | dict.fromkeys(names, "\x00")
            with transaction.atomic():
                cache.clear()
                try:
                    extra = {}
                    response = _client(demo, role, extra).post(url, data, **extra)
                    got = _server_error(response)
                except Exception as error:  # noqa: BLE001
                    got = f"raised {type(error).__name__}: {str(error)[:200]}"
                transaction.set_rollback(True)
            if got:
                failures.append(f"{role} POST {url} (file {_short(upload.name)}): {got}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("name", NAMES)
def test_other_methods_and_junk_headers(demo, db, name):
    failures = []
    url = _url(demo, name)
    for role in _roles(name):
        for method in METHODS:
            got = _send(demo, role, method, url)
            if got:
                failures.append(f"{role} {method} {url}: {got}")
        for headers in HEADERS:
            got = _send(demo, role, "GET", url, **headers)
            if got:
                failures.append(f"{role} GET {url} with {_short(headers)}: {got}")
    assert failures == [], "\n".join(failures)


def _admin_pages() -> list[tuple[str, str]]:
    from django.contrib import admin

    return sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


ADMIN_QUERIES = ["q=a%00b", "q=" + "x" * 5000, "o=abc", "o=99999999999999999999", "p=abc", "p=-1", "all=%00", "e=1"]
ADMIN_IDS = ["99999999999999999999", "0", "-1", "a%00b", "%ED%A0%80", "x" * 3000]


@pytest.mark.parametrize(("app", "model"), _admin_pages())
def test_junk_in_the_admin(demo, db, app, model):
    """Each model's list with junk searches, sorts and pages, and its change, history and delete
    pages at ids that are no row's, as the admin."""
    failures = []
    changelist = reverse(f"admin:{app}_{model}_changelist")
    for query in ADMIN_QUERIES:
        got = _send(demo, "admin", "GET", changelist, QUERY_STRING=query)
        if got:
            failures.append(f"admin GET {changelist}?{_short(query)}: {got}")
    for junk in ADMIN_IDS:
        for page in ("change", "history", "delete"):
            path = f"{changelist}{junk}/{page}/"
            got = _send(demo, "admin", "GET", path)
            if got:
                failures.append(f"admin GET {path[:120]}: {got}")
    assert failures == [], "\n".join(failures)
