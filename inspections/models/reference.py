"""Reference data: who inspects, which areas and agencies, which people, which days off."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords


class Inspectorate(models.Model):
    code = models.SlugField(max_length=20, unique=True, help_text="Short code, e.g. ofsted, cqc, hmic, hmip.")
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.short_name


# English local authorities with children's services: unitary (E06), metropolitan district (E08),
# London borough (E09) and county (E10) codes. Other E-codes are districts, wards or regions.
ons_code_valid = RegexValidator(
    r"^E(06|08|09|10)[0-9]{6}\Z",
    "Enter the ONS code of an English local authority: E06, E08, E09 or E10 and 6 digits, like E10000002",
    code="ons_code",
)


class Area(models.Model):
    """A local authority with children's services: the unit a JTAI inspects."""

    name = models.CharField(max_length=200, unique=True)
    ons_code = models.CharField(
        "ONS code",
        max_length=9,
        unique=True,
        validators=[ons_code_valid],
        help_text="The Office for National Statistics code, e.g. E10000002.",
    )
    region = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgencyKind(models.TextChoices):
    COUNCIL = "council", "Local authority children's services"
    POLICE = "police", "Police force"
    HEALTH = "health", "Health body"
    PROBATION = "probation", "Probation service"
    YOUTH_OFFENDING = "yos", "Youth offending service"
    LSCB = "lscb", "Local safeguarding children board / safeguarding partnership"
    OTHER = "other", "Other agency"


class Agency(models.Model):
    """A local agency. One agency may serve several areas (services that cross council borders)."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    areas = models.ManyToManyField(Area, related_name="agencies")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name


class PersonRole(models.TextChoices):
    DCS = "dcs", "Director of Children's Services"
    DCS_COORDINATOR = "dcs_coordinator", "DCS coordinator"
    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    POLICE_AND_CRIME_COMMISSIONER = "pcc", "Police and crime commissioner"
    LSCB_CHAIR = "lscb_chair", "LSCB chair"
    AGENCY_LEADER = "agency_leader", "Agency senior leader"
    # Added by the DCS coordinator to evaluate, for their agency, the cases it is involved in: never
    # a local contact that planning records (the agency's senior leader is).
    CONTRIBUTOR = "contributor", "Case-audit contributor"


class Person(models.Model):
    """A local contact: someone in an area or agency whom an inspection involves."""

    name = models.CharField(max_length=200)
    email = models.EmailField()
    role = models.CharField(max_length=30, choices=PersonRole.choices)
    job_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="As a letter of findings addresses them, e.g. “Chief Constable” or “Accountable Officer”.",
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="people")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
        help_text="Blank for the council's own people (DCS, coordinator, chief executive).",
    )
    # A foreign key, not one-to-one: a leader of a service that crosses council borders is a
    # person in each area it serves, with one log-in.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="local_contacts",
        help_text="The log-in this person uses, if they use the service. One log-in may be a person in "
        "several areas (a police force that covers two areas).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__name", "role", "name"]
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.name} ({self.get_role_display()}, {self.area})"

    def clean(self):
        if self.agency_id and self.area_id and not self.agency.areas.filter(pk=self.area_id).exists():
            raise ValidationError({"agency": "This agency does not serve the chosen area."})
        if self.role == PersonRole.AGENCY_LEADER and not self.agency_id:
            raise ValidationError({"agency": "An agency senior leader must belong to an agency."})
        if self.role == PersonRole.CONTRIBUTOR and not self.agency_id:
            raise ValidationError({"agency": "A case-audit contributor works for an agency."})


class Inspector(models.Model):
    """An inspector's log-in, inspectorate and whether they manage the programme."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inspector")
    inspectorate = models.ForeignKey(Inspectorate, on_delete=models.PROTECT, related_name="inspectors")
    is_manager = models.BooleanField(
        "inspectorate manager", default=False, help_text="Managers see every inspection of the programme."
    )
    telephone = models.CharField(
        max_length=40,
        blank=True,
        help_text="How the local area reaches this inspector when they lead an inspection: named, with the "
        "e-mail address, in every message to the area.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return f"{self.name} ({self.inspectorate})"

    @property
    def name(self):
        return self.user.get_full_name() or self.user.get_username()


class NonWorkingDay(models.Model):
    """A day off that the bank-holiday calendar does not know: a closure, a new bank holiday."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d %B %Y}: {self.reason}"
