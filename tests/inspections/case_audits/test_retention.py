"""Retention: case-audit free text and files are erased a set number of calendar months after
publication, their history copies with them, leaving a record that they existed."""

import io
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.core.management import call_command
from django.urls import reverse

from inspections.case_audits import retention
from inspections.case_audits.models import (
    AgencyEvaluation,
    Attachment,
    CaseSample,
    DocumentReturn,
    ErasureRecord,
    ReopenRequest,
)
from inspections.case_audits.tasks import erase_due_case_material
from jtai.celery import app
from tests.helpers import london

from .conftest import publish

pytestmark = pytest.mark.django_db
# Published on 10 May 2016: with the default 12 months, due on 10 May 2017.
BEFORE_DUE = london(2017, 5, 9, 23, 0)
DUE = london(2017, 5, 10, 2, 30)


def files_on_disk(settings) -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file())


def free_text_everywhere() -> list[str]:
    """Every copy of free text about children, in the rows and in their history."""
    texts = []
    for model in (AgencyEvaluation, AgencyEvaluation.history.model):
        texts += [str(a) for a in model.objects.exclude(answers={}).values_list("answers", flat=True)]
    for model in (CaseSample, CaseSample.history.model):
        for row in model.objects.values("answers", "evidence", "agreement_reason"):
            texts += [str(v) for v in row.values() if v]
    for model in (DocumentReturn, DocumentReturn.history.model):
        texts += [t for t in model.objects.values_list("missing_reason", flat=True) if t]
    for model in (ReopenRequest, ReopenRequest.history.model):
        texts += [t for t in model.objects.values_list("reason", flat=True) if t]
    return texts


def snapshot(settings):
    return (
        free_text_everywhere(),
        files_on_disk(settings),
        list(Attachment.objects.values_list("pk", "file")),
        Attachment.history.count(),
        ErasureRecord.objects.count(),
    )


def test_nothing_is_erased_before_the_retention_period_ends(material, clock, settings):
    publish(material)
    clock.move_to(BEFORE_DUE)
    before = snapshot(settings)
    assert retention.case_material_erase_due() == []
    assert snapshot(settings) == before
    assert before[0] and len(before[1]) == 2


def test_once_due_the_text_files_and_history_copies_go_and_a_record_stays(material, clock, settings):
    publish(material)
    assert free_text_everywhere() and len(files_on_disk(settings)) == 2
    clock.move_to(DUE)

    [record] = retention.case_material_erase_due()

    assert free_text_everywhere() == []
    assert files_on_disk(settings) == []
    assert not Attachment.objects.exists()
    assert not Attachment.history.exclude(file="").exists()
    assert not DocumentReturn.history.exclude(file="").exists()
    assert (record.cases, record.files, record.erased_by) == (5, 2, None)
    assert record.texts == 7 + 1 + 1  # seven evaluations, one sample, one missing-document reason
    assert record.bytes == Attachment.history.filter(history_type="+").get().size + 45
    assert record.history_rows > 0
    assert record.summary == "Case-audit material erased on 10 May 2017 (5 cases, 2 files)"
    # The cases themselves and the documents' names remain: that they existed.
    assert material.case_audit_request.cases.count() == 5
    assert DocumentReturn.objects.filter(original_name="plan.pdf").exists()


def test_a_second_run_erases_nothing_more(material, clock, settings):
    publish(material)
    clock.move_to(DUE)
    retention.case_material_erase_due()
    clock.move_to(london(2017, 5, 11, 2, 30))
    assert retention.case_material_erase_due() == []
    assert ErasureRecord.objects.count() == 1


def test_an_unpublished_inspection_is_never_erased(material, clock, settings):
    clock.move_to(london(2030, 1, 1, 2, 30))
    before = snapshot(settings)
    assert retention.erasure_due() == []
    assert retention.case_material_erase_due() == []
    assert retention.case_material_erase(inspection=material) is None
    assert snapshot(settings) == before


def test_the_period_is_a_setting_counted_in_calendar_months(material, clock, settings):
    settings.CASE_AUDITS_RETENTION_MONTHS = 1
    publish(material)
    clock.move_to(london(2016, 6, 9, 12, 0))
    assert retention.erasure_due() == []
    clock.move_to(london(2016, 6, 10, 0, 30))
    [due] = retention.erasure_due()
    assert (due.inspection, str(due.due_on)) == (material, "2016-06-10")


def test_dry_run_shows_what_would_go_and_changes_nothing(material, clock, settings):
    publish(material)
    clock.move_to(DUE)
    before = snapshot(settings)
    out = io.StringIO()

    call_command("erase_case_material", "--dry-run", stdout=out)

    assert snapshot(settings) == before
    assert (
        f"Would erase {material.reference} (published Tuesday 10 May 2016, due Wednesday 10 May 2017): "
        "5 cases, 9 free-text records, 2 files," in out.getvalue()
    )
    assert "Dry run: nothing was changed." in out.getvalue()


def test_the_command_erases_with_the_same_service_and_says_what_it_did(material, clock, settings):
    publish(material)
    clock.move_to(DUE)
    out = io.StringIO()
    call_command("erase_case_material", stdout=out)
    assert f"Erased {material.reference} (published Tuesday 10 May 2016" in out.getvalue()
    assert "Erased the case-audit material of 1 inspection(s)." in out.getvalue()
    assert free_text_everywhere() == [] and files_on_disk(settings) == []

    again = io.StringIO()
    call_command("erase_case_material", stdout=again)
    assert "Nothing is due for erasure (12 months after publication)." in again.getvalue()


def test_the_daily_task_is_scheduled_and_erases(material, clock, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["erase-due-case-material"]
    assert entry["task"] == erase_due_case_material.name
    assert entry["task"] in app.tasks
    assert isinstance(entry["schedule"], crontab) and entry["schedule"].hour == {2}
    publish(material)
    clock.move_to(DUE)
    erase_due_case_material()
    assert ErasureRecord.objects.filter(inspection=material).exists()


def test_the_erasure_is_shown_on_the_inspection_and_audit_pages(client, material, clock, settings, lead):
    publish(material)
    clock.move_to(DUE)
    retention.case_material_erase_due()
    client.force_login(lead)
    expected = "Case-audit material erased on 10 May 2017 (5 cases, 2 files)"
    assert expected in client.get(reverse("inspections:detail", args=[material.reference])).content.decode()
    assert expected in client.get(reverse("inspections:audit", args=[material.reference])).content.decode()
