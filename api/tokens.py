"""Issuing, revoking and rotating the tokens that other systems read the API with, and
recognising one on a request. The one home of the token's secrecy: the secret is shown once
and stored only as its SHA-256 digest (a 256-bit random secret needs no slow hash)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from inspections.models import Inspectorate
from jtai.errors import DomainError

from .models import SystemToken, TokenUse

SCHEME = "jtai"


@dataclass(frozen=True)
class Issued:
    token: SystemToken
    secret: str  # the whole bearer value: shown once, never stored


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(6)
    return prefix, f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"


def _require_admin(user) -> None:
    if user is not None and not (user.is_active and user.is_staff and user.has_perm("api.add_systemtoken")):
        raise DomainError("__all__", "Only an admin can issue or revoke API tokens.")


def token_check(*, system: str, expires_at: datetime.datetime | None) -> tuple[str, datetime.datetime]:
    """The system's name, tidied, and the expiry (a new token's default when none is given); a
    DomainError naming the field for either that will not do."""
    system = " ".join((system or "").split())
    if not system:
        raise DomainError("system", "Enter the name of the system that will use the token.")
    now = timezone.now()
    expires_at = expires_at or now + datetime.timedelta(days=settings.API_TOKEN_DAYS)
    if expires_at <= now:
        raise DomainError("expires_at", "The expiry date must be in the future.")
    return system, expires_at


def token_issue(
    *,
    user,
    system: str,
    inspectorate: Inspectorate,
    expires_at: datetime.datetime | None = None,
    replaces: SystemToken | None = None,
    secret: str | None = None,
) -> Issued:
    """A new token for `system` of `inspectorate`. `user=None` is the operator (load_demo);
    `secret` is for the demo's published token alone: everyone else gets a random one."""
    _require_admin(user)
    system, expires_at = token_check(system=system, expires_at=expires_at)
    if secret is None:
        prefix, secret = _new_secret()
    else:
        prefix = secret.split("_")[1]
    token = SystemToken.objects.create(
        system=system,
        inspectorate=inspectorate,
        prefix=prefix,
        digest=_digest(secret),
        expires_at=expires_at,
        created_by=user,
        replaces=replaces,
    )
    return Issued(token=token, secret=secret)


def token_revoke(*, user, token: SystemToken) -> SystemToken:
    _require_admin(user)
    with transaction.atomic():
        token = SystemToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def token_rotate(*, user, token: SystemToken) -> Issued:
    """A new secret for the same system and inspectorate, lasting as long as a new token; the old
    one stops working at once."""
    _require_admin(user)
    with transaction.atomic():
        old = SystemToken.objects.select_for_update().get(pk=token.pk)
        if hasattr(old, "replaced_by"):
            raise DomainError("__all__", "This token has already been replaced.")
        token_revoke(user=user, token=old)
        return token_issue(user=user, system=old.system, inspectorate=old.inspectorate, replaces=old)


def token_for(value: str) -> SystemToken | None:
    """The live token this bearer value is, or None: unknown, malformed, expired and revoked alike."""
    parts = (value or "").split("_")
    # A NUL byte can be no token's prefix, and PostgreSQL refuses it in a query.
    if len(parts) < 3 or parts[0] != SCHEME or "\x00" in parts[1]:
        return None
    token = SystemToken.objects.select_related("inspectorate").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(value)):
        return None
    return token if token.is_live() else None


def token_use_record(*, token: SystemToken, address: str | None, path: str) -> TokenUse:
    return TokenUse.objects.create(token=token, address=address or None, path=path[:500])
