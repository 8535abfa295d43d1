"""The authorization matrix: every URL the project defines, as every role, by GET and by POST.

The promise: each URL pattern of the project (the admin's included) has an entry in
`authorization_table.py`, and each of twelve roles — anonymous; the lead inspector, an inspector
on the team and one on no team; a manager; the DCS, the DCS coordinator, a case-audit
contributor, the leader of an agency the inspection does not tell; a user of another area; a
consultation analyst; an admin — gets exactly the status the table gives, for a GET and for a
POST of empty data, on the demo's real objects. A request that is refused (sent to sign in,
403, 404, 405, 410, or a form's 400) changes nothing in the database and sends no e-mail.

A URL with no entry fails `test_every_url_pattern_has_an_entry`, so a new page cannot escape the
table. The test client skips CSRF checks here on purpose: what is tried is the pages' own
permissions, not the CSRF middleware in front of them.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from tests.security.authorization_table import ADMIN_PREFIX, FOUND, LOGIN, TABLE
from tests.security.conftest import ROLES
from tests.security.fingerprint import database_fingerprint
from tests.security.urlwalk import url_names

pytestmark = pytest.mark.slow

REFUSED = {400, 403, 404, 405, 410}


def _outcome(response, sign_in: str = "/sign-in/"):
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(sign_in) else FOUND
    return response.status_code


def _try(demo, role: str, method: str, url: str, sign_in: str = "/sign-in/"):
    """One request in a savepoint of its own, rolled back, so each role meets the demo as loaded.
    Returns what it got, and whether a refused request changed anything."""
    with transaction.atomic():
        before = database_fingerprint()
        client = demo.client(role)
        response = client.get(url) if method == "GET" else client.post(url, {})
        got = _outcome(response, sign_in)
        changed = (got == LOGIN or got in REFUSED) and database_fingerprint() != before
        transaction.set_rollback(True)
    return got, changed


def test_every_url_pattern_has_an_entry():
    missing = [name for name in url_names() if name not in TABLE and not name.startswith(ADMIN_PREFIX)]
    assert missing == [], f"URL patterns with no entry in tests/security/authorization_table.py: {missing}"
    stale = [name for name in TABLE if name not in url_names()]
    assert stale == [], f"Entries for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_role_gets_what_the_table_says(demo, db, name):
    kwargs_for, expected = TABLE[name]
    url = reverse(name, kwargs=kwargs_for(demo))
    wrong, changed = [], []
    for role in ROLES:
        for method, want in zip(("GET", "POST"), expected[role], strict=True):
            got, did_change = _try(demo, role, method, url)
            if got != want:
                wrong.append(f"{role} {method} {url}: expected {want}, got {got}")
            if did_change:
                changed.append(f"{role} {method} {url} was refused ({got}) but changed the database or sent mail")
    assert wrong == [] and changed == [], "\n".join(wrong + changed)


def _admin_urls(demo) -> list[str]:
    """Each registered model's changelist, add, change and history pages, on a real row where the
    demo has one, and the admin's index."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[row.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[row.pk]))
    return urls


def test_every_admin_page_is_the_admins_alone(demo, db):
    """Everyone but the admin is sent to the admin's sign-in page, for a GET and a POST, and a POST
    changes nothing; the admin gets each page (or a 403 where the model's admin refuses adding,
    which the admin's own tests cover)."""
    sign_in = reverse("admin:login")
    wrong = []
    for url in _admin_urls(demo):
        for role in ROLES:
            for method in ("GET", "POST"):
                if role == "admin":
                    if method == "GET":
                        got, _ = _try(demo, role, method, url, sign_in)
                        if got not in (200, 403):
                            wrong.append(f"admin GET {url}: got {got}")
                    continue
                got, changed = _try(demo, role, method, url, sign_in)
                if got != LOGIN or changed:
                    wrong.append(f"{role} {method} {url}: expected a 302 to {sign_in}, got {got} (changed: {changed})")
    assert wrong == [], "\n".join(wrong)


def test_every_admin_url_pattern_is_covered_by_the_admin_rule():
    admin_names = [name for name in url_names() if name.startswith(ADMIN_PREFIX)]
    assert admin_names, "the admin's URLs are walked"
    registered = {f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist" for m in admin.site._registry}
    assert registered <= set(admin_names)


def test_the_fingerprint_sees_an_insert_and_an_update_in_place(demo, db):
    """So that "nothing changed" above can fail."""
    from inspections.models import Area

    before = database_fingerprint()
    area = Area.objects.create(name="Nowhere", ons_code="E99999999", region="Nowhere")
    inserted = database_fingerprint()
    assert inserted != before
    Area.objects.filter(pk=area.pk).update(name="Somewhere")
    from django.db import connection

    if connection.vendor == "postgresql":
        assert database_fingerprint() != inserted
