"""Forms for the inspection pages. They check what a person typed; the services decide the rest."""

from __future__ import annotations

import datetime
import hashlib

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from jtai import fields
from jtai.errors import DomainError
from jtai.form_pages import fields_helper, refusal_put

from . import audit
from .calendar import monday_of
from .models import Area, ChosenBecause, FrameworkVersion, Inspector, Programme, Theme
from .services import inspection_preview
from .services.planning import Preview, choice_check, concern_check, team_check
from .timeline import TimelineError


class InspectorChoiceField(fields.ModelChoiceField):
    def label_from_instance(self, obj: Inspector) -> str:
        return f"{obj.name} ({obj.inspectorate.short_name})"


class InspectorMultipleChoiceField(fields.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Inspector) -> str:
        return f"{obj.name} ({obj.inspectorate.short_name})"


def _inspectors():
    return Inspector.objects.select_related("user", "inspectorate").order_by("user__last_name", "user__first_name")


class OnsiteStartField(fields.DateInputField):
    def compress(self, data_list):
        day, month, year = data_list
        if year and len(str(year)) != 4:
            raise forms.ValidationError("Enter the year of the first day on site as 4 digits, for example 2016")
        try:
            return super().compress(data_list)
        except forms.ValidationError:
            raise forms.ValidationError("The first day on site must be a real date", code="invalid") from None


def example_onsite_start() -> datetime.date:
    """A Monday about six weeks from today: an example date a planner could use."""
    day = timezone.localdate() + datetime.timedelta(weeks=6)
    return monday_of(day)


def onsite_start_hint() -> str:
    day = example_onsite_start()
    return f"The first working day of the week on site, for example {day.day} {day.month} {day.year}."


def onsite_start_field(label: str = "First day on site") -> OnsiteStartField:
    field = OnsiteStartField(
        label=label,
        help_text="The first working day of the week on site, for example 7 3 2016.",
        require_all_fields=False,
    )
    field.error_messages.update(
        {
            "required": "Enter the first day on site",
            "incomplete": "Enter the first day on site as a day, month and year",
        }
    )
    day, month, year = field.fields
    day.error_messages["incomplete"] = "The first day on site must include a day"
    month.error_messages["incomplete"] = "The first day on site must include a month"
    year.error_messages["incomplete"] = "The first day on site must include a year"
    return field


def lead_field() -> InspectorChoiceField:
    return fields.select(
        _inspectors(),
        "Lead inspector",
        empty="Choose the lead inspector",
        missing="Choose the lead inspector",
        field_class=InspectorChoiceField,
    )


def team_field() -> InspectorMultipleChoiceField:
    return InspectorMultipleChoiceField(
        queryset=_inspectors(),
        label="Other inspectors on the team",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def conference_call_details_field() -> forms.CharField:
    return forms.CharField(
        label="Conference call dial-in",
        help_text="The dial-in number and access code, or the link, for the call on the afternoon of notification. "
        "Leave it blank until you have it: the invitation then says you will send it.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def setup_meeting_venue_field() -> forms.CharField:
    return forms.CharField(
        label="Set-up meeting venue",
        help_text="Where the set-up meeting on the first day on site is held: building, address and room. "
        "Leave it blank until you have it: the invitation then says you will send it.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PlanForm(forms.Form):
    """Choose what to inspect and when; `clean` works out the timeline through the preview service."""

    area = fields.select(
        Area.objects.order_by("name"),
        "Local area",
        empty="Choose a local area",
        missing="Choose the local area to inspect",
    )
    chosen_because = fields.radios(
        "Why this area was chosen", ChosenBecause.choices, missing="Choose why this area was chosen"
    )
    kind = fields.radios("Kind of inspection", FrameworkVersion.Kind.choices, missing="Choose the kind of inspection")
    concern = forms.CharField(
        label="The concern that prompted the inspection",
        help_text="Only for an Ofsted-only inspection. What has been identified about the council's services for "
        "children. Shown to the team and managers, never to the area.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    proportionality_decision = forms.CharField(
        label="Why not a full inspection of the local authority",
        help_text="Only for an Ofsted-only inspection: why a full inspection would be disproportionate. "
        "Shown to the team and managers, never to the area.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proportionality_decided_by = InspectorChoiceField(
        queryset=_inspectors().filter(is_manager=True),
        label="Who made the proportionality decision",
        help_text="Only for an Ofsted-only inspection: the inspectorate manager who decided.",
        required=False,
        empty_label="Choose a manager",
    )
    theme = fields.ModelChoiceField(
        queryset=Theme.objects.filter(is_active=True).order_by("-published_on", "name"),
        label="Deep-dive theme",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the deep-dive theme"},
    )
    onsite_start = onsite_start_field()
    programme = fields.ModelChoiceField(
        queryset=Programme.objects.order_by("-starts_on"),
        label="Programme",
        required=False,
        empty_label="Not part of a programme",
        help_text="The programme the inspection counts towards. A programme holds one kind of inspection: "
        "an Ofsted-only inspection is not part of the JTAI programme.",
    )
    lead = lead_field()
    team = team_field()
    conference_call_details = conference_call_details_field()
    setup_meeting_venue = setup_meeting_venue_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.framework: FrameworkVersion | None = None
        self.preview: Preview | None = None
        self._offer_programmes_of_kind(self.data.get("kind") if self.is_bound else None)
        self.fields["onsite_start"].help_text = onsite_start_hint()
        # With one deep-dive theme to choose from, it is chosen already.
        themes = list(
            self.fields["theme"]
            .queryset.filter(framework_versions__is_current=True)
            .distinct()
            .values_list("pk", flat=True)[:2]
        )
        if len(themes) == 1:
            self.initial.setdefault("theme", themes[0])
        self.helper = fields_helper(
            Field.select("area"),
            Field.radios("chosen_because", legend_size="m"),
            # The kind, then the concern an Ofsted-only inspection needs, with a hint saying so.
            Field("kind", template="inspections/_kind_radios.html"),
            Field.radios("theme", legend_size="m"),
            Field("onsite_start"),
            Field.select("programme"),
            Field.select("lead"),
            Field.checkboxes("team", small=True, legend_size="m"),
            Field.textarea("conference_call_details", rows=3),
            Field.textarea("setup_meeting_venue", rows=3),
            legend_size="m",
            label_size="m",
        )

    def _offer_programmes_of_kind(self, kind: str | None) -> None:
        """Offer the programmes of the chosen kind; before a kind is chosen, each kind's under its own
        heading. Only the choices shown change: the planning service refuses a programme of another kind."""
        field = self.fields["programme"]
        programmes = list(field.queryset)
        empty = [("", field.empty_label)]
        if kind in FrameworkVersion.Kind.values:
            field.choices = empty + [(p.pk, p.name) for p in programmes if p.kind == kind]
        else:
            field.choices = empty + [
                (label, [(p.pk, p.name) for p in programmes if p.kind == value])
                for value, label in FrameworkVersion.Kind.choices
                if any(p.kind == value for p in programmes)
            ]

    def clean(self):
        cleaned = super().clean()
        kind, theme, onsite_start = cleaned.get("kind"), cleaned.get("theme"), cleaned.get("onsite_start")
        if kind:
            self.framework = FrameworkVersion.objects.filter(kind=kind, is_current=True).first()
            if self.framework is None:
                self.add_error("kind", "There is no current framework for this kind of inspection: ask an admin")
        if self.framework and theme and not theme.framework_versions.filter(pk=self.framework.pk).exists():
            self.add_error("theme", f"The theme “{theme}” is not published for the {self.framework}: choose another")
        if self.framework:
            if self.framework.kind != FrameworkVersion.Kind.OFSTED_ONLY:
                # Typed under "Ofsted-only" and hidden for a joint inspection: not part of this plan.
                cleaned["concern"] = ""
                cleaned["proportionality_decision"] = ""
                cleaned["proportionality_decided_by"] = None
            try:
                cleaned["concern"] = concern_check(framework=self.framework, concern=cleaned.get("concern", ""))
            except DomainError as error:
                refusal_put(self, error)
            if cleaned.get("chosen_because"):
                try:
                    choice_check(
                        framework=self.framework,
                        chosen_because=cleaned["chosen_because"],
                        proportionality_decision=cleaned.get("proportionality_decision", ""),
                        proportionality_decided_by=cleaned.get("proportionality_decided_by"),
                    )
                except DomainError as error:
                    refusal_put(self, error)
            lead = cleaned.get("lead")
            if lead and any(i.pk == lead.pk for i in cleaned.get("team", [])):
                self.add_error(
                    "team",
                    f"{lead.name} is the lead inspector: untick them from the other inspectors on the team",
                )
            if cleaned.get("lead"):
                try:
                    team_check(framework=self.framework, lead=cleaned["lead"], members=list(cleaned.get("team", [])))
                except DomainError as error:
                    refusal_put(self, error)
        if self.framework and onsite_start:
            lead = cleaned.get("lead")
            # Each inspector's clash is told once.
            inspectors = list({i.pk: i for i in [lead, *cleaned.get("team", [])] if i is not None}.values())
            try:
                self.preview = inspection_preview(
                    framework=self.framework,
                    onsite_start=onsite_start,
                    inspectors=inspectors,
                    programme=cleaned.get("programme"),
                    viewer=self.user,
                    area=cleaned.get("area"),
                )
            except TimelineError as error:
                self.add_error("onsite_start", f"{error} Choose a working day")
            except DomainError as error:
                refusal_put(self, error)
        return cleaned

    def fingerprint(self) -> str:
        """What was previewed, so a change after the preview is caught before saving."""
        data = self.cleaned_data
        parts = [
            data["area"].pk,
            data["kind"],
            data["theme"].pk,
            data["onsite_start"].isoformat(),
            data["programme"].pk if data.get("programme") else None,
            data["lead"].pk,
            sorted(i.pk for i in data.get("team", [])),
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


class RescheduleForm(forms.Form):
    onsite_start = onsite_start_field("New first day on site")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["onsite_start"].help_text = onsite_start_hint()
        self.helper = fields_helper(Field("onsite_start"))


class MeetingsForm(forms.Form):
    """Where the conference call and the set-up meeting are held; the service decides whether they may change."""

    conference_call_details = conference_call_details_field()
    setup_meeting_venue = setup_meeting_venue_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_helper(
            Field.textarea("conference_call_details", rows=3),
            Field.textarea("setup_meeting_venue", rows=3),
            label_size="s",
        )


class TeamForm(forms.Form):
    """The inspection's lead and the rest of its team; the service decides whether the change may be made."""

    lead = lead_field()
    team = team_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_helper(
            Field.select("lead"), Field.checkboxes("team", small=True, legend_size="m"), legend_size="m", label_size="m"
        )


class StageChangeForm(forms.Form):
    # Sent by the button pressed, one button per transition the user may make.
    transition = forms.CharField()
    # Set by the confirmation page of a change that needs one.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason (optional)",
        help_text="Kept in the stage history.",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_helper(Field.textarea("reason", rows=2))


class AuditFilterForm(forms.Form):
    """The audit trail's filters, sent by GET. The site-wide page adds who and when."""

    part = forms.ChoiceField(label="Part", required=False)
    user = forms.CharField(label="Changed by", help_text="Their user name", required=False, max_length=150)
    since = forms.DateField(
        label="From", help_text="For example, 1/3/2016", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    until = forms.DateField(
        label="To", help_text="For example, 31/3/2016", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )

    def __init__(self, *args, parts: list[str], site_wide: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [("", "All parts"), *[(p, p) for p in parts]]
        self.fields["part"].error_messages["invalid_choice"] = "Choose a part from the list"
        self.fields["since"].error_messages["invalid"] = "Enter the from date as a day/month/year, like 1/3/2016"
        self.fields["until"].error_messages["invalid"] = "Enter the to date as a day/month/year, like 31/3/2016"
        if not site_wide:
            for name in ("user", "since", "until"):
                del self.fields[name]
        self.helper = fields_helper(
            Field.select("part"),
            *(
                [
                    Field.text("user", field_width=20),
                    Field.text("since", field_width=10),
                    Field.text("until", field_width=10),
                ]
                if site_wide
                else []
            ),
        )
        self.helper.form_method = "get"

    def clean_user(self):
        from django.contrib.auth import get_user_model

        username = self.cleaned_data["user"].strip()
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(f"There is no user called “{username}”") from None

    def clean(self):
        data = super().clean()
        try:
            audit.audit_period_check(since=data.get("since"), until=data.get("until"))
        except DomainError as error:
            refusal_put(self, error)
        return data
