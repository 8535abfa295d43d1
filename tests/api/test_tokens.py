"""System tokens: shown once and kept as a digest, expiring, revocable, rotatable, each use
recorded, the rate limited, and one 401 whatever is wrong with the token."""

import datetime

import pytest
from django.utils import timezone

from api.models import SystemToken, TokenUse
from api.tokens import token_issue, token_revoke, token_rotate
from jtai.errors import DomainError
from tests.api.helpers import bearer
from tests.factories import UserFactory
from tests.inspections import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/programmes/"


def test_the_secret_is_not_stored_anywhere_only_its_digest(tokens):
    token = SystemToken.objects.get(system="CQC case management")
    stored = [str(value) for value in SystemToken.objects.filter(pk=token.pk).values().get().values()]
    assert all(tokens["cqc"] not in value for value in stored)
    assert tokens["cqc"].split("_")[2] not in " ".join(stored)


def test_a_missing_expired_revoked_or_made_up_token_gets_the_same_401(client, tokens, dead_tokens):
    made_up = tokens["ofsted"][:-4] + "abcd"
    answers = [
        client.get(URL),
        client.get(URL, **bearer(dead_tokens["revoked"])),
        client.get(URL, **bearer(dead_tokens["expired"])),
        client.get(URL, **bearer(made_up)),
        client.get(URL, **bearer("not-a-token")),
        client.get(URL, HTTP_AUTHORIZATION=f"Token {tokens['ofsted']}"),
    ]
    assert {a.status_code for a in answers} == {401}
    assert {a.content for a in answers} == {answers[0].content}
    assert client.get(URL, **bearer(tokens["ofsted"])).status_code == 200


def test_revoking_a_token_stops_it_at_once(client, tokens):
    assert client.get(URL, **bearer(tokens["hmic"])).status_code == 200
    token_revoke(user=None, token=SystemToken.objects.get(inspectorate__code="hmic"))
    assert client.get(URL, **bearer(tokens["hmic"])).status_code == 401


def test_a_token_stops_working_when_it_expires(client, tokens, clock):
    token = SystemToken.objects.get(inspectorate__code="hmip")
    clock.move_to(token.expires_at - datetime.timedelta(seconds=1))
    assert client.get(URL, **bearer(tokens["hmip"])).status_code == 200
    clock.move_to(token.expires_at)
    assert client.get(URL, **bearer(tokens["hmip"])).status_code == 401


def test_rotating_gives_a_new_secret_for_the_same_system_and_the_old_one_stops(client, tokens):
    old = SystemToken.objects.get(inspectorate__code="cqc")
    issued = token_rotate(user=None, token=old)
    assert issued.token.system == old.system and issued.token.inspectorate == old.inspectorate
    assert issued.token.replaces == old
    assert client.get(URL, **bearer(tokens["cqc"])).status_code == 401
    assert client.get(URL, **bearer(issued.secret)).status_code == 200
    with pytest.raises(DomainError):
        token_rotate(user=None, token=old)


def test_every_use_is_recorded_when_from_where_and_what(client, tokens, clock):
    client.get("/api/v1/inspections/?after=JTAI", REMOTE_ADDR="203.0.113.9", **bearer(tokens["cqc"]))
    use = TokenUse.objects.get()
    assert use.token.system == "CQC case management"
    assert use.at == timezone.now()
    assert use.address == "203.0.113.9"
    assert use.path == "/api/v1/inspections/?after=JTAI"
    client.get(URL, **bearer("jtai_nothing_here"))
    assert TokenUse.objects.count() == 1


def test_a_token_is_rate_limited(client, tokens, settings):
    settings.API_TOKEN_RATE = "3/m"
    codes = [client.get(URL, **bearer(tokens["cqc"])).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Another system's token has its own allowance.
    assert client.get(URL, **bearer(tokens["hmic"])).status_code == 200


def test_public_endpoints_are_rate_limited_by_address(client, settings):
    settings.API_PUBLIC_RATE = "2/m"
    codes = [client.get("/api/v1/published/letters/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/published/letters/", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_only_an_admin_issues_tokens_and_the_system_must_be_named(db):
    ofsted = factories.inspectorate("ofsted")
    with pytest.raises(DomainError) as refused:
        token_issue(user=UserFactory(is_staff=True), system="Ofsted system", inspectorate=ofsted)
    assert "admin" in refused.value.message
    with pytest.raises(DomainError) as blank:
        token_issue(user=None, system="  ", inspectorate=ofsted)
    assert blank.value.field == "system"
    with pytest.raises(DomainError) as past:
        token_issue(user=None, system="Ofsted", inspectorate=ofsted, expires_at=timezone.now())
    assert past.value.field == "expires_at"
    assert not SystemToken.objects.exists()
