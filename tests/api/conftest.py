"""Fixtures for the API tests: a live token for a system of each inspectorate, and the
files of each test in folders of its own."""

from __future__ import annotations

import pytest

from api.tokens import token_issue
from tests.api.helpers import INSPECTORATES
from tests.inspections import factories


@pytest.fixture
def tokens(db) -> dict[str, str]:
    """Each inspectorate's system's bearer value, by inspectorate code."""
    return {
        code: token_issue(
            user=None, system=f"{code.upper()} case management", inspectorate=factories.inspectorate(code)
        ).secret
        for code in INSPECTORATES
    }


@pytest.fixture(autouse=True)
def _private_media(private_media):
    return private_media


@pytest.fixture
def dead_tokens(db) -> dict[str, str]:
    """A revoked and an expired token of Ofsted's system, which would otherwise see everything."""
    import datetime

    from django.utils import timezone

    from api.tokens import token_revoke

    ofsted = factories.inspectorate("ofsted")
    revoked = token_issue(user=None, system="Old Ofsted system", inspectorate=ofsted)
    token_revoke(user=None, token=revoked.token)
    expiring = token_issue(
        user=None,
        system="Short-lived Ofsted system",
        inspectorate=ofsted,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    expiring.token.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    expiring.token.save(update_fields=["expires_at"])
    return {"revoked": revoked.secret, "expired": expiring.secret}
