"""Two-factor sign-in: who must use a second factor, and the devices that give one.

The one module that imports django-otp and qrcode (import-linter holds this). Devices are django-otp's:
a TOTP device (an authenticator app) and a static device holding the backup codes, each used once.
"""

from __future__ import annotations

import logging
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from inspections import permissions as inspection_permissions

from .errors import DomainError, required_text

logger = logging.getLogger(__name__)

BACKUP_CODES = 10
_DEVICE_NAME = "Authenticator app"
_BACKUP_NAME = "Backup codes"


def second_factor_required(user) -> bool:
    """Inspectors and managers, consultation analysts and admins hold what must not leak (inspections
    before notification, respondents' answers, every account): they always give a second factor. Local
    area users may choose to."""
    return bool(
        user.is_staff
        or user.is_superuser
        or inspection_permissions.inspector_for(user) is not None
        or user.has_perm("consultations.view_consultation")
    )


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_asked(user) -> bool:
    """Whether signing in asks for a code after the password: always for those who must, and for anyone
    who set one up."""
    return second_factor_required(user) or has_second_factor(user)


def is_verified(user) -> bool:
    """Whether this signed-in session gave a second factor (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def totp_device_pending(*, user) -> TOTPDevice | None:
    """The authenticator key being set up, if the set-up page has started one."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()


def totp_device_start(*, user) -> TOTPDevice:
    """The authenticator key being set up: the same one until it is confirmed, so that reloading the page
    does not change the key the user has already scanned."""
    return totp_device_pending(user=user) or TOTPDevice.objects.create(user=user, name=_DEVICE_NAME, confirmed=False)


def totp_key_text(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(text: str) -> str:
    """A QR code of `text` as an SVG element, drawn on the server so that the page needs no script."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=4)
    return image.to_string(encoding="unicode")


@transaction.atomic
def totp_device_confirm(*, user, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the key being set up with a code the app shows, and give the user new backup codes."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        raise DomainError("code", "Start setting up two-factor authentication again")
    if not device.verify_token(_digits(code)):
        raise DomainError("code", "The security code is not right. Check your app and try again")
    # One app per person: a confirmed key replaces any earlier one.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = backup_codes_make(user=user)
    logger.info("Two-factor authentication set up for user %s", user.pk)
    return device, codes


@transaction.atomic
def backup_codes_make(*, user) -> list[str]:
    """New backup codes for the user; earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=_BACKUP_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_verify(*, user, code: str):
    """The device that accepts `code` (the app's current code, or a backup code, which is then used up),
    or a DomainError on the code field."""
    code = required_text("code", code, "Enter the security code")
    digits = _digits(code)
    if digits.isdigit():
        devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        digits = code.replace(" ", "").lower()
    for device in devices:
        allowed, why = device.verify_is_allowed()
        if not allowed:
            # django-otp doubles the wait after each wrong code: say so, rather than call a right code wrong.
            wait = max(1, int((why["locked_until"] - timezone.now()).total_seconds() + 0.999))
            seconds = "1 second" if wait == 1 else f"{wait} seconds"
            raise DomainError("code", f"Too many wrong codes. Wait {seconds}, then try again")
        if device.verify_token(digits):
            return device
    raise DomainError("code", "The security code is not right. Check it and try again")


def second_factor_sign_in(request, device) -> None:
    """Mark the session (already signed in with `login()`) as having given this second factor."""
    otp_login(request, device)


@transaction.atomic
def second_factor_reset(*, user) -> int:
    """Remove the user's authenticator app and backup codes (a lost phone): the next sign-in sets up a
    new one, or, for a local user, asks only the password. Returns how many devices were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _ = model.objects.filter(user=user).delete()
        removed += count
    logger.warning("Second factor reset for user %s (%s): %d devices removed", user.pk, user.get_username(), removed)
    return removed


def demo_device(*, user, key_hex: str, codes: list[str]) -> TOTPDevice:
    """A confirmed device with a known key and backup codes, for the demo's accounts only."""
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=_DEVICE_NAME, defaults={"key": key_hex, "confirmed": True}
    )
    static, _ = StaticDevice.objects.get_or_create(user=user, name=_BACKUP_NAME, defaults={"confirmed": True})
    static.token_set.all().delete()
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return device


def _digits(code: str) -> str:
    return code.replace(" ", "").replace("-", "").strip()


def admin_devices_withdraw(site) -> None:
    """Second factors are not edited in the admin: its device pages would show anyone with admin rights a
    user's key, which is the second factor itself. An admin resets one with `reset_second_factor`."""
    for model in (TOTPDevice, StaticDevice):
        if site.is_registered(model):
            site.unregister(model)
