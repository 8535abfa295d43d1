"""The case audits in the inspection's audit trail: names only, never the free text about
children; and who viewed case-audit material, as a part of its own."""

import re
from html import unescape

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page(client, inspection, **query) -> str:
    """Every page of the trail, one after another: a request's changes all happen at one moment."""
    url = reverse("inspections:audit", args=[inspection.reference])
    pages, number = [], 1
    while True:
        response = client.get(url, {**query, "page": number})
        pages.append(unescape(response.content.decode()))
        if 'rel="next"' not in pages[-1]:
            # The words a reader sees, without the markup between them.
            return re.sub(r"<[^>]+>", "", "".join(pages))
        number += 1


def test_case_audits_are_in_the_trail_by_name_without_their_free_text(client, material, lead):
    client.force_login(lead)
    shown = page(client, material, part="Case audits")
    assert "Case “SG-001”: Created" in shown
    assert "File “chronology.pdf”: Created" in shown
    assert "Answers changed" in shown
    assert "Evidence seen recorded" in shown
    for secret in ("ran away", "Strategy meeting minutes", "child's voice", "never wrote one"):
        assert secret not in shown


def test_who_viewed_case_audit_material_is_its_own_part(client, material, lead):
    lead.first_name, lead.last_name = "Lena", "Lead"
    lead.save()
    client.force_login(lead)
    case = material.case_audit_request.cases.get(reference="SG-002")
    client.get(reverse("case_audits:case", args=[material.reference, case.pk]))

    shown = page(client, material, part="Who viewed case-audit material")

    assert "Viewed case SG-002: case audit and samples" in shown
    assert "Lena Lead" in shown
    assert "Case “SG-001”" not in shown
