"""Reads for the report pages, in a fixed number of queries. Selectors write nothing."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from inspections import permissions as core
from inspections.calendar import working_calendar
from inspections.fieldwork.counts import counts_for
from inspections.models import (
    AgencyKind,
    FrameworkVersion,
    Inspection,
    Inspectorate,
    MilestoneKey,
    Person,
    PersonRole,
    ScopeArea,
    Stage,
    Theme,
)

from . import composition, permissions
from .models import (
    THEMATIC_SECTIONS,
    Addressee,
    CommentStatus,
    FactualAccuracyComment,
    Finding,
    FindingKind,
    InspectorateNaming,
    LeadershipOf,
    Letter,
    LetterStatus,
    LetterTemplate,
    LetterVersion,
    Priority,
    Recommendation,
    RenderStatus,
    Signatory,
    ThematicEdition,
    ThematicReport,
    VersionPurpose,
)


def scope_areas() -> list[ScopeArea]:
    return list(ScopeArea.objects.order_by("order"))


def letter_of(inspection: Inspection) -> Letter | None:
    return Letter.objects.filter(inspection=inspection).first()


def findings_of(inspection: Inspection) -> list[Finding]:
    """In the letter's order: by part of the scope, strengths first, then the order recorded."""
    findings = (
        Finding.objects.filter(inspection=inspection)
        .select_related("scope_area")
        .prefetch_related("agencies", "samples__case", "samples__inspectorate", "records__inspectorate")
    )
    return sorted(findings, key=lambda f: (f.scope_area.order, f.kind != FindingKind.STRENGTH, f.order, f.pk))


def recommendations_of(inspection: Inspection) -> list[Recommendation]:
    return composition.recommendations_in_order(
        Recommendation.objects.filter(inspection=inspection).select_related("scope_area").prefetch_related("agencies")
    )


def action_plan_due(inspection: Inspection, letter: Letter | None):
    """Fixed at publication; until then, the framework's working days after the publication date."""
    if letter is not None and letter.action_plan_due:
        return letter.action_plan_due
    published_on = publication_date(inspection, letter)
    if published_on is None:
        return None
    return working_calendar().add(published_on, inspection.framework.action_plan_working_days)


def publication_date(inspection: Inspection, letter: Letter | None):
    if letter is not None and letter.published_at:
        return timezone.localdate(letter.published_at)
    if letter is not None and letter.publication_date:
        return letter.publication_date
    milestone = inspection.milestone(MilestoneKey.PUBLICATION_DUE)
    return milestone.date if milestone else None


def planned_publication(inspection: Inspection) -> datetime.date | None:
    milestone = inspection.milestones.filter(key=MilestoneKey.PUBLICATION_DUE).first()
    return milestone.date if milestone else None


def publication_date_kept(inspection: Inspection) -> datetime.date | None:
    """What a blank publication date on the final letter keeps: the planned day while it is still
    ahead (today included). Once it has passed there is none, and the final letter waits for the
    lead or a manager to publish it."""
    planned = planned_publication(inspection)
    return planned if planned and planned >= timezone.localdate() else None


def letter_date(inspection: Inspection, letter: Letter | None) -> datetime.date:
    """The day the letter is dated: its publication date, or today while none is set."""
    return publication_date(inspection, letter) or timezone.localdate()


@dataclass(frozen=True)
class InspectorateInLetter:
    pk: int
    short_name: str
    name_in_letter: str


def inspectorates_in_letter(inspection: Inspection, on: datetime.date) -> list[InspectorateInLetter]:
    """The inspection's inspectorates as a letter dated `on` names them, in the conventional order,
    lead first. One query beyond the framework's (prefetched) inspectorates."""
    inspectorates = list(inspection.framework.inspectorates.all())
    namings: dict[int, InspectorateNaming] = {}
    for naming in InspectorateNaming.objects.filter(inspectorate__in=inspectorates, valid_from__lte=on).order_by(
        "valid_from"
    ):
        namings[naming.inspectorate_id] = naming
    rows = sorted(
        inspectorates,
        key=lambda i: (namings[i.pk].position if i.pk in namings else len(inspectorates) + 1, i.name),
    )
    return [
        InspectorateInLetter(i.pk, i.short_name, namings[i.pk].name_in_letter if i.pk in namings else i.name)
        for i in rows
    ]


def signatures_for(inspectorates: list[InspectorateInLetter], on: datetime.date) -> list[dict]:
    """One signature block per inspectorate: its signatory on the letter's date, if one is recorded."""
    current: dict[int, Signatory] = {}
    signatories = Signatory.objects.filter(inspectorate_id__in=[i.pk for i in inspectorates], valid_from__lte=on)
    for signatory in signatories.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("valid_from", "pk"):
        current[signatory.inspectorate_id] = signatory
    blocks = []
    for inspectorate in inspectorates:
        signatory = current.get(inspectorate.pk)
        blocks.append(
            {
                "inspectorate": inspectorate.short_name,
                "name": signatory.name if signatory else "",
                "title": signatory.title if signatory else "",
            }
        )
    return blocks


def letter_facts(
    inspection: Inspection, letter: Letter | None, inspectorates: list[InspectorateInLetter] | None = None
) -> dict[str, str]:
    """What the template's placeholders stand for on this inspection."""
    last = inspection.milestone(MilestoneKey.ONSITE_END)
    dated = letter_date(inspection, letter)
    names = [i.name_in_letter for i in inspectorates or inspectorates_in_letter(inspection, dated)]
    return {
        "area": inspection.area.name,
        "reference": inspection.reference,
        "first_day": composition.long_date(inspection.onsite_start),
        "last_day": composition.long_date(last.date if last else None),
        "theme": inspection.theme.name.lower(),
        "inspectorates": composition._and_list(names) if names else "the inspectorates",
        "publication_date": composition.long_date(publication_date(inspection, letter)),
        "action_plan_due": composition.long_date(action_plan_due(inspection, letter)),
        "letter_date": composition.long_date(dated),
    }


def area_leaders(inspection: Inspection) -> list[Person]:
    """The area's chief executive and police and crime commissioner: addressed by the letter, never
    contacts of the inspection."""
    roles = (PersonRole.CHIEF_EXECUTIVE, PersonRole.POLICE_AND_CRIME_COMMISSIONER)
    return list(Person.objects.filter(area=inspection.area_id, role__in=roles).select_related("agency"))


_SUBMITTED = "submitted"  # case_audits' ReturnStatus.SUBMITTED


def fieldwork_of(inspection: Inspection, inspectorates: list[InspectorateInLetter]) -> composition.Fieldwork:
    """The counts the letter gives of what inspectors did, from the service's own records: the
    cases the area audited, and what the week on site's evidence counts (`fieldwork.counts`)."""
    audited = (
        Inspection.objects.filter(pk=inspection.pk, case_audit_request__status=_SUBMITTED)
        .values_list("case_audit_request__pk", flat=True)
        .first()
    )
    cases = None
    if audited is not None:
        cases = Inspection.objects.filter(pk=inspection.pk).aggregate(n=Count("case_audit_request__cases"))["n"]
    counted = counts_for([inspection.pk])
    names = [(i.name_in_letter, i.pk) for i in inspectorates]
    return composition.fieldwork_from(counted, names, cases_audited=cases)


def inspection_for_letter(inspection: Inspection) -> Inspection:
    """The inspection with what composing its letter reads, fetched once."""
    return (
        Inspection.objects.select_related("area", "framework", "theme")
        .prefetch_related("milestones", "framework__inspectorates")
        .get(pk=inspection.pk)
    )


def composed_letter(inspection: Inspection) -> dict:
    """The letter as its findings and recommendations stand now."""
    inspection = inspection_for_letter(inspection)
    letter = letter_of(inspection)
    contacts = list(inspection.contacts.select_related("person", "agency"))
    inspectorates = inspectorates_in_letter(inspection, letter_date(inspection, letter))
    return composition.compose(
        inspection=inspection,
        template=LetterTemplate.objects.filter(framework=inspection.framework).first(),
        scope_areas=scope_areas(),
        findings=findings_of(inspection),
        recommendations=recommendations_of(inspection),
        addressees=composition.addressed_to(inspection=inspection, contacts=contacts, leaders=area_leaders(inspection)),
        facts=letter_facts(inspection, letter, inspectorates),
        signatures=signatures_for(inspectorates, letter_date(inspection, letter)),
        fieldwork=fieldwork_of(inspection, inspectorates),
    )


def versions_of(letter: Letter | None) -> list[LetterVersion]:
    if letter is None:
        return []
    return list(letter.versions.select_related("requested_by").defer("content"))


def latest_version(letter: Letter | None, *, purpose: str | None = None, ready: bool = False) -> LetterVersion | None:
    if letter is None:
        return None
    qs = letter.versions.all()
    if purpose:
        qs = qs.filter(purpose=purpose)
    if ready:
        qs = qs.filter(status=RenderStatus.READY)
    return qs.order_by("-number").first()


def comments_for(user, inspection: Inspection, letter: Letter) -> list[FactualAccuracyComment]:
    """The comments this user may read: all of them, or their own agency's only."""
    qs = FactualAccuracyComment.objects.filter(letter=letter).select_related(
        "agency", "contact__person", "merged_into", "decided_by", "letter__inspection__area"
    )
    if permissions.sees_all_comments(user, inspection, letter):
        return list(qs)
    contact = permissions.commenting_contact(user, inspection)
    if contact is None or contact.agency_id is None:
        return []
    return list(qs.filter(agency=contact.agency))


def shared_with_area(letter: Letter, version: LetterVersion, *, last_draft: int | None) -> bool:
    """The area sees the draft it was sent (the last draft: none is made after sending) and, once
    made, the final letter; never the versions the team made while writing."""
    if version.status != RenderStatus.READY or not letter.draft_is_sent:
        return False
    if version.purpose == VersionPurpose.FINAL:
        return letter.is_final
    return version.number == last_draft


@dataclass
class LetterPage:
    inspection: Inspection
    letter: Letter | None
    content: dict | None
    shown_version: LetterVersion | None
    versions: list[LetterVersion]
    comments: list[FactualAccuracyComment]
    is_team: bool
    is_local: bool
    can_write: bool
    can_manage: bool
    can_comment: bool
    can_coordinate: bool
    can_decide: bool
    response: object | None
    # When the area first sent its written statement of action (the areas app meets the milestone).
    action_plan_sent_at: datetime.datetime | None = None
    action_plan_due: object | None = None
    action_plan_overdue: bool = False
    open_comments: int = 0


def letter_page(*, user, inspection: Inspection) -> LetterPage:
    letter = letter_of(inspection)
    is_team = core.sees_team_workings(user, inspection)
    contact = None if is_team else permissions.commenting_contact(user, inspection)
    versions = versions_of(letter) if is_team else []
    if is_team:
        # The team reads the letter as it stands; the area reads what was sent to it.
        shown = None
        content = composed_letter(inspection)
        if letter is not None and letter.is_final:
            shown = latest_version(letter, purpose="final")
            content = shown.content if shown else content
    else:
        purpose = "final" if letter and letter.is_final else "draft"
        shown = latest_version(letter, purpose=purpose)
        content = shown.content if shown else None
        every = versions_of(letter)
        last_draft = max((v.number for v in every if v.purpose == VersionPurpose.DRAFT), default=None)
        versions = [v for v in every if shared_with_area(letter, v, last_draft=last_draft)]
    comments = comments_for(user, inspection, letter) if letter is not None else []
    response = getattr(letter, "response", None) if letter is not None else None
    due = action_plan_due(inspection, letter)
    stored = inspection.milestone(MilestoneKey.ACTION_PLAN_DUE)
    sent_at = stored.met_at if stored is not None else None
    overdue = bool(letter is not None and letter.is_published and due and not sent_at and timezone.localdate() > due)
    return LetterPage(
        inspection=inspection,
        letter=letter,
        content=content,
        shown_version=shown,
        versions=versions,
        comments=comments,
        is_team=is_team,
        is_local=contact is not None,
        can_write=permissions.writes_findings(user, inspection, letter),
        can_manage=permissions.manages_letter(user, inspection),
        can_comment=bool(contact and letter and letter.status == LetterStatus.WITH_AREA),
        can_coordinate=bool(
            letter
            and letter.status == LetterStatus.WITH_AREA
            and permissions.coordinating_contact(user, inspection) is not None
        ),
        can_decide=bool(is_team and letter and letter.status == LetterStatus.RESPONDED),
        response=response,
        action_plan_sent_at=sent_at,
        action_plan_due=due if letter is not None and letter.is_published else None,
        action_plan_overdue=overdue,
        open_comments=sum(1 for c in comments if c.status == CommentStatus.OPEN and not c.decision),
    )


# The public side: nothing of a letter exists before it is published.


def published_letters() -> QuerySet[Letter]:
    return (
        Letter.objects.filter(status=LetterStatus.PUBLISHED, inspection__stage=Stage.PUBLISHED)
        .select_related("inspection__area", "inspection__theme", "inspection__framework")
        .order_by("-published_at", "pk")
    )


def published_letter(reference: str) -> tuple[Letter, LetterVersion | None] | None:
    letter = published_letters().filter(inspection__reference=reference).first()
    if letter is None:
        return None
    return letter, latest_version(letter, purpose="final", ready=True)


def published_thematic_reports() -> QuerySet[ThematicEdition]:
    """Each theme's latest published edition, newest first."""
    later = ThematicEdition.objects.filter(report=OuterRef("report"), number__gt=OuterRef("number"))
    return (
        ThematicEdition.objects.filter(~Exists(later)).select_related("report__theme").order_by("-published_at", "-pk")
    )


def thematic_editions(theme: Theme) -> list[ThematicEdition]:
    """Every published edition of the theme's report, latest first, without their text."""
    return list(
        ThematicEdition.objects.filter(report__theme=theme)
        .select_related("report__theme")
        .defer(*THEMATIC_SECTIONS)
        .order_by("-number")
    )


def thematic_edition(theme: Theme, number: int | None = None) -> ThematicEdition | None:
    """The edition `number` of the theme's report, or its latest."""
    editions = ThematicEdition.objects.filter(report__theme=theme).select_related("report__theme")
    if number is not None:
        return editions.filter(number=number).first()
    return editions.order_by("-number").first()


def letters_since(edition: ThematicEdition) -> list[Letter]:
    """The theme's letters published since `edition`: what a new edition would take in."""
    return list(
        published_letters().filter(inspection__theme=edition.report.theme_id).exclude(thematic_editions=edition)
    )


# The thematic overview: one deep-dive theme across its published letters.


@dataclass
class CommonFinding:
    headline: str
    kind: str
    scope_area: str
    letters: list[tuple[str, str]]  # (reference, area)

    @property
    def kind_label(self) -> str:
        return FindingKind(self.kind).label


@dataclass
class ThematicOverview:
    theme: Theme
    letters: list[Letter]
    by_scope_area: list[tuple[str, int, int]]  # scope area, priority actions, development
    by_agency_kind: list[tuple[str, int, int]]  # addressee, priority actions, development
    strengths: list[CommonFinding]
    improvements: list[CommonFinding]
    recommendation_count: int
    # Listed apart and never counted: the overview is about the joint inspections.
    ofsted_only_letters: list[Letter] = field(default_factory=list)
    case_studies: list[tuple[str, str, str, str]] = field(default_factory=list)  # reference, area, headline, text
    leadership: list[tuple[str, int, int]] = field(default_factory=list)  # whose, strengths, areas for improvement
    # What inspectors did on site, added up across the joint inspections.
    fieldwork: composition.Fieldwork | None = None


AGENCY_KIND_LABELS = dict(AgencyKind.choices)
JOINT_LABEL = "The partnership jointly"


def thematic_overview(theme: Theme, *, edition: ThematicEdition | None = None) -> ThematicOverview:
    """Over the theme's joint inspections (an edition's: the letters it covers; else every letter
    published on the theme): recommendations counted by scope area, priority and addressee agency
    kind; findings grouped by headline across letters, those in more than one letter first.
    Ofsted-only letters on the theme are listed apart, never counted as joint. Four queries of
    plain rows, whatever the number of letters."""
    on_theme = published_letters().filter(inspection__theme=theme)
    if edition is not None:
        on_theme = on_theme.filter(thematic_editions=edition)
    on_theme = list(on_theme)
    letters = [letter for letter in on_theme if letter.inspection.framework.kind == FrameworkVersion.Kind.JOINT]
    inspection_ids = [letter.inspection_id for letter in letters]
    areas = scope_areas()
    by_area: dict[str, Counter] = {a.name: Counter() for a in areas}
    by_kind: dict[str, Counter] = defaultdict(Counter)
    recommendations = Recommendation.objects.filter(inspection_id__in=inspection_ids)
    total = 0
    for priority, addressee, area_name in recommendations.values_list("priority", "addressee", "scope_area__name"):
        total += 1
        by_area.setdefault(area_name, Counter())[priority] += 1
        if addressee == Addressee.JOINT:
            by_kind[JOINT_LABEL][priority] += 1
    # A recommendation for two police forces counts once for "police".
    named = (
        Recommendation.agencies.through.objects.filter(
            recommendation__inspection_id__in=inspection_ids, recommendation__addressee=Addressee.AGENCIES
        )
        .values_list("recommendation_id", "agency__kind", "recommendation__priority")
        .distinct()
    )
    for _, kind, priority in named:
        by_kind[AGENCY_KIND_LABELS[kind]][priority] += 1
    groups: dict[tuple[str, str], CommonFinding] = {}
    rows = Finding.objects.filter(inspection_id__in=inspection_ids).values_list(
        "kind", "headline", "scope_area__name", "inspection__reference", "inspection__area__name", "leadership_of"
    )
    # The agencies' leadership and the LSCB's effectiveness, counted apart.
    leadership = {whose: Counter() for whose in LeadershipOf}
    for kind, headline, area_name, reference, area, whose in rows.order_by("inspection__reference", "order", "pk"):
        if whose:
            leadership[whose][kind] += 1
        group = groups.setdefault(
            (kind, " ".join(headline.lower().split())), CommonFinding(headline, kind, area_name, [])
        )
        if (reference, area) not in group.letters:
            group.letters.append((reference, area))

    studies = (
        Finding.objects.filter(inspection_id__in=inspection_ids, kind=FindingKind.STRENGTH)
        .exclude(case_study="")
        .order_by("inspection__reference", "order", "pk")
        .values_list("inspection__reference", "inspection__area__name", "headline", "case_study")
    )

    counted = counts_for(inspection_ids)
    named = [(i.short_name, i.pk) for i in Inspectorate.objects.order_by("name")]

    def ordered(kind):
        found = [g for g in groups.values() if g.kind == kind]
        return sorted(found, key=lambda g: (-len(g.letters), g.scope_area, g.headline.lower()))

    return ThematicOverview(
        theme=theme,
        letters=letters,
        by_scope_area=[(name, c[Priority.PRIORITY_ACTION], c[Priority.DEVELOPMENT]) for name, c in by_area.items()],
        by_agency_kind=sorted(
            (name, c[Priority.PRIORITY_ACTION], c[Priority.DEVELOPMENT]) for name, c in by_kind.items()
        ),
        strengths=ordered(FindingKind.STRENGTH),
        improvements=ordered(FindingKind.IMPROVEMENT),
        recommendation_count=total,
        ofsted_only_letters=[letter for letter in on_theme if letter not in letters],
        case_studies=list(studies),
        leadership=[
            (LeadershipOf(whose).label, c[FindingKind.STRENGTH], c[FindingKind.IMPROVEMENT])
            for whose, c in leadership.items()
        ],
        fieldwork=composition.fieldwork_from(counted, named),
    )


@dataclass(frozen=True)
class ThemeReports:
    theme: Theme
    published_letters: int
    latest: ThematicEdition | None
    written: bool  # a manager has started its report


def thematic_reports_index() -> list[ThemeReports]:
    """Every theme with its published letters and its report's latest edition. Four queries."""
    letters = dict(
        published_letters()
        .order_by()
        .values("inspection__theme")
        .annotate(n=Count("pk"))
        .values_list("inspection__theme", "n")
    )
    latest = {edition.report.theme_id: edition for edition in published_thematic_reports()}
    written = set(ThematicReport.objects.values_list("theme_id", flat=True))
    return [
        ThemeReports(theme, letters.get(theme.pk, 0), latest.get(theme.pk), theme.pk in written)
        for theme in Theme.objects.all()
    ]


def thematic_report_of(theme: Theme) -> ThematicReport | None:
    return ThematicReport.objects.filter(theme=theme).first()


def thematic_context(
    *, theme: Theme, report: ThematicReport | None, links: bool, edition: ThematicEdition | None = None
) -> dict:
    """What the thematic report's page and PDF show: a published edition as it was frozen, or
    (no edition) the report as its authors are writing it, over every letter published so far."""
    text = edition or report
    overview = thematic_overview(theme, edition=edition)
    return {
        "report": report,
        "edition": edition,
        "overview": overview,
        "summary_paragraphs": composition.paragraphs_of(text.summary if text else ""),
        "fieldwork_paragraphs": composition.fieldwork_paragraphs(overview.fieldwork),
        "written": {
            name: composition.paragraphs_of(getattr(text, name) if text else "") for name in THEMATIC_SECTIONS[1:]
        },
        "links": links,
    }


# An area's record (the areas app): the letters and recommendations of an area's inspections.


def published_reports_of(inspections: list[Inspection]) -> dict[int, tuple[Letter, list[Recommendation]]]:
    """For each of `inspections` whose letter is published: the letter and its recommendations in
    the letter's order. Two queries, whatever the number of inspections."""
    letters = {
        letter.inspection_id: letter
        for letter in Letter.objects.filter(inspection__in=inspections, status=LetterStatus.PUBLISHED)
    }
    recommendations: dict[int, list[Recommendation]] = defaultdict(list)
    for recommendation in Recommendation.objects.filter(inspection_id__in=letters).select_related("scope_area"):
        recommendations[recommendation.inspection_id].append(recommendation)
    return {pk: (letter, composition.recommendations_in_order(recommendations[pk])) for pk, letter in letters.items()}
