"""Demo programme for `load_demo`: areas, agencies, people, accounts and six 2016 inspections
(five joint ones in the first programme, one Ofsted-only inspection outside it).

Modelled on the first programme the seed announces: up to six inspections from February to
September 2016 on the first deep-dive theme, in different areas and at every stage of the
workflow. Every write goes through get-or-create or the services, so a second run changes
nothing. Names of people are invented; e-mail addresses use the reserved `.example` domain.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Model
from django.utils import timezone

from jtai.reference_rows import reference_row_save

from .calendar import govuk_date
from .models import (
    Agency,
    AgencyKind,
    Area,
    ChosenBecause,
    FrameworkVersion,
    Inspection,
    Inspector,
    Inspectorate,
    MilestoneKey,
    Person,
    PersonRole,
    Programme,
    Stage,
    StageChange,
    Theme,
)
from .services import inspection_plan, inspection_transition
from .services.contacts import person_save
from .services.planning import factual_accuracy_due_refresh
from .services.reference import inspector_save
from .signals import plan_changed_send

# bandit: the demo accounts' shared password; load_demo refuses to run with DEBUG=0.
PASSWORD = "jtai-demo-2016"  # nosec B105


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    who: str
    inspectorate: str | None = None
    is_manager: bool = False


# Exactly the accounts in README.md's "Demo accounts" table.
INSPECTOR_ACCOUNTS = [
    DemoAccount("lead.inspector", "Helen", "Carter", "Ofsted lead inspector", "ofsted"),
    DemoAccount("manager", "David", "Okafor", "Ofsted inspectorate manager, sees the whole programme", "ofsted", True),
    DemoAccount("cqc.inspector", "Priya", "Nair", "CQC inspector", "cqc"),
    DemoAccount("hmic.inspector", "Mark", "Fenwick", "HMIC inspector", "hmic"),
    DemoAccount("probation.inspector", "Joanne", "Baxter", "HMI Probation inspector", "hmip"),
]
ADMIN = DemoAccount("admin", "Admin", "User", "Django admin superuser")


def council_agency_name(area_name: str) -> str:
    """The agency record of an area's council children's services, as every demo names it."""
    return f"{area_name} Children's Services"


# (name, ONS code, region, e-mail domain of the council)
AREAS = [
    ("Central Bedfordshire", "E06000056", "East of England", "centralbedfordshire.example"),
    ("Croydon", "E09000008", "London", "croydon.example"),
    ("Liverpool", "E08000012", "North West", "liverpool.example"),
    ("Wirral", "E08000015", "North West", "wirral.example"),
    ("South Gloucestershire", "E06000025", "South West", "southglos.example"),
    ("Oxfordshire", "E10000025", "South East", "oxfordshire.example"),
]

# (name, kind, e-mail domain, areas served). Merseyside Police and the probation divisions
# serve more than one council: the cross-border services respondents asked about.
AGENCIES = [
    ("Bedfordshire Police", AgencyKind.POLICE, "bedfordshire-police.example", ["E06000056"]),
    ("Metropolitan Police Service", AgencyKind.POLICE, "met-police.example", ["E09000008"]),
    ("Merseyside Police", AgencyKind.POLICE, "merseyside-police.example", ["E08000012", "E08000015"]),
    ("Avon and Somerset Constabulary", AgencyKind.POLICE, "avonandsomerset-police.example", ["E06000025"]),
    ("Thames Valley Police", AgencyKind.POLICE, "thamesvalley-police.example", ["E10000025"]),
    ("Bedfordshire Clinical Commissioning Group", AgencyKind.HEALTH, "bedfordshireccg.example", ["E06000056"]),
    ("Croydon Clinical Commissioning Group", AgencyKind.HEALTH, "croydonccg.example", ["E09000008"]),
    ("Liverpool Clinical Commissioning Group", AgencyKind.HEALTH, "liverpoolccg.example", ["E08000012"]),
    ("Wirral Clinical Commissioning Group", AgencyKind.HEALTH, "wirralccg.example", ["E08000015"]),
    ("South Gloucestershire Clinical Commissioning Group", AgencyKind.HEALTH, "southglosccg.example", ["E06000025"]),
    ("Oxfordshire Clinical Commissioning Group", AgencyKind.HEALTH, "oxfordshireccg.example", ["E10000025"]),
    (
        "National Probation Service, South East and Eastern",
        AgencyKind.PROBATION,
        "nps-see.example",
        ["E06000056", "E10000025"],
    ),
    ("National Probation Service, London", AgencyKind.PROBATION, "nps-london.example", ["E09000008"]),
    ("National Probation Service, North West", AgencyKind.PROBATION, "nps-nw.example", ["E08000012", "E08000015"]),
    (
        "National Probation Service, South West and South Central",
        AgencyKind.PROBATION,
        "nps-swsc.example",
        ["E06000025"],
    ),
]
for _name, _ons, _region, _domain in AREAS:
    # The council's children's services: led by the DCS, who is the area's person, not an agency leader.
    AGENCIES.append((council_agency_name(_name), AgencyKind.COUNCIL, _domain, [_ons]))
    AGENCIES.append((f"{_name} Youth Offending Service", AgencyKind.YOUTH_OFFENDING, _domain, [_ons]))
    AGENCIES.append((f"{_name} Safeguarding Children Board", AgencyKind.LSCB, f"lscb.{_domain}", [_ons]))

FIRST_NAMES = [
    "Amanda", "Benjamin", "Catherine", "Daniel", "Eleanor", "Farid", "Grace", "Hugh", "Imogen", "James",
    "Karen", "Liam", "Margaret", "Nathan", "Olivia", "Patrick", "Rosalind", "Simon", "Tara", "Usha",
    "Victoria", "William", "Yasmin", "Zoe",
]  # fmt: skip
LAST_NAMES = [
    "Ahmed", "Bennett", "Clarke", "Davies", "Evans", "Foster", "Gill", "Hughes", "Iqbal", "Jones",
    "Khan", "Lloyd", "Morgan", "Newton", "O'Brien", "Patel", "Quinn", "Roberts", "Shaw", "Turner",
    "Underwood", "Walsh", "Young", "Zaman",
]  # fmt: skip

# Which demo accounts are which local contacts, in South Gloucestershire: its inspection is
# notified, so they see it.
LOCAL_ACCOUNTS = {
    "dcs": (PersonRole.DCS, None),
    "coordinator": (PersonRole.DCS_COORDINATOR, None),
    "police.leader": (PersonRole.AGENCY_LEADER, AgencyKind.POLICE),
}
LOCAL_ACCOUNTS_AREA = "E06000025"

# One log-in for the senior leader of a force that crosses council borders: a person in each
# area it serves (Liverpool and Wirral), who sees each area's inspection that tells the police.
CROSS_BORDER_ACCOUNT = "merseyside.police"
CROSS_BORDER_AGENCY = "Merseyside Police"


@dataclass(frozen=True)
class DemoInspection:
    ons_code: str
    kind: str
    onsite_start: datetime.date
    lead: str
    team: tuple[str, ...]
    stage: str
    chosen_because: str = ChosenBecause.ROTATION
    concern: str = ""
    proportionality_decision: str = ""


JOINT_TEAM = ("cqc.inspector", "hmic.inspector", "probation.inspector")
OFSTED_ONLY_CONCERN = (
    "Referrals of children missing from home or care have risen sharply since the spring, and Oxfordshire's "
    "return-home interviews are completed for fewer than half of them; a whistleblower reports that child "
    "sexual exploitation screening is not done at the front door."
)
OFSTED_ONLY_PROPORTIONALITY = (
    "The concern is the council's front door and return-home interviews alone, and a full SIF inspection "
    "would be disproportionate so soon after the last one."
)
# On-site weeks from March to September 2016; each notice period but the last of July's
# crosses a bank holiday (Easter, May Day, spring and summer), moving the notification earlier.
# The five joint inspections make the first programme; the Ofsted-only one stands outside it,
# prompted by a concern (the seed: "not an additional programme").
INSPECTIONS = [
    DemoInspection(
        "E06000056",
        "joint",
        datetime.date(2016, 3, 7),
        "manager",
        JOINT_TEAM,
        Stage.PUBLISHED,
        ChosenBecause.GOOD_PRACTICE,
    ),
    DemoInspection(
        "E09000008",
        "joint",
        datetime.date(2016, 4, 11),
        "lead.inspector",
        JOINT_TEAM,
        Stage.FACTUAL_ACCURACY,
        ChosenBecause.CONCERN,
    ),
    DemoInspection("E08000012", "joint", datetime.date(2016, 5, 16), "lead.inspector", JOINT_TEAM, Stage.REPORTING),
    DemoInspection("E08000015", "joint", datetime.date(2016, 6, 13), "lead.inspector", JOINT_TEAM, Stage.ON_SITE),
    DemoInspection("E06000025", "joint", datetime.date(2016, 7, 11), "lead.inspector", JOINT_TEAM, Stage.NOTIFIED),
    DemoInspection(
        "E10000025",
        "ofsted_only",
        datetime.date(2016, 9, 12),
        "lead.inspector",
        (),
        Stage.PLANNED,
        ChosenBecause.CONCERN,
        OFSTED_ONLY_CONCERN,
        OFSTED_ONLY_PROPORTIONALITY,
    ),
]

# The forward path through the stages, and the transition that takes each step.
PATH = [Stage.PLANNED, Stage.NOTIFIED, Stage.ON_SITE, Stage.REPORTING, Stage.FACTUAL_ACCURACY, Stage.PUBLISHED]
STEPS = ["notify", "start_fieldwork", "finish_fieldwork", "start_factual_accuracy", "publish"]


def _user(account: DemoAccount, *, superuser: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=account.username,
        defaults={
            "first_name": account.first_name,
            "last_name": account.last_name,
            "email": f"{account.username}@jtai.example",
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        # Only on creation: a second run must not change the stored hash.
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def demo_admin():
    """The demo's admin, who adds the reference data, people and inspectors as an admin would."""
    return _user(ADMIN, superuser=True)


def demo_row(model: type[Model], lookup: dict, defaults: dict, *, many: dict | None = None, save=None) -> Model:
    """The row of `model` that `lookup` finds, else one added as the admin adds it: through `save`
    (a service taking the admin and the row), or the reference rows' service with `many`."""
    found = model.objects.filter(**lookup).first()
    if found is not None:
        return found
    row = model(**lookup, **defaults)
    if save is not None:
        return save(demo_admin(), row)
    return reference_row_save(user=demo_admin(), row=row, many=many)


def demo_person(lookup: dict, defaults: dict) -> Person:
    """The person `lookup` finds, else one added through the people's service."""
    return demo_row(Person, lookup, defaults, save=lambda admin, person: person_save(user=admin, person=person))


def _inspector(account: DemoAccount) -> Inspector:
    return demo_row(
        Inspector,
        {"user": _user(account)},
        {"inspectorate": Inspectorate.objects.get(code=account.inspectorate), "is_manager": account.is_manager},
        save=lambda admin, inspector: inspector_save(user=admin, inspector=inspector),
    )


def demo_inspector(username: str) -> Inspector:
    """One of the demo's inspector accounts (README's table), made as `load` makes it if it is missing."""
    return _inspector(next(a for a in INSPECTOR_ACCOUNTS if a.username == username))


def _reference_data() -> dict[str, Area]:
    areas = {}
    for name, ons_code, region, _domain in AREAS:
        areas[ons_code] = demo_row(Area, {"ons_code": ons_code}, {"name": name, "region": region})
    for name, kind, _domain, served in AGENCIES:
        demo_row(Agency, {"name": name}, {"kind": kind}, many={"areas": [areas[code] for code in served]})
    return areas


def _email(name: str, domain: str) -> str:
    first, last = name.split(" ", 1)
    return f"{first}.{last}".lower().replace("'", "") + f"@{domain}"


def _people(areas: dict[str, Area]) -> None:
    agencies = {name: (agency_kind, domain, served) for name, agency_kind, domain, served in AGENCIES}
    by_name = {a.name: a for a in Agency.objects.filter(name__in=agencies)}
    counter = 0

    def next_name() -> str:
        nonlocal counter
        # Each round of first names moves the surnames on by one, so no two people share a name
        # (up to 24 × 24 people): the same name in two areas would read as one person.
        first = FIRST_NAMES[counter % len(FIRST_NAMES)]
        last = LAST_NAMES[(counter * 7 + counter // len(FIRST_NAMES)) % len(LAST_NAMES)]
        counter += 1
        return f"{first} {last}"

    for _area_name, ons_code, _region, domain in AREAS:
        area = areas[ons_code]
        council = [PersonRole.DCS, PersonRole.DCS_COORDINATOR, PersonRole.CHIEF_EXECUTIVE]
        for role in council:
            name = next_name()
            demo_person({"area": area, "role": role, "agency": None}, {"name": name, "email": _email(name, domain)})
        for agency_name, (agency_kind, agency_domain, served) in agencies.items():
            if ons_code not in served or agency_kind == AgencyKind.COUNCIL:
                continue
            agency = by_name[agency_name]
            role = PersonRole.LSCB_CHAIR if agency_kind == AgencyKind.LSCB else PersonRole.AGENCY_LEADER
            # A leader of an agency serving several areas is one person with a contact row in each.
            existing = Person.objects.filter(agency=agency, role=role).order_by("pk").first()
            name = existing.name if existing else next_name()
            demo_person(
                {"area": area, "role": role, "agency": agency},
                {"name": name, "email": existing.email if existing else _email(name, agency_domain)},
            )
    # Addressed by the letter of findings, never a contact; named last so the others keep their names.
    for _area_name, ons_code, _region, domain in AREAS:
        name = next_name()
        demo_person(
            {"area": areas[ons_code], "role": PersonRole.POLICE_AND_CRIME_COMMISSIONER, "agency": None},
            {"name": name, "email": _email(name, domain)},
        )


def _local_accounts(areas: dict[str, Area]) -> list[tuple[DemoAccount, object]]:
    area = areas[LOCAL_ACCOUNTS_AREA]
    accounts = []
    for username, (role, agency_kind) in LOCAL_ACCOUNTS.items():
        people = Person.objects.filter(area=area, role=role)
        people = people.filter(agency__kind=agency_kind) if agency_kind else people.filter(agency__isnull=True)
        person = people.order_by("pk").first()
        first, last = person.name.split(" ", 1)
        who = f"{person.get_role_display()}, {area.name}" + (f" ({person.agency.name})" if person.agency else "")
        account = DemoAccount(username, first, last, who)
        user = _user(account)
        if person.user_id is None and not Person.objects.filter(user=user).exists():
            person.user = user
            person_save(user=demo_admin(), person=person)
        accounts.append((account, user))
    return accounts


def _cross_border_account() -> tuple[DemoAccount, object]:
    """One log-in for the force's senior leader: the person they are in each area it serves."""
    people = list(
        Person.objects.filter(agency__name=CROSS_BORDER_AGENCY, role=PersonRole.AGENCY_LEADER)
        .select_related("area")
        .order_by("area__name")
    )
    first, last = people[0].name.split(" ", 1)
    areas = " and ".join(p.area.name for p in people)
    account = DemoAccount(
        CROSS_BORDER_ACCOUNT, first, last, f"Agency senior leader of {CROSS_BORDER_AGENCY} in {areas}, one log-in"
    )
    user = _user(account)
    for person in people:
        if person.user_id is None:
            person.user = user
            person_save(user=demo_admin(), person=person)
    return account, user


def _advance(inspection: Inspection, target: str, lead_user) -> Inspection:
    if inspection.stage not in PATH:
        return inspection
    for step in STEPS[PATH.index(inspection.stage) : PATH.index(target)]:
        # The notification is the system's to make (after the DCS's message); the rest the lead's.
        inspection = inspection_transition(
            user=None if step == "notify" else lead_user, inspection=inspection, name=step
        )
    return inspection


# When, in the demo's 2016, each stage was reached: (milestone, time of day).
STAGE_REACHED_AT = {
    Stage.NOTIFIED: (MilestoneKey.NOTIFICATION, None),
    Stage.ON_SITE: (MilestoneKey.SETUP_MEETING, None),
    Stage.REPORTING: (MilestoneKey.FEEDBACK_MEETING, None),
    Stage.FACTUAL_ACCURACY: (MilestoneKey.DRAFT_LETTER_DUE, datetime.time(12, 0)),
    Stage.PUBLISHED: (MilestoneKey.PUBLICATION_DUE, datetime.time(9, 30)),
}


def _backdate(inspection: Inspection) -> None:
    """The stage service stamps changes with today's time; a 2016 demo reads better with 2016's.

    Demo data only: real stage history is never rewritten.
    """
    milestones = {m.key: m for m in inspection.milestones.all()}
    for change in inspection.stage_changes.all():
        key, time = STAGE_REACHED_AT.get(change.to_stage, (None, None))
        if key is None:
            continue
        milestone = milestones[key]
        at = timezone.make_aware(datetime.datetime.combine(milestone.date, time or milestone.time))
        if change.at != at:
            StageChange.objects.filter(pk=change.pk).update(at=at)
        if change.to_stage == Stage.NOTIFIED and inspection.notified_at != at:
            Inspection.objects.filter(pk=inspection.pk).update(notified_at=at)
        # The response was due from when the draft went, which the stage service took as today.
        if change.to_stage == Stage.FACTUAL_ACCURACY and factual_accuracy_due_refresh(
            inspection=inspection, draft_sent_on=milestone.date
        ):
            plan_changed_send(inspection)


def load(out) -> None:
    areas = _reference_data()
    _people(areas)

    inspectors = {account.username: _inspector(account) for account in INSPECTOR_ACCOUNTS}
    local = [*_local_accounts(areas), _cross_border_account()]

    theme = Theme.objects.get(slug="cse-and-missing")
    first_programme = Programme.objects.get(slug="jtai-2016")
    out.write("Demo inspections:\n")
    for plan in INSPECTIONS:
        framework = FrameworkVersion.objects.get(kind=plan.kind, is_current=True)
        area = areas[plan.ons_code]
        lead = inspectors[plan.lead]
        inspection = Inspection.objects.filter(area=area, framework=framework, onsite_start__year=2016).first()
        if inspection is None:
            inspection = inspection_plan(
                user=lead.user,
                area=area,
                theme=theme,
                framework=framework,
                onsite_start=plan.onsite_start,
                lead=lead,
                team=[inspectors[username] for username in plan.team],
                programme=first_programme if plan.kind == first_programme.kind else None,
                concern=plan.concern,
                chosen_because=plan.chosen_because,
                proportionality_decision=plan.proportionality_decision,
                proportionality_decided_by=inspectors["manager"] if plan.proportionality_decision else None,
            )
        inspection = _advance(inspection, plan.stage, lead.user)
        _backdate(inspection)
        out.write(
            f"  {inspection.reference:<15} {area.name:<24} "
            f"on site {govuk_date(inspection.onsite_start, weekday=False)}: "
            f"{inspection.get_stage_display()}\n"
        )

    out.write(f"Demo accounts (password {PASSWORD}):\n")
    for account in [*INSPECTOR_ACCOUNTS, *(a for a, _ in local), ADMIN]:
        out.write(f"  {account.username:<20} {account.first_name} {account.last_name}: {account.who}\n")
