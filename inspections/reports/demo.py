"""Demo for the reports, after the core demo's inspections exist:

- Central Bedfordshire (published): findings, recommendations of both priorities, joint and
  single-agency, a factual-accuracy response with an accepted and a rejected comment, the draft
  and final versions rendered, and the letter published, so `render_letter` and /published/ work;
- Croydon (factual-accuracy check): its draft sent to the area;
- Liverpool (reporting): a draft in progress, written through the services by its lead;
- the first theme's thematic report over the published inspections, published.

Created once: a second run finds the letters and changes nothing. The published letter's
history is 2016's, so it is written as records directly (the services act on today).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from inspections.calendar import working_calendar
from inspections.demo import council_agency_name
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

from . import letters, renders, selectors
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
    ThematicReport,
    VersionPurpose,
)

S, WEAK = FindingKind.STRENGTH, FindingKind.IMPROVEMENT
# (scope area order, kind, headline, text, agency kinds it concerns). Invented, in the style of
# the letters the inspectorates published from 2016: no real child and no real person.
FINDINGS = [
    (1, S, "Multi-agency safeguarding hub", "Partners in the multi-agency safeguarding hub share information "
     "quickly about children at risk of sexual exploitation, and decisions are timely. Police, health and "
     "children's social care staff sit together, and inspectors saw them agree within hours what should happen "
     "next for children whose circumstances had suddenly worsened. Managers check the quality of these decisions "
     "every week, and the learning from those checks is shared with staff.", [AgencyKind.POLICE]),
    (1, S, "Daily risk meeting", "A daily meeting of police, children's social care and the specialist "
     "exploitation team reviews every child reported missing in the previous 24 hours. It is well attended and "
     "well chaired. Actions are clear, owned by a named person and followed up the next day, so children who go "
     "missing repeatedly are quickly known to the agencies that can help them.", [AgencyKind.POLICE]),
    (1, S, "Schools' understanding of exploitation", "Designated safeguarding leads in schools understand the "
     "signs of child sexual exploitation well, because the LSCB's training has reached almost every school in "
     "the area. Referrals from schools are of good quality and say clearly what the school is worried about and "
     "what it has already done.", [AgencyKind.LSCB]),
    (1, WEAK, "Return-home interviews", "Too few children who go missing are offered a return-home interview, and "
     "what children say in them is not used well to understand risk. In the cases inspectors sampled, interviews "
     "were often offered late, sometimes weeks after the child came home, and the information gathered was not "
     "routinely passed to the social worker or the police.", [AgencyKind.COUNCIL]),
    (1, WEAK, "Consent to share information", "Some practitioners in universal health services are unsure when "
     "they can share information without the consent of the parent. As a result, a small number of referrals "
     "were delayed while consent was sought, when the risk to the child meant that information should have been "
     "shared at once.", [AgencyKind.HEALTH]),
    (2, S, "Child sexual exploitation risk assessment", "Risk assessments are thorough and children's views "
     "are clearly recorded. Practitioners use the LSCB's risk assessment tool confidently, and they revisit it "
     "when a child's circumstances change. Inspectors saw assessments that captured children's own words about "
     "their friendships, their online lives and what makes them feel safe.", []),
    (2, S, "Strategy meetings", "Strategy meetings are held promptly when children are believed to be at risk of "
     "exploitation. Police and children's social care attend every meeting, share what they know and agree "
     "clear plans, including how the child will be protected while enquiries continue.", [AgencyKind.POLICE]),
    (2, WEAK, "Health attendance at strategy meetings", "Health professionals do not attend strategy meetings "
     "consistently, so health information is missing from decisions. School nurses and sexual health services "
     "hold important knowledge about the children they see, and it is not always asked for or offered.",
     [AgencyKind.HEALTH]),
    (2, WEAK, "Plans for children", "Plans for children at risk of exploitation are too often a list of services "
     "rather than a description of what needs to change for the child and by when. This makes it harder for "
     "practitioners and managers to know whether the child is safer as a result of the help given.",
     [AgencyKind.COUNCIL]),
    (2, WEAK, "Probation's contribution", "Probation staff supervising adults who pose a risk to children do not "
     "always tell children's social care when they learn that the adult is in contact with a child. Inspectors "
     "found two cases where this information was known to probation for several weeks before it was shared.",
     [AgencyKind.PROBATION]),
    (3, S, "Specialist exploitation team", "The specialist team builds trusting relationships with children "
     "and helps them to stay safe. Workers are persistent: they keep in touch with children who do not want to "
     "engage at first, and they meet children where the children feel comfortable. Children told inspectors "
     "that their worker was the first adult who had really listened to them.", [AgencyKind.COUNCIL]),
    (3, S, "Mapping of exploitation", "Police analysts and the specialist team map the links between children, "
     "adults and places of concern. The maps are up to date and are used well to plan disruption activity and "
     "to identify children who may be at risk but are not yet known to services.", [AgencyKind.POLICE]),
    (3, S, "Support for parents", "Parents of children at risk of exploitation are offered support of their own, "
     "including a parents' group run by a voluntary organisation. Parents said that this helped them to "
     "understand what was happening to their child and how to respond.", []),
    (3, WEAK, "Disruption of perpetrators", "The police do not use the full range of disruption powers against "
     "adults who pose a risk to children. Child abduction warning notices are used, but other civil orders are "
     "rarely sought, and opportunities to gather evidence for prosecution are sometimes missed.",
     [AgencyKind.POLICE]),
    (3, WEAK, "Children missing from education", "The link between children missing from education and the risk "
     "of exploitation is not yet well understood. Information about children on part-time timetables or "
     "excluded from school is not routinely considered at the daily risk meeting.", [AgencyKind.COUNCIL]),
    (3, WEAK, "Emotional health support", "Children who have been exploited wait too long for help with their "
     "emotional and mental health. The specialist service has a waiting list of several months, and interim "
     "support is not always offered.", [AgencyKind.HEALTH]),
    (4, S, "Strategic leadership of CSE", "Leaders share a clear strategy for tackling child sexual exploitation "
     "and children going missing. The strategy is understood by staff at every level, and senior leaders from "
     "each agency meet regularly to check that it is being delivered.", []),
    (4, S, "Learning from reviews", "The LSCB has learned well from a recent review of a child's case, and the "
     "actions it agreed have been completed. Practitioners could describe what had changed in their own "
     "practice as a result.", [AgencyKind.LSCB]),
    (4, WEAK, "Return-home interviews", "The LSCB does not know how many missing children are offered an "
     "interview, or what children say in them. Its performance information is mainly about numbers of "
     "referrals, and says little about the quality of the help children receive or its impact.",
     [AgencyKind.LSCB]),
    (4, WEAK, "Audit across agencies", "Agencies audit their own work, but the partnership has only recently "
     "begun to audit cases together. As a result, leaders have an incomplete picture of how well agencies "
     "work together for individual children.", []),
]  # fmt: skip
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
# (priority, scope area order, joint or agency kinds, text)
RECOMMENDATIONS = [
    (Priority.PRIORITY_ACTION, 1, [AgencyKind.COUNCIL], "Ensure that every child who goes missing is offered a "
     "return-home interview within 72 hours, and that the information gathered informs risk assessments."),
    (Priority.PRIORITY_ACTION, 3, [AgencyKind.POLICE], "Use the full range of disruption powers against adults "
     "who pose a risk of sexual exploitation to children."),
    (Priority.PRIORITY_ACTION, 3, [AgencyKind.HEALTH], "Reduce the time that children who have been exploited wait "
     "for help with their emotional and mental health, and offer support while they wait."),
    (Priority.DEVELOPMENT, 2, "joint", "Agree across the partnership how health professionals take part in "
     "strategy meetings, and check that they do."),
    (Priority.DEVELOPMENT, 2, [AgencyKind.PROBATION], "Tell children's social care at once when an adult under "
     "supervision who poses a risk to children is found to be in contact with a child."),
    (Priority.DEVELOPMENT, 2, [AgencyKind.COUNCIL], "Make sure that plans for children at risk of exploitation "
     "say what needs to change for the child, by when, and how everyone will know."),
    (Priority.DEVELOPMENT, 4, "joint", "Give the LSCB the information it needs to know how well missing children "
     "are protected."),
    (Priority.DEVELOPMENT, 4, "joint", "Audit children's cases together, across agencies, and use what is learned "
     "to improve practice."),
]  # fmt: skip
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
        council, created = Agency.objects.get_or_create(
            name=council_agency_name(inspection.area.name), defaults={"kind": AgencyKind.COUNCIL}
        )
        if created:
            council.areas.add(inspection.area)
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
    _record_findings(inspection)
    sent = _when(inspection, MilestoneKey.DRAFT_LETTER_DUE, datetime.time(12, 0))
    due = inspection.milestone(MilestoneKey.FACTUAL_ACCURACY_DUE)
    published = _when(inspection, MilestoneKey.PUBLICATION_DUE, datetime.time(9, 30))
    letter = Letter.objects.create(
        inspection=inspection,
        status=LetterStatus.WITH_AREA,
        draft_sent_at=sent,
        draft_sent_by=lead_user,
        response_due_at=due.moment,
    )
    _version(letter, 1, VersionPurpose.DRAFT, lead_user, sent)
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


def _with_area(inspection: Inspection, lead_user) -> None:
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
            Signatory.objects.create(
                inspectorate=inspectorate, name=name, title=title, valid_from=datetime.date(2015, 9, 1)
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
        report = ThematicReport.objects.create(
            theme=theme,
            summary=THEMATIC_SUMMARY,
            published_at=timezone.make_aware(datetime.datetime(2016, 11, 1, 9, 30)),
            published_by=manager,
            generation=1,
        )
        renders.thematic_pdf_render(report_id=report.pk)
        out.write(f"Demo thematic report: {theme.name}\n")
