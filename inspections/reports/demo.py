"""Demo for the reports, after the core demo's inspections exist:

- Central Bedfordshire (published): findings, recommendations of both priorities, joint and
  single-agency, a factual-accuracy response with an accepted and a rejected comment, the draft
  and final versions rendered, and the letter published, so `render_letter` and /published/ work;
- Croydon (factual-accuracy check): its draft sent to the area;
- Liverpool (reporting): a draft in progress, written through the services by its lead;
- the first theme's thematic report over the published inspections, published as edition 1.

Created once: a second run finds the letters and changes nothing. The published letter's
history is 2016's, so it is written as records directly (the services act on today).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from inspections.calendar import working_calendar
from inspections.demo import council_agency_name, demo_admin, demo_row
from inspections.fieldwork.models import EvidenceRecord
from inspections.models import (
    Agency,
    AgencyKind,
    ContactRole,
    Inspection,
    Inspectorate,
    MilestoneKey,
    Person,
    PersonRole,
    ScopeArea,
    Stage,
    Theme,
    local_moment,
)
from jtai.reference_rows import reference_row_save

from . import letters, renders, selectors, thematic
from .models import (
    Addressee,
    Decision,
    FactualAccuracyComment,
    FactualAccuracyResponse,
    Finding,
    FindingKind,
    Letter,
    LetterStatus,
    LetterVersion,
    Priority,
    Recommendation,
    Signatory,
    ThematicEdition,
    ThematicReport,
    VersionPurpose,
)

# The letter's findings and recommendations: invented, in the style of the letters the
# inspectorates published from 2016, with no real child and no real person. Kept as data beside
# this module: (scope area order, kind, headline, text, agency kinds it concerns) a finding, and
# (priority, scope area order, "joint" or agency kinds, text) a recommendation.
_LETTER = json.loads((Path(__file__).parent / "demo_letter.json").read_text(encoding="utf-8"))
FINDINGS = [
    (f["scope_area"], FindingKind(f["kind"]), f["headline"], f["text"], [AgencyKind(k) for k in f["agency_kinds"]])
    for f in _LETTER["findings"]
]
# Leadership findings (scope area 4): whose leadership, and what it bears on.
LEADERSHIP = {
    "Strategic leadership of CSE": ("agencies", "deep_dive"),
    "Learning from reviews": ("lscb", "front_door"),
    "Return-home interviews": ("lscb", "deep_dive"),
    "Audit across agencies": ("agencies", "deep_dive"),
}
KEY_STRENGTHS = {"Multi-agency safeguarding hub", "Specialist exploitation team", "Strategic leadership of CSE"}
CASE_STUDIES = {
    "Specialist exploitation team": (
        "A girl aged 14 had been missing from home many times and was being groomed by older men. A worker from "
        "the specialist exploitation team met her every week, at first in a café of her choosing, and never "
        "gave up when she did not come. Over four months the girl began to talk about what was happening to "
        "her. The worker shared what she learned with the police, who used it to disrupt the men involved, and "
        "with the girl's school, which arranged a place on a course she wanted to do. The girl has not been "
        "missing for six months and says she feels safe at home."
    ),
}
RECOMMENDATIONS = [
    (
        Priority(r["priority"]),
        r["scope_area"],
        r["for"] if r["for"] == "joint" else [AgencyKind(k) for k in r["for"]],
        r["text"],
    )
    for r in _LETTER["recommendations"]
]
THEMATIC_SUMMARY = (
    "The first joint targeted area inspections looked at how agencies together protect children at risk of "
    "sexual exploitation and children missing from home, care or education.\n\n"
    "Front doors share information well and leaders are committed. Return-home interviews for missing children "
    "remain the most common weakness, and the disruption of perpetrators needs more attention."
)


def leadership_of(area: int, headline: str) -> dict[str, str]:
    if area != 4:
        return {}
    whose, bears_on = LEADERSHIP[headline]
    return {"leadership_of": whose, "bears_on": bears_on}


def _agencies_of(inspection: Inspection, kinds) -> list[Agency]:
    if not kinds:
        return []
    if AgencyKind.COUNCIL in kinds:
        # The core demo gives every area its council's children's services; an area made otherwise may lack it.
        demo_row(
            Agency,
            {"name": council_agency_name(inspection.area.name)},
            {"kind": AgencyKind.COUNCIL},
            many={"areas": [inspection.area]},
        )
    return list(Agency.objects.filter(areas=inspection.area, kind__in=kinds).order_by("name")[:1])


def _record_findings(inspection: Inspection) -> None:
    areas = dict(enumerate(ScopeArea.objects.order_by("order"), start=1))
    for order, (area, kind, headline, text, kinds) in enumerate(FINDINGS, start=1):
        finding = Finding.objects.create(
            inspection=inspection,
            scope_area=areas[area],
            kind=kind,
            headline=headline,
            text=text,
            order=order,
            is_key_strength=headline in KEY_STRENGTHS,
            case_study=CASE_STUDIES.get(headline, ""),
            **leadership_of(area, headline),
        )
        finding.agencies.set(_agencies_of(inspection, kinds))
    for priority in (Priority.PRIORITY_ACTION, Priority.DEVELOPMENT):
        rows = [r for r in RECOMMENDATIONS if r[0] == priority]
        for order, (_, area, who, text) in enumerate(rows, start=1):
            recommendation = Recommendation.objects.create(
                inspection=inspection,
                priority=priority,
                scope_area=areas[area],
                addressee=Addressee.JOINT if who == "joint" else Addressee.AGENCIES,
                text=text,
                order=order,
            )
            if who != "joint":
                recommendation.agencies.set(_agencies_of(inspection, who))


def _version(letter: Letter, number: int, purpose: str, user, at: datetime.datetime) -> LetterVersion:
    version = renders.letter_version_freeze(letter=letter, number=number, purpose=purpose, user=user, requested_at=at)
    renders.letter_version_render(version_id=version.pk)
    return version


def _when(inspection: Inspection, key: str, time: datetime.time) -> datetime.datetime:
    return local_moment(inspection.milestone(key).date, time)


def _published(inspection: Inspection, lead_user) -> None:
    letter = _with_area(inspection, lead_user)
    sent = letter.draft_sent_at
    due = inspection.milestone(MilestoneKey.FACTUAL_ACCURACY_DUE)
    published = _when(inspection, MilestoneKey.PUBLICATION_DUE, datetime.time(9, 30))
    contacts = {c.role: c for c in inspection.contacts.select_related("agency", "person")}
    police = inspection.contacts.filter(role=ContactRole.AGENCY_LEADER, agency__kind=AgencyKind.POLICE).first()
    coordinator = contacts.get(ContactRole.DCS_COORDINATOR) or contacts.get(ContactRole.DCS)
    decided = sent + datetime.timedelta(days=9)
    comments = [
        (coordinator, 4, "The return-home interview service is commissioned from a charity, not run by the council.",
         "Say that the council commissions the service.", Decision.ACCEPTED,
         "Agreed: the letter now says the service is commissioned."),
        (police, 12, "The force used child abduction warning notices in 14 cases last year.",
         "Remove the finding on disruption.", Decision.REJECTED,
         "The finding rests on the cases sampled, where powers were not used; the figure does not change it."),
    ]  # fmt: skip
    for contact, paragraph, text, correction, decision, reason in comments:
        if contact is None:
            continue
        FactualAccuracyComment.objects.create(
            letter=letter,
            contact=contact,
            agency=contact.agency,
            paragraph=paragraph,
            comment=text,
            proposed_correction=correction,
            decision=decision,
            decision_reason=reason,
            decided_by=lead_user,
            decided_at=decided,
            created_at=sent + datetime.timedelta(days=2),
        )
    FactualAccuracyResponse.objects.create(
        letter=letter,
        submitted_by=(coordinator.person.user if coordinator and coordinator.person.user else lead_user),
        submitted_at=due.moment - datetime.timedelta(hours=8),
        covering_note="One response from the partnership, coordinated by the DCS.",
        decisions_completed_at=decided,
    )
    _version(letter, 2, VersionPurpose.FINAL, lead_user, decided)
    letter.status = LetterStatus.PUBLISHED
    letter.publication_date = published.date()
    letter.published_at = published
    letter.published_by = lead_user
    letter.action_plan_due = working_calendar().add(published.date(), inspection.framework.action_plan_working_days)
    letter.save()


def _with_area(inspection: Inspection, lead_user) -> Letter:
    """The draft, findings recorded, sent to the area on the day it was due."""
    _record_findings(inspection)
    sent = _when(inspection, MilestoneKey.DRAFT_LETTER_DUE, datetime.time(12, 0))
    letter = Letter.objects.create(
        inspection=inspection,
        status=LetterStatus.WITH_AREA,
        draft_sent_at=sent,
        draft_sent_by=lead_user,
        response_due_at=inspection.milestone(MilestoneKey.FACTUAL_ACCURACY_DUE).moment,
    )
    _version(letter, 1, VersionPurpose.DRAFT, lead_user, sent)
    return letter


def _records_for(inspection: Inspection, scope_area: ScopeArea, kind: str) -> list[EvidenceRecord]:
    """The week on site's records a finding rests on: those of its part of the scope and weight."""
    records = EvidenceRecord.objects.filter(inspection=inspection, scope_areas=scope_area, weight=kind)
    return list(records.order_by("occurred_at")[:4])


def _in_progress(inspection: Inspection, lead_user) -> None:
    """A draft being written, through the services as its lead would."""
    areas = dict(enumerate(ScopeArea.objects.order_by("order"), start=1))
    for area, kind, headline, text, kinds in FINDINGS[:4]:
        letters.finding_save(
            user=lead_user,
            inspection=inspection,
            scope_area=areas[area],
            kind=kind,
            headline=headline,
            text=text,
            agencies=_agencies_of(inspection, kinds),
            records=_records_for(inspection, areas[area], kind),
        )
    priority, area, who, text = RECOMMENDATIONS[0]
    letters.recommendation_save(
        user=lead_user,
        inspection=inspection,
        priority=priority,
        scope_area=areas[area],
        addressee=Addressee.AGENCIES,
        agencies=_agencies_of(inspection, who),
        text=text,
    )


# Invented signatories: no real person. Valid from before the 2016 programme.
SIGNATORIES = [
    ("ofsted", "Rowan Ashdown", "National Director, Social Care"),
    ("cqc", "Imogen Faraday", "Chief Inspector of Primary Medical Services and Integrated Care"),
    ("hmic", "Gareth Linwood", "HM Inspector of Constabulary"),
    ("hmip", "Sunita Okafor", "HM Chief Inspector of Probation"),
]
JOB_TITLES = {
    AgencyKind.POLICE: "Chief Constable",
    AgencyKind.HEALTH: "Accountable Officer",
    AgencyKind.PROBATION: "Chief Executive",
    AgencyKind.YOUTH_OFFENDING: "Head of Youth Offending Service",
    AgencyKind.LSCB: "Independent Chair",
}


def _letter_reference_data() -> None:
    """Signatories, and job titles for the people letters are addressed to, where none is set."""
    for code, name, title in SIGNATORIES:
        inspectorate = Inspectorate.objects.filter(code=code).first()
        if inspectorate is not None and not Signatory.objects.filter(inspectorate=inspectorate).exists():
            reference_row_save(
                user=demo_admin(),
                row=Signatory(inspectorate=inspectorate, name=name, title=title, valid_from=datetime.date(2015, 9, 1)),
            )
    for kind, title in JOB_TITLES.items():
        Person.objects.filter(agency__kind=kind, job_title="").exclude(role=PersonRole.CONTRIBUTOR).update(
            job_title=title
        )


def load(out) -> None:
    _letter_reference_data()
    users = get_user_model().objects
    lead_users = {
        Stage.PUBLISHED: users.filter(username="manager").first(),
        Stage.FACTUAL_ACCURACY: users.filter(username="lead.inspector").first(),
        Stage.REPORTING: users.filter(username="lead.inspector").first(),
    }
    build = {Stage.PUBLISHED: _published, Stage.FACTUAL_ACCURACY: _with_area, Stage.REPORTING: _in_progress}
    out.write("Demo letters of findings:\n")
    for stage, make in build.items():
        inspection = (
            Inspection.objects.filter(stage=stage, onsite_start__year=2016, framework__kind="joint")
            .select_related("area", "framework", "theme")
            .prefetch_related("milestones")
            .order_by("onsite_start")
            .first()
        )
        if inspection is None or lead_users[stage] is None:
            continue
        if not Letter.objects.filter(inspection=inspection).exists():
            make(inspection, lead_users[stage])
        letter = Letter.objects.get(inspection=inspection)
        out.write(f"  {inspection.reference:<15} {inspection.area.name:<24} {letter.get_status_display()}\n")

    theme = Theme.objects.get(slug="cse-and-missing")
    manager = lead_users[Stage.PUBLISHED]
    if (
        manager is not None
        and not ThematicReport.objects.filter(theme=theme).exists()
        and selectors.published_letters().filter(inspection__theme=theme).exists()
    ):
        thematic.thematic_report_save(user=manager, theme=theme, summary=THEMATIC_SUMMARY)
        edition = thematic.thematic_report_publish(user=manager, theme=theme)
        # Dated as the demo's story has it: edition 1 after the last demo letter's publication.
        ThematicEdition.objects.filter(pk=edition.pk).update(
            published_at=timezone.make_aware(datetime.datetime(2016, 11, 1, 9, 30))
        )
        renders.thematic_pdf_render(edition_id=edition.pk)
        out.write(f"Demo thematic report: {theme.name}\n")
