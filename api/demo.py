"""The demo's token: CQC's case-management system, with a published secret like the demo's
shared password, so the README's curl examples work against `make run`."""

from __future__ import annotations

import datetime

from django.utils import timezone

from inspections.models import Inspectorate

from .models import SystemToken
from .tokens import token_issue

# Published on purpose, like the demo accounts' shared password; load_demo refuses to run with DEBUG off.
DEMO_TOKEN = "jtai_demo0cqc000_JTAI-demo-token-for-the-CQC-case-management-system"  # nosec B105
SYSTEM = "CQC case management (demo)"


def load(out) -> None:
    if not SystemToken.objects.filter(prefix=DEMO_TOKEN.split("_")[1]).exists():
        token_issue(
            user=None,
            system=SYSTEM,
            inspectorate=Inspectorate.objects.get(code="cqc"),
            expires_at=timezone.now() + datetime.timedelta(days=3650),
            secret=DEMO_TOKEN,
        )
    out.write(
        f"API token for the demo system '{SYSTEM}' (read /api/v1/ as CQC):\n"
        f"  curl -H 'Authorization: Bearer {DEMO_TOKEN}' http://localhost:8000/api/v1/inspections/\n"
    )
