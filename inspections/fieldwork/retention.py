"""Evidence goes with the case material: when the retention rule (`case_audits.retention`) erases an
inspection's case-audit material, it erases the inspection's evidence records and emerging findings
too, and the copies their history keeps. Only their counts remain (`EvidenceTally`), for the
thematic report and the inspection's record."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from inspections.case_audits.models import CaseSample
from inspections.models import Inspection

from .counts import sampled_cases
from .models import EmergingFinding, EvidenceKind, EvidenceRecord, EvidenceTally


def evidence_erase(*, inspection: Inspection) -> tuple[int, int]:
    """Erase the inspection's evidence, keeping its counts; (records and findings erased, history
    copies blanked). Runs inside the case-audit erasure's transaction; a second run erases nothing."""
    records = EvidenceRecord.objects.filter(inspection=inspection)
    rows = records.order_by().values("inspectorate_id", "kind").annotate(n=Count("pk"))
    # The cases only the records say were sampled: the case samples themselves stay.
    from_records = sampled_cases([inspection.pk]).get(inspection.pk, {})
    kept = defaultdict(set)
    for inspectorate_id, case_id in CaseSample.objects.filter(case__request__inspection=inspection).values_list(
        "inspectorate_id", "case_id"
    ):
        kept[inspectorate_id].add(case_id)
    cases = {pk: len(found - kept[pk]) for pk, found in from_records.items()}
    for row in rows:
        tally, _ = EvidenceTally.objects.get_or_create(
            inspection=inspection, inspectorate_id=row["inspectorate_id"], kind=row["kind"]
        )
        tally.records += row["n"]
        if row["kind"] == EvidenceKind.CASE_SAMPLING:
            tally.cases += cases.get(row["inspectorate_id"], 0)
        tally.save()
    findings = EmergingFinding.objects.filter(inspection=inspection)
    erased = findings.count() + records.count()
    findings.delete()
    records.delete()
    # The copies the history keeps, the deletions just recorded included.
    copies = EvidenceRecord.history.filter(inspection_id=inspection.pk).exclude(text="").update(text="")
    copies += EmergingFinding.history.filter(inspection_id=inspection.pk).exclude(text="").update(text="")
    return erased, copies
