"""Demo week on site for `load_demo`: the inspection in its reporting stage (Liverpool) gets a week of
evidence from its four inspectorates — meetings, observations of the front door, documents read and
conversations with children, young people and parents — and the lead's emerging findings for each
day. Everything goes through the services; each record's id is made from its place in the week, so
a second run stores nothing twice.
"""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from inspections.models import Inspection, Stage, agencies_taking_part

from .emerging import days_on_site, emerging_finding_record
from .evidence import RecordData, evidence_record_create
from .models import AgeBand, EmergingFinding, EvidenceKind, EvidenceRecord, Medium, Weight

NAMESPACE = uuid.UUID("0b4e4a34-6c1f-4d0e-9a57-9b0f5a3c2e11")

# What each kind of record says, in turn; never a name.
TEXTS = {
    EvidenceKind.MEETING: [
        "MASH team managers described daily joint screening with police; decisions are recorded within a day.",
        "Front-line social workers said caseloads have fallen since spring and supervision is monthly.",
        "The designated nurse explained how health visitors share concerns, but GPs rarely attend strategy talks.",
        "Police sergeants in the missing-person unit know the young people at risk well and share intelligence.",
        "Youth offending workers said return-home interviews reach them late, sometimes after a week.",
        "Senior leaders described the exploitation strategy; partners could not say how its impact is measured.",
        "School safeguarding leads said referrals get a quick answer but feedback on outcomes is rare.",
        "The LSCB business manager showed the audit programme; actions from the last audit are still open.",
    ],
    EvidenceKind.OBSERVATION: [
        "Observed the MASH morning meeting: all agencies present, risks discussed and actions agreed in 40 minutes.",
        "Observed a strategy discussion by phone: health was not invited and the plan missed the child's GP.",
        "Observed the out-of-hours handover: information from the night was passed on completely and promptly.",
        "Observed screening of police notifications: a backlog of 60 low-level notifications waited three days.",
        "Observed a multi-agency child exploitation meeting: clear actions, owners and dates for each young person.",
    ],
    EvidenceKind.DOCUMENT: [
        "Read the missing-from-home protocol: clear, current and known to staff, with timescales for interviews.",
        "Read the exploitation performance report: it counts referrals but says nothing of outcomes for children.",
        "Read five strategy-discussion records: thresholds applied well; the child's view recorded in two.",
        "Read the LSCB annual report: priorities match the area's needs; its learning is not yet tested.",
    ],
    EvidenceKind.CHILD: [
        "A young person said their worker listens and they trust her, and that she found them a safe place to stay.",
        "A young person said nobody asked them why they went missing until the third time.",
        "A child said they see their social worker often and know how to reach her out of hours.",
        "A young person said the police officer who brought them home was kind and explained what would happen.",
        "A group of young people said the exploitation sessions at school helped them recognise grooming.",
        "A care leaver said their personal adviser changed three times in a year and they had to retell everything.",
    ],
    EvidenceKind.FAMILY: [
        "A mother said the early-help worker helped the family quickly and the school was kept informed.",
        "A foster carer said they were not told the young person's history of going missing before placement.",
        "A father said meetings were held without him and he learned of decisions from his child.",
        "A grandmother caring for two children said support came fast after the police referral.",
    ],
}
# How each inspectorate's week is made up, record by record, day by day.
WEEK = [
    EvidenceKind.MEETING,
    EvidenceKind.OBSERVATION,
    EvidenceKind.CHILD,
    EvidenceKind.DOCUMENT,
    EvidenceKind.MEETING,
    EvidenceKind.FAMILY,
    EvidenceKind.OBSERVATION,
    EvidenceKind.MEETING,
]
WEIGHTS = [Weight.STRENGTH, Weight.IMPROVEMENT, Weight.STRENGTH, Weight.CONTEXT, Weight.IMPROVEMENT]
SCOPES = [["front-door"], ["assessment"], ["deep-dive"], ["deep-dive", "leadership"], ["front-door", "assessment"]]
AGES = [AgeBand.FROM_11, AgeBand.FROM_16, AgeBand.FROM_5, AgeBand.FROM_18]
MEDIA = [Medium.IN_PERSON, Medium.PHONE, Medium.GROUP, Medium.ADVOCATE]
FINDINGS = {
    "front-door": (
        Weight.STRENGTH,
        "Joint screening in the MASH is timely and well attended; notifications from police still queue.",
    ),
    "deep-dive": (
        Weight.IMPROVEMENT,
        "Children who go missing are not consistently asked why: return-home interviews are late or missed.",
    ),
    "assessment": (
        Weight.IMPROVEMENT,
        "Health is not always part of strategy discussions, so plans miss what GPs know.",
    ),
    "leadership": (Weight.CONTEXT, "Leaders know the exploitation strategy well but cannot yet show its impact."),
}


def _record(inspection: Inspection, day_index: int, member: int, slot: int, agencies: list[int]) -> RecordData:
    kind = WEEK[slot]
    texts = TEXTS[kind]
    n = day_index * 8 + member * 3 + slot
    voice = kind in EvidenceKind.voices()
    day = days_on_site(inspection)[day_index]
    hour = 9 + slot
    return RecordData(
        kind=kind,
        occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 15 * (member % 4)))),
        weight=WEIGHTS[n % len(WEIGHTS)] if kind != EvidenceKind.DOCUMENT else Weight.CONTEXT,
        text=texts[n % len(texts)],
        agencies=(agencies[n % len(agencies)], agencies[(n + member + 1) % len(agencies)]),
        scope_areas=tuple(SCOPES[n % len(SCOPES)]) if kind not in EvidenceKind.voices() else ("deep-dive",),
        age_band=AGES[n % len(AGES)] if voice else "",
        medium=MEDIA[n % len(MEDIA)] if voice else "",
        consent_given=voice,
    )


def _week(out, inspection: Inspection) -> None:
    members = list(inspection.team.select_related("inspector__user").order_by("-is_lead", "inspector__inspectorate"))
    agencies = list(agencies_taking_part(inspection).order_by("name").values_list("pk", flat=True))
    days = days_on_site(inspection)
    for day_index in range(len(days)):
        for member_index, member in enumerate(members):
            for slot in range(len(WEEK)):
                evidence_record_create(
                    user=member.inspector.user,
                    inspection=inspection,
                    data=_record(inspection, day_index, member_index, slot, agencies),
                    record_id=uuid.uuid5(NAMESPACE, f"{inspection.reference}/{day_index}/{member_index}/{slot}"),
                )
    lead = next(m.inspector.user for m in members if m.is_lead)
    if not EmergingFinding.objects.filter(inspection=inspection).exists():
        for day in days:
            for code, (weight, text) in FINDINGS.items():
                resting = EvidenceRecord.objects.filter(
                    inspection=inspection, occurred_at__date__lte=day, scope_areas__code=code
                ).order_by("-occurred_at")[:3]
                if resting:
                    emerging_finding_record(
                        user=lead,
                        inspection=inspection,
                        day=day,
                        scope_area=code,
                        weight=weight,
                        text=text,
                        records=[r.pk for r in resting],
                    )
    count = EvidenceRecord.objects.filter(inspection=inspection).count()
    out.write(f"  {inspection.reference}: {count} evidence records from {len(members)} inspectorates\n")


def load(out) -> None:
    out.write("Demo week on site:\n")
    inspection = (
        Inspection.objects.filter(stage=Stage.REPORTING, onsite_start__year=2016, framework__kind="joint")
        .order_by("onsite_start")
        .first()
    )
    if inspection is not None:
        _week(out, inspection)
