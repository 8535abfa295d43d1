"""Evidence is erased with the case material, and only its counts remain."""

import datetime

from inspections.case_audits.models import CaseAuditRequest
from inspections.case_audits.retention import case_material_erase
from inspections.fieldwork.counts import counts_for
from inspections.fieldwork.models import EmergingFinding, EvidenceRecord, EvidenceTally

from .test_letter_counts import published, week  # noqa: F401 (fixtures)

LATER = datetime.date(2030, 1, 1)


def test_erasure_takes_the_records_and_their_history_and_keeps_the_counts(published, lead):  # noqa: F811
    before = counts_for([published.pk])
    assert before.children == 2 and before.cases_sampled
    assert EvidenceRecord.history.filter(inspection_id=published.pk).exclude(text="").exists()
    record = case_material_erase(inspection=published, today=LATER)
    assert record is not None
    assert not EvidenceRecord.objects.filter(inspection=published).exists()
    assert not EmergingFinding.objects.filter(inspection=published).exists()
    assert not EvidenceRecord.history.filter(inspection_id=published.pk).exclude(text="").exists()
    assert counts_for([published.pk]) == before
    assert EvidenceTally.objects.filter(inspection=published).count() > 0


def test_nothing_is_erased_before_the_retention_period_ends_and_a_second_run_adds_nothing(published):  # noqa: F811
    assert case_material_erase(inspection=published, today=datetime.date(2016, 4, 1)) is None
    assert EvidenceRecord.objects.filter(inspection=published).count() == 9
    case_material_erase(inspection=published, today=LATER)
    tallies = list(EvidenceTally.objects.filter(inspection=published).values_list("records", flat=True))
    assert case_material_erase(inspection=published, today=LATER) is None
    assert list(EvidenceTally.objects.filter(inspection=published).values_list("records", flat=True)) == tallies
    assert sum(tallies) == 9


def test_an_inspection_without_case_audits_has_its_evidence_erased_all_the_same(published):  # noqa: F811
    CaseAuditRequest.objects.filter(inspection=published).delete()
    assert EvidenceRecord.objects.filter(inspection=published).count() == 9
    record = case_material_erase(inspection=published, today=LATER)
    assert record is not None and record.cases == 0
    assert not EvidenceRecord.objects.filter(inspection=published).exists()
    assert not EvidenceRecord.history.filter(inspection_id=published.pk).exclude(text="").exists()
