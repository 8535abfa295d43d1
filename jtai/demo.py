"""The demo's second factors: every demo account that must give one gets the same published key and
backup codes, so that a reviewer can sign in. For the demo only: real accounts set up their own."""

from __future__ import annotations

from base64 import b32decode

from django.contrib.auth import get_user_model

from . import two_factor

DEMO_KEY = "JTAIDEMOJTAIDEMOJTAIDEMOJTAIDEMO"
DEMO_BACKUP_CODES = [f"jtaidemo{n:02d}" for n in range(1, 11)]


def load(out) -> None:
    given = []
    for user in get_user_model().objects.order_by("username"):
        # A second run keeps whatever a reviewer set up instead.
        if two_factor.second_factor_required(user) and not two_factor.has_second_factor(user):
            two_factor.demo_device(user=user, key_hex=b32decode(DEMO_KEY).hex(), codes=DEMO_BACKUP_CODES)
            given.append(user.username)
    key = " ".join(DEMO_KEY[i : i + 4] for i in range(0, len(DEMO_KEY), 4))
    out.write(
        "Two-factor sign-in (demo only): inspectors, the manager, the analyst and the admin give a code after "
        "the password.\n"
        f"  Add this key to an authenticator app: {key}\n"
        f"  (or scan otpauth://totp/JTAI%20demo?secret={DEMO_KEY}&issuer=JTAI)\n"
        f"  Or use a backup code, each once per account: {' '.join(DEMO_BACKUP_CODES)}\n"
    )
    if given:
        out.write(f"  Given to: {', '.join(given)}\n")
