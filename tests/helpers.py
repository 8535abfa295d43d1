"""Helpers the tests share, defined once: an area with its DCS, coordinator, LSCB chair and agency leaders,
an inspection planned through the planning service (which prefills the local contacts and
plans the messages), a moment in London, an inspection's messages in order."""

import datetime
import io
from dataclasses import dataclass

from inspections import models
from inspections.models import AgencyKind, Inspection, ScopeArea
from inspections.reports import letters
from inspections.reports.models import Addressee, FindingKind, Priority
from inspections.services import inspection_transition
from inspections.services.planning import inspection_plan
from tests.inspections import factories


@dataclass
class Area:
    area: models.Area
    dcs: models.Person
    coordinator: models.Person
    police: models.Person
    health: models.Person
    lscb: models.Person


def area_with_people(*, name: str = "Northshire", with_dcs: bool = True) -> Area:
    area = factories.AreaFactory(name=name)
    police = factories.AgencyFactory(name=f"{name} Police", kind=models.AgencyKind.POLICE, areas=[area])
    health = factories.AgencyFactory(name=f"{name} NHS Trust", kind=models.AgencyKind.HEALTH, areas=[area])
    lscb = factories.AgencyFactory(name=f"{name} LSCB", kind=models.AgencyKind.LSCB, areas=[area])
    person = factories.PersonFactory
    return Area(
        area=area,
        dcs=person(name="Dana Director", email="dcs@northshire.example.org", role=models.PersonRole.DCS, area=area)
        if with_dcs
        else None,
        coordinator=person(
            name="Cora Coordinator",
            email="coordinator@northshire.example.org",
            role=models.PersonRole.DCS_COORDINATOR,
            area=area,
        ),
        police=person(
            name="Peter Police",
            email="chief@police.example.org",
            role=models.PersonRole.AGENCY_LEADER,
            area=area,
            agency=police,
        ),
        health=person(
            name="Hana Health",
            email="ceo@nhs.example.org",
            role=models.PersonRole.AGENCY_LEADER,
            area=area,
            agency=health,
        ),
        lscb=person(
            name="Lee Board",
            email="chair@lscb.example.org",
            role=models.PersonRole.LSCB_CHAIR,
            area=area,
            agency=lscb,
        ),
    )


def plan_inspection(
    *,
    people: Area,
    onsite_start=datetime.date(2016, 3, 7),
    framework: str = "jtai-2016",
    lead: models.Inspector | None = None,
    team: list[models.Inspector] | None = None,
    concern: str | None = None,
) -> models.Inspection:
    lead = lead or factories.InspectorFactory(user__username="lead", user__email="lead@ofsted.example.org")
    return inspection_plan(
        user=lead.user,
        area=people.area,
        theme=factories.theme(),
        framework=factories.framework(framework),
        onsite_start=onsite_start,
        lead=lead,
        team=team or [],
        # An Ofsted-only inspection records the concern that prompted it.
        concern=concern if concern is not None else ("A concern" if framework == "ofsted-targeted-2016" else ""),
        **choice_for(framework, lead),
    )


def choice_for(framework: str, lead: models.Inspector) -> dict:
    """Why the area was chosen: rotation for a joint inspection; a concern, with the proportionality
    decision a manager made, for an Ofsted-only one."""
    if framework != "ofsted-targeted-2016":
        return {"chosen_because": models.ChosenBecause.ROTATION}
    manager = models.Inspector.objects.filter(is_manager=True).first() or factories.InspectorFactory(
        is_manager=True, user__first_name="Morgan", user__last_name="Manager"
    )
    return {
        "chosen_because": models.ChosenBecause.CONCERN,
        "proportionality_decision": "The concern is the council's alone",
        "proportionality_decided_by": manager,
    }


def messages(inspection, **filters):
    return list(inspection.messages.filter(**filters).order_by("due_at", "priority", "pk"))


def london(*args) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(*args))


def totp_code(device) -> str:
    """The code an authenticator app shows now for `device` (on the tests' clock, when frozen)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def sign_in_verified(client, user):
    """Sign `user` in as the sign-in does once both factors are right: `force_login` gives a session
    without the second factor, which the admin refuses."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="Authenticator app", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def sign_in_as(client, user):
    """Sign `user` in as the sign-in leaves them: with the second factor where it is required."""
    from jtai.two_factor import second_factor_required

    if second_factor_required(user):
        sign_in_verified(client, user)
    else:
        client.force_login(user)


# An inspection moved on to reporting, and its letter


def lead_of(inspection: Inspection):
    return inspection.team.get(is_lead=True).inspector.user


def to_reporting(inspection: Inspection) -> Inspection:
    lead = lead_of(inspection)
    inspection = inspection_transition(user=None, inspection=inspection, name="notify")
    for name in ("start_fieldwork", "finish_fieldwork"):
        inspection = inspection_transition(user=lead, inspection=inspection, name=name)
    return inspection


def scope(n: int) -> ScopeArea:
    return list(ScopeArea.objects.order_by("order"))[n]


def agency(inspection: Inspection, kind: str):
    return inspection.area.agencies.get(kind=kind)


def write_letter(inspection: Inspection, user) -> None:
    """Two findings and three recommendations: two priority actions (one joint, one for the
    police) and one area for development for health."""
    letters.finding_save(
        user=user,
        inspection=inspection,
        scope_area=scope(0),
        kind=FindingKind.STRENGTH,
        headline="Information sharing",
        text="Partners share information quickly.",
        agencies=[agency(inspection, AgencyKind.POLICE)],
    )
    letters.finding_save(
        user=user,
        inspection=inspection,
        scope_area=scope(2),
        kind=FindingKind.IMPROVEMENT,
        headline="Return-home interviews",
        text="Too few missing children are offered an interview.",
    )
    letters.recommendation_save(
        user=user,
        inspection=inspection,
        priority=Priority.PRIORITY_ACTION,
        scope_area=scope(2),
        addressee=Addressee.JOINT,
        text="Offer every missing child a return-home interview.",
    )
    letters.recommendation_save(
        user=user,
        inspection=inspection,
        priority=Priority.DEVELOPMENT,
        scope_area=scope(1),
        addressee=Addressee.AGENCIES,
        agencies=[agency(inspection, AgencyKind.HEALTH)],
        text="Health staff attend every strategy meeting.",
    )
    letters.recommendation_save(
        user=user,
        inspection=inspection,
        priority=Priority.PRIORITY_ACTION,
        scope_area=scope(2),
        addressee=Addressee.AGENCIES,
        agencies=[agency(inspection, AgencyKind.POLICE)],
        text="Disrupt the adults who exploit children.",
    )


def publish_letter(inspection: Inspection, *, lead, coordinator, publication_date=datetime.date(2016, 3, 1)):
    """The written letter through the factual-accuracy check to publication, its PDFs made."""
    from inspections.reports import factual_accuracy, publication, renders

    letters.letter_send_draft(user=lead, inspection=inspection)
    factual_accuracy.factual_accuracy_respond(user=coordinator, inspection=inspection)
    letter = factual_accuracy.letter_finalise(user=lead, inspection=inspection, publication_date=publication_date)
    for version in letter.versions.all():
        renders.letter_version_render(version_id=version.pk)
    publication.letter_publish(user=lead, inspection=inspection)
    inspection.refresh_from_db()
    return inspection


# A consultation

DEFINITION = {
    "slug": "test-consultation",
    "title": "Test consultation",
    "channels": [
        {"code": "online", "label": "Online consultation"},
        {"code": "webinar", "label": "Stakeholder webinars", "asks_sector": False},
        {"code": "letter", "label": "Letters", "asks_sector": False},
    ],
    "sectors": ["Social care", "Policing"],
    "questions": [
        {"code": "q1", "text": "Do you agree?", "type": "choice", "options": ["Yes", "No", "Don't know"]},
        {"code": "q2", "text": "How many cases?", "type": "choice", "options": ["5 or fewer", "More than 5"]},
        {"code": "q3", "text": "Any other views?", "type": "text"},
    ],
}
HEADER = "respondent_id,channel,sector,q1,q2,q3\n"


def csv_file(*rows: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO((header + "".join(r + "\n" for r in rows)).encode())


def responses_imported() -> list[tuple]:
    """Every imported respondent as the analyst would read it: id, channel, sector, the label of
    each closed answer in question order, and each free-text answer by question."""
    from consultations.models import Answer, Option, Respondent

    labels = dict(Option.objects.values_list("pk", "label"))
    texts: dict[int, list] = {}
    for respondent_id, code, text in Answer.objects.order_by("question__position").values_list(
        "respondent_id", "question__code", "text"
    ):
        texts.setdefault(respondent_id, []).append((code, text))
    return [
        (
            r.respondent_id,
            r.channel.code,
            r.sector.label if r.sector else None,
            [labels[o] for o in r.options],
            texts.get(r.pk, []),
        )
        for r in Respondent.objects.select_related("channel", "sector").order_by("id")
    ]
