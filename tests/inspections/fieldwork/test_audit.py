"""Each version of a record is in the inspection's audit trail, with who and when; never its text."""

from django.urls import reverse

from inspections.fieldwork import evidence
from inspections.fieldwork.sync import record_data
from tests.helpers import sign_in_as

from .helpers import payload


def test_a_record_and_its_amendment_are_in_the_audit_trail_without_their_text(client, on_site, lead, cqc):
    item = payload(on_site, text="The MASH queue held 60 notifications.")
    record = evidence.evidence_record_create(
        user=cqc.user, inspection=on_site, data=record_data(item), record_id=item["id"]
    ).record
    changed = record_data({**item, "text": "The MASH queue held 80 notifications.", "weight": "improvement"})
    evidence.evidence_record_amend(user=cqc.user, record=record, data=changed)
    # One version when made, one when amended: not one more for each relation set.
    assert list(record.history.order_by("history_date").values_list("history_type", flat=True)) == ["+", "~"]
    sign_in_as(client, lead)
    page = client.get(reverse("inspections:audit", args=[on_site.reference])).content.decode()
    assert "The week on site" in page and "Evidence record" in page
    assert "60 notifications" not in page and "80 notifications" not in page
    assert "Cath Carer" in page
