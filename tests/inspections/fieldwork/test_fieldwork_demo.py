"""The demo's week on site: about 150 records from four inspectorates for the inspection in its
reporting stage, conversations with children and families among them, emerging findings each day,
its findings resting on records; loaded twice, stored once."""

import io

from django.core.management import call_command

from inspections.fieldwork.emerging import days_on_site
from inspections.fieldwork.models import EmergingFinding, EvidenceRecord
from inspections.models import Stage
from inspections.reports.models import Finding


def test_the_demo_week_on_site(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    count = EvidenceRecord.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert EvidenceRecord.objects.count() == count
    inspection = EvidenceRecord.objects.first().inspection
    assert inspection.stage == Stage.REPORTING
    records = EvidenceRecord.objects.filter(inspection=inspection)
    assert 140 <= records.count() <= 170
    assert records.values("inspectorate").distinct().count() == 4
    assert records.filter(kind="child", consent_given=True).exists() and records.filter(kind="family").exists()
    days = set(EmergingFinding.objects.filter(inspection=inspection).values_list("day", flat=True))
    assert days == set(days_on_site(inspection))
    findings = Finding.objects.filter(inspection=inspection)
    assert findings.exists() and all(f.records.exists() for f in findings)
