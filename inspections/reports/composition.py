"""The letter of findings, composed. Pure: no queries, no writes.

`compose()` turns an inspection's findings and recommendations, with the fixed parts of its
framework version's letter template, into a plain structure of headed sections and numbered
paragraphs. The HTML preview, the stored versions (`LetterVersion.content`) and the PDF all
show that one structure, so paragraph 7 is paragraph 7 everywhere a comment refers to it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from inspections.calendar import govuk_date
from inspections.fieldwork.counts import FieldworkCounts
from inspections.models import (
    COUNCIL_AGENCY_KINDS,
    AgencyKind,
    ContactRole,
    FrameworkVersion,
    Inspection,
    PersonRole,
    ScopeArea,
)

from .models import (
    LEADERSHIP_SCOPE,
    Addressee,
    BearsOn,
    Finding,
    FindingKind,
    LeadershipOf,
    LetterTemplate,
    Priority,
    Recommendation,
)

LANG = "en-GB"


@dataclass(frozen=True)
class TemplateText:
    introduction: str
    scope: str
    what_happens_next: str
    action_plan: str
    title: str = ""
    action_plan_address: str = "ProtectionOfChildren@ofsted.gov.uk"


# Used for a framework version whose admin has not written a template yet; the admin's
# "add" form starts from these.
DEFAULT_TEMPLATE = TemplateText(
    introduction=(
        "From {first_day} to {last_day}, {inspectorates} carried out an inspection of the multi-agency "
        "response to {theme} in {area}.\n\n"
        "This letter to the services inspected sets out the findings of the inspection{recommendation_kinds}."
    ),
    scope=(
        "The inspection looked at the multi-agency response at the point of identification and referral, "
        "and at the quality and impact of assessment and decision making.\n\n"
        "It looked in depth at the experiences of children through a deep dive into {theme}, and at "
        "leadership and management, and the local safeguarding children board, as far as they affect "
        "these."
    ),
    what_happens_next=(
        "The Director of Children's Services should prepare, with the partnership, a written statement of "
        "action that responds to this letter. The local safeguarding children board oversees it.\n\n"
        "The written statement of action should be sent to {action_plan_address} by {action_plan_due}."
    ),
    action_plan="The written statement of action is due by {action_plan_due}.",
)

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def template_text(template: LetterTemplate | None) -> TemplateText:
    if template is None:
        return DEFAULT_TEMPLATE
    return TemplateText(
        introduction=template.introduction,
        scope=template.scope,
        what_happens_next=template.what_happens_next,
        action_plan=template.action_plan,
        title=template.title,
        action_plan_address=template.action_plan_address,
    )


def fill(text: str, facts: dict[str, str]) -> str:
    """Known placeholders replaced; anything else in braces left as the admin wrote it."""
    return PLACEHOLDER.sub(lambda m: facts.get(m.group(1), m.group(0)), text)


def paragraphs_of(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def long_date(day: datetime.date | None) -> str:
    return govuk_date(day, weekday=False) if day else "a date still to be set"


def letter_title(inspection: Inspection) -> str:
    if inspection.is_ofsted_only:
        return f"Ofsted targeted inspection of {inspection.area.name}: {inspection.theme.name.lower()}"
    theme = inspection.theme.name.lower()
    return f"Joint targeted area inspection of the multi-agency response to {theme} in {inspection.area.name}"


def priority_heading(priority: str) -> str:
    return {Priority.PRIORITY_ACTION: "Areas for priority action", Priority.DEVELOPMENT: "Areas for development"}[
        priority
    ]


def addressee_label(recommendation: Recommendation, *, ofsted_only: bool) -> str:
    """Who a recommendation is for, as the letter says it."""
    if recommendation.addressee == Addressee.JOINT:
        return "For the council and its LSCB" if ofsted_only else "For a joint response by the partnership"
    names = sorted(a.name for a in recommendation.agencies.all())
    return "For " + _and_list(names) if names else "For the agency named"


@dataclass(frozen=True)
class Fieldwork:
    """What inspectors did, as the service recorded it. None where nobody recorded a number."""

    cases_audited: int | None = None
    sampled: tuple[tuple[str, int], ...] = ()  # (inspectorate as the letter names it, cases), lead first
    children_heard: int | None = None
    families_heard: int | None = None
    meetings: int | None = None  # with practitioners, managers and leaders


def fieldwork_from(
    counted: FieldworkCounts, inspectorates: list[tuple[str, int]], *, cases_audited: int | None = None
) -> Fieldwork:
    """The counts of the week on site (`fieldwork.counts`) as the letter gives them: `inspectorates`
    are (name as the text says it, id), in the order to name them. With no evidence recorded at all
    (a letter written before the service kept it), the conversations and meetings are left out."""
    recorded = counted.records > 0
    return Fieldwork(
        cases_audited=cases_audited,
        sampled=tuple((name, counted.cases_sampled[pk]) for name, pk in inspectorates if counted.cases_sampled.get(pk)),
        children_heard=counted.children if recorded else None,
        families_heard=counted.families if recorded else None,
        meetings=counted.meetings if recorded else None,
    )


def _heard(n: int, one: str, many: str) -> str:
    return f"no {many}" if n == 0 else f"1 {one}" if n == 1 else f"{n} {many}"


def fieldwork_paragraphs(fieldwork: Fieldwork | None) -> list[str]:
    """The counts of what inspectors did; a number nobody recorded is left out, never shown as zero."""
    if fieldwork is None:
        return []
    said = []
    if fieldwork.cases_audited is not None:
        said.append(f"Before the inspection, the area audited {_cases(fieldwork.cases_audited)} jointly.")
    if fieldwork.sampled:
        counts = [f"{name} {n}" for name, n in fieldwork.sampled]
        said.append(f"Inspectors sampled cases jointly on site: {_and_list(counts)}.")
    heard = []
    if fieldwork.children_heard is not None:
        heard.append(_heard(fieldwork.children_heard, "child or young person", "children and young people"))
    if fieldwork.families_heard is not None:
        heard.append(_heard(fieldwork.families_heard, "parent or carer", "parents and carers"))
    did = [f"heard from {_and_list(heard)}"] if heard else []
    if fieldwork.meetings is not None:
        meetings = "1 meeting" if fieldwork.meetings == 1 else f"{fieldwork.meetings} meetings"
        did.append(f"met practitioners, managers and leaders in {meetings}")
    if did:
        said.append(f"Inspectors {', and '.join(did)}.")
    return [" ".join(said)] if said else []


def _cases(n: int) -> str:
    return "1 case" if n == 1 else f"{n} cases"


def _finding_items(findings: list[Finding]) -> list[tuple[str, str]]:
    """Strengths first, then areas for improvement, each in the team's order."""
    items = []
    for kind in (FindingKind.STRENGTH, FindingKind.IMPROVEMENT):
        for finding in sorted((f for f in findings if f.kind == kind), key=lambda f: (f.order, f.pk or 0)):
            body = finding.text.strip()
            if finding.bears_on:
                body += f" (This bears on {BearsOn(finding.bears_on).label.lower()}.)"
            names = sorted(a.name for a in finding.agencies.all())
            if names:
                body += f" (This concerns {_and_list(names)}.)"
            items.append((f"{FindingKind(kind).label}: {finding.headline}", " ".join(body.split())))
    return items


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = re.search(r"[.!?](\s|$)", text)
    return text[: end.end()].strip() if end else text


def _in_order(findings: list[Finding], scope_areas: list[ScopeArea]) -> list[Finding]:
    rank = {area.pk: n for n, area in enumerate(scope_areas)}
    return sorted(findings, key=lambda f: (rank.get(f.scope_area_id, len(rank)), f.order, f.pk or 0))


def recommendation_kinds(priorities: list[str]) -> str:
    """The opening's words for the kinds of recommendation the letter makes, if any."""
    names = {
        Priority.PRIORITY_ACTION: "the areas for priority action",
        Priority.DEVELOPMENT: "the areas for development",
    }
    words = [names[p] for p in priorities]
    if len(words) == 2:
        return ", " + _and_list(words)
    return f" and {words[0]}" if words else ""


def _and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def recommendations_in_order(recommendations: Iterable[Recommendation]) -> list[Recommendation]:
    """Priority actions first, then development; within each, the team's order."""
    rank = {Priority.PRIORITY_ACTION: 0, Priority.DEVELOPMENT: 1}
    return sorted(recommendations, key=lambda r: (rank[r.priority], r.order, r.pk or 0))


def compose(
    *,
    inspection: Inspection,
    template: LetterTemplate | None,
    scope_areas: list[ScopeArea],
    findings: list[Finding],
    recommendations: list[Recommendation],
    addressees: list[str],
    facts: dict[str, str],
    signatures: list[dict] = (),
    fieldwork: Fieldwork | None = None,
) -> dict:
    """The letter as sections of numbered paragraphs: a JSON-ready dict.

    `addressees` are the lines the letter is addressed to; `facts` fill the template's
    placeholders (see `LetterTemplate`); `signatures` are the blocks it ends with, one per
    inspectorate, lead first. A section with nothing in it is left out."""
    text = template_text(template)
    ofsted_only = inspection.is_ofsted_only
    ordered = recommendations_in_order(recommendations)
    kinds = [p for p in (Priority.PRIORITY_ACTION, Priority.DEVELOPMENT) if any(r.priority == p for r in ordered)]
    facts = {
        **facts,
        "recommendation_kinds": recommendation_kinds(kinds),
        "action_plan_address": text.action_plan_address,
    }
    sections: list[dict] = []
    number = 0

    def section(heading: str, level: int, items: list[tuple[str, str]]) -> None:
        nonlocal number
        if not items:
            return
        paragraphs = []
        for label, body in items:
            number += 1
            paragraphs.append({"number": number, "label": label, "text": body})
        sections.append({"heading": heading, "level": level, "paragraphs": paragraphs})

    section("Introduction", 2, [("", p) for p in paragraphs_of(fill(text.introduction, facts))])
    section("Scope of the inspection", 2, [("", p) for p in paragraphs_of(fill(text.scope, facts))])
    section("How the inspection was done", 2, [("", p) for p in fieldwork_paragraphs(fieldwork)])
    if findings:
        sections.append({"heading": "Findings", "level": 2, "paragraphs": []})
    key = [f for f in findings if f.kind == FindingKind.STRENGTH and f.is_key_strength]
    section("Key strengths", 3, [(f.headline, first_sentence(f.text)) for f in _in_order(key, scope_areas)])
    for area in scope_areas:
        in_area = [f for f in findings if f.scope_area_id == area.pk]
        if area.code != LEADERSHIP_SCOPE:
            section(area.name, 3, _finding_items(in_area))
            continue
        # Judged apart: the agencies' leadership, then the LSCB's effectiveness.
        for whose in LeadershipOf:
            section(whose.label, 3, _finding_items([f for f in in_area if f.leadership_of == whose]))
        section(area.name, 3, _finding_items([f for f in in_area if f.leadership_of not in LeadershipOf.values]))
    for finding in _in_order([f for f in findings if f.kind == FindingKind.STRENGTH and f.case_study], scope_areas):
        body = " ".join(finding.case_study.split())
        names = sorted(a.name for a in finding.agencies.all())
        if names:
            body += f" (This concerns {_and_list(names)}.)"
        section("Case study: highly effective practice", 3, [(finding.headline, body)])
    for priority in kinds:
        items = [
            (addressee_label(r, ofsted_only=ofsted_only), " ".join(r.text.split()))
            for r in ordered
            if r.priority == priority
        ]
        section(priority_heading(priority), 2, items)
    section("What happens next", 2, [("", p) for p in paragraphs_of(fill(text.what_happens_next, facts))])
    section("Written statement of action", 2, [("", p) for p in paragraphs_of(fill(text.action_plan, facts))])
    return {
        "title": fill(text.title, facts) if text.title.strip() else letter_title(inspection),
        "lang": LANG,
        "reference": inspection.reference,
        "area": inspection.area.name,
        "kind": inspection.framework.kind,
        "kind_label": inspection.framework.get_kind_display(),
        "theme": inspection.theme.name,
        "date": facts.get("letter_date", ""),
        "addressees": addressees,
        "sections": sections,
        "closing": "Yours sincerely",
        "signatures": list(signatures),
        "paragraph_count": number,
    }


# The order of the letters' address lists: the council, the police and their commissioner, health,
# probation, youth offending, others, and the LSCB's chair last.
ADDRESSEE_RANK = {
    AgencyKind.COUNCIL: 2,
    AgencyKind.POLICE: 3,
    AgencyKind.HEALTH: 5,
    AgencyKind.PROBATION: 6,
    AgencyKind.YOUTH_OFFENDING: 7,
    AgencyKind.OTHER: 8,
    AgencyKind.LSCB: 9,
}
DEFAULT_TITLES = {
    ContactRole.DCS: "Director of Children's Services",
    ContactRole.LSCB_CHAIR: "Chair of the Local Safeguarding Children Board",
    PersonRole.CHIEF_EXECUTIVE: "Chief Executive",
    PersonRole.POLICE_AND_CRIME_COMMISSIONER: "Police and Crime Commissioner",
}


def _line(person, title: str, organisation: str) -> str:
    return ", ".join(part for part in (person.name, person.job_title or title, organisation) if part)


def addressed_to(*, inspection: Inspection, contacts: list, leaders: Iterable = ()) -> list[str]:
    """Whom the letter is for, each with their job title: on a joint inspection the DCS, the council's
    chief executive, every agency's senior leader, the police and crime commissioner and the LSCB's
    chair; on an Ofsted-only one the council alone (its DCS and chief executive).

    `contacts` are the inspection's; `leaders` the area's chief executive and commissioner, who
    are addressed but not contacts (the inspection tells them nothing)."""
    ofsted_only = inspection.framework.kind == FrameworkVersion.Kind.OFSTED_ONLY
    area = inspection.area.name
    lines = []
    for contact in contacts:
        role, person = contact.role, contact.person
        if role == ContactRole.DCS:
            lines.append((0, "", _line(person, DEFAULT_TITLES[role], area)))
        elif ofsted_only:
            continue
        elif role == ContactRole.LSCB_CHAIR:
            organisation = contact.agency.name if contact.agency else ""
            lines.append((ADDRESSEE_RANK[AgencyKind.LSCB], "", _line(person, DEFAULT_TITLES[role], organisation)))
        elif role == ContactRole.AGENCY_LEADER and contact.agency is not None:
            rank = ADDRESSEE_RANK.get(contact.agency.kind, ADDRESSEE_RANK[AgencyKind.OTHER])
            lines.append((rank, contact.agency.name, _line(person, "", contact.agency.name)))
    for person in leaders:
        if person.role == PersonRole.CHIEF_EXECUTIVE:
            lines.append((1, "", _line(person, DEFAULT_TITLES[person.role], area)))
        elif person.role == PersonRole.POLICE_AND_CRIME_COMMISSIONER and not ofsted_only:
            organisation = person.agency.name if person.agency else ""
            lines.append((4, "", _line(person, DEFAULT_TITLES[person.role], organisation)))
    return [line for *_, line in sorted(lines)]


def council_only_agencies_ok(agencies: Iterable) -> bool:
    return all(a.kind in COUNCIL_AGENCY_KINDS for a in agencies)
