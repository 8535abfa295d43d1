"""The letter, its findings and recommendations, and publication in the inspection's audit trail."""

from html import unescape

import pytest
from django.urls import reverse

from inspections.reports.models import Finding

from .conftest import write_letter

pytestmark = pytest.mark.django_db


def test_findings_and_the_letter_are_in_the_trail(client, clock, reporting, lead):
    write_letter(reporting, lead)
    finding = Finding.objects.get(headline="Information sharing")
    finding.text = "Partners share information within a day."
    finding.save()
    client.force_login(lead)

    shown = unescape(
        client.get(
            reverse("inspections:audit", args=[reporting.reference]), {"part": "Findings and recommendations"}
        ).content.decode()
    )

    assert "Finding “Information sharing”" in shown
    assert (
        "Text changed from “Partners share information quickly.” to “Partners share information within a day.”" in shown
    )
    assert "Recommendation" in shown
