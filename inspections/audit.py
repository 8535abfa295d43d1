"""An inspection's audit trail: who changed what, and when, across the inspection and everything
that belongs to it in every app, newest first, a page at a time.

The history itself is django-simple-history's: every model that matters has `history =
HistoricalRecords()`. This module reads it. The core never imports a nested app, so each app
registers (in its `AppConfig.ready`) a provider with `audit_register`; a provider returns the
`Source`s of its history for one inspection, or for every inspection and the reference data when
asked with `inspection=None` (the admins' site-wide page).

Bounded queries whatever the size of the history: one light query per source lists (when, which
row) to sort and paginate; then, for the page's rows only, one query per source for their
versions and the ones before them (for the field-level differences), and one per related model
to name the people and things the changed fields point at.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst

from jtai.errors import DomainError
from jtai.registries import register_once

from . import permissions
from .models import (
    Agency,
    Area,
    FrameworkVersion,
    Inspection,
    InspectionContact,
    Inspector,
    Inspectorate,
    Milestone,
    NonWorkingDay,
    Person,
    Programme,
    Stage,
    StageChange,
    TeamMembership,
    Theme,
)
from .templatetags.jtai_format import govuk_date, govuk_datetime, govuk_time

PER_PAGE = 25
# Long free text is shown cut to this many characters: the page says what changed, not the whole text.
TEXT_LIMIT = 200

# The core's parts; apps add their own through their sources.
INSPECTION = "Inspection"
TEAM = "Team"
CONTACTS = "Contacts"
TIMELINE = "Timeline"
REFERENCE_DATA = "Reference data"


@dataclass(frozen=True)
class Source:
    """Where some of the trail comes from: a historical model's rows, or rows that are records in
    themselves (a stage change, a read of case-audit material), which say what happened with `event`."""

    part: str
    # What one row is about, in a sentence: "Milestone", "Case".
    label: str
    queryset: QuerySet
    # The field naming the object ("reference", "label", or a foreign key such as "inspector").
    name_field: str = ""
    # Fields whose values are never shown, only that they changed: free text about children.
    hidden_fields: frozenset[str] = frozenset()
    # Fields not worth a line (bookkeeping).
    excluded_fields: frozenset[str] = frozenset()
    # For record rows: the sentence saying what happened, and where its time and person are.
    event: Callable[[models.Model], str] | None = None
    date_field: str = "history_date"
    # Blank for records the system alone makes (a message sent).
    user_field: str = "history_user_id"

    @property
    def is_history(self) -> bool:
        return self.event is None


@dataclass(frozen=True)
class Part:
    """A part of the trail as an app declares it: its name, and what all its sources share, the
    fields not worth a line (bookkeeping) and those never shown (free text about children). A
    source adds its own to them; a field a model does not have is passed over."""

    name: str
    excluded_fields: frozenset[str] = frozenset()
    hidden_fields: frozenset[str] = frozenset()

    def history(
        self,
        label: str,
        queryset: QuerySet,
        name_field: str = "",
        *,
        excluded: Iterable[str] = (),
        hidden: Iterable[str] = (),
    ) -> Source:
        """The source of a historical model's rows in this part."""
        return Source(
            self.name,
            label,
            queryset,
            name_field=name_field,
            hidden_fields=self.hidden_fields | frozenset(hidden),
            excluded_fields=self.excluded_fields | frozenset(excluded),
        )


def reference_sources(inspection: Inspection | None, *tables: tuple[type[models.Model], str, str]) -> list[Source]:
    """The history of reference data, `(model, label, name_field)` a table: it belongs to no
    inspection, so only the site-wide trail shows it, under "Reference data", whole."""
    if inspection is not None:
        return []
    return [Source(REFERENCE_DATA, label, model.history.all(), name_field=name) for model, label, name in tables]


def inspection_rows(inspection: Inspection | None) -> dict:
    """The filter for the rows (or their history) of one inspection; nothing for the site-wide trail."""
    return {} if inspection is None else {"inspection_id": inspection.pk}


def rows_under(inspection: Inspection | None, field_name: str, parents: QuerySet) -> dict:
    """The filter for the history of rows that hang from `parents` (historical rows of the
    inspection: a letter's versions, a request's cases) by `field_name`; nothing site-wide."""
    return {} if inspection is None else {f"{field_name}_id__in": parents.values("id")}


# provider(inspection=Inspection | None) -> list[Source]
Provider = Callable[..., list[Source]]
_providers: list[Provider] = []
# How to name an object a changed field points at: (select_related, label) per model.
_namers: dict[type[models.Model], tuple[tuple[str, ...], Callable[[models.Model], str]]] = {}


# note(inspection=...) -> list[str]: sentences shown above the trail ("Case-audit material erased on …").
_notes: list[Callable[..., list[str]]] = []


def audit_note_register(note: Callable[..., list[str]]) -> None:
    register_once(_notes, note)


def audit_notes(inspection: Inspection) -> list[str]:
    return [text for note in _notes for text in note(inspection=inspection)]


def audit_register(provider: Provider) -> Provider:
    """Add an app's history to every audit trail. Registering twice is harmless."""
    return register_once(_providers, provider)


def audit_namer_register(
    model: type[models.Model], label: Callable[[models.Model], str], select_related: tuple[str, ...] = ()
) -> None:
    """Name `model`'s objects in the trail with `label`, reading them with `select_related` so
    that naming a page of them costs one query."""
    _namers[model] = (select_related, label)


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime
    who: str
    part: str
    # "Milestone “Notification”"
    what: str
    # "Created", "Changed", "Deleted", or what happened ("Stage changed from Planned to Notified").
    action: str
    changes: list[str] = field(default_factory=list)


@dataclass
class Trail:
    entries: list[Entry]
    page: Page
    parts: list[str]
    part: str | None


def _user_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _sources(inspection: Inspection | None) -> list[Source]:
    found: list[Source] = []
    for provider in _providers:
        found.extend(provider(inspection=inspection))
    return found


def audit_parts(inspection: Inspection | None) -> list[str]:
    parts: list[str] = []
    for source in _sources(inspection):
        if source.part not in parts:
            parts.append(source.part)
    return parts


# The trail holds nothing before the service began, nor after next year: a date outside is a typing
# slip (0001, 9999), and at the calendar's ends it cannot become a time at all (OverflowError).
EARLIEST = datetime.date(2000, 1, 1)


def audit_period_check(*, since: datetime.date | None, until: datetime.date | None) -> None:
    """Refuse a period the trail cannot be filtered by, naming the date that is wrong."""
    latest = datetime.date(timezone.localdate().year + 1, 12, 31)
    for name, day in (("since", since), ("until", until)):
        if day is not None and not EARLIEST <= day <= latest:
            which = "from" if name == "since" else "to"
            raise DomainError(name, f"The {which} date must be between {EARLIEST:%-d %B %Y} and {latest:%-d %B %Y}")
    if since and until and until < since:
        raise DomainError("until", "The to date must be the same as or after the from date")


def audit_trail(
    *,
    inspection: Inspection | None,
    part: str | None = None,
    page: int | str = 1,
    user=None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    per_page: int = PER_PAGE,
) -> Trail:
    """One page of the trail of `inspection` (None: every inspection and the reference data),
    newest first, optionally of one part, by one person, between two dates (London days, inclusive)."""
    audit_period_check(since=since, until=until)
    sources = _sources(inspection)
    parts = list(dict.fromkeys(s.part for s in sources))
    if part:
        sources = [s for s in sources if s.part == part]
    keys: list[tuple[datetime.datetime, int, int, object]] = []
    for index, source in enumerate(sources):
        qs = source.queryset
        if user is not None:
            if not source.user_field:
                continue
            qs = qs.filter(**{source.user_field: user.pk})
        if since is not None:
            qs = qs.filter(**{f"{source.date_field}__gte": _start_of(since)})
        if until is not None:
            qs = qs.filter(**{f"{source.date_field}__lt": _start_of(until + datetime.timedelta(days=1))})
        if source.is_history:
            object_field = _object_field(qs.model)
            rows = qs.order_by().values_list(source.date_field, "history_id", object_field)
        else:
            rows = qs.order_by().values_list(source.date_field, "pk", "pk")
        keys.extend((at, index, pk, obj) for at, pk, obj in rows if at is not None)
    keys.sort(key=lambda k: (k[0], k[2], k[1]), reverse=True)
    paginated = Paginator(keys, per_page).get_page(page)
    entries = _entries(sources, list(paginated.object_list))
    return Trail(entries=entries, page=paginated, parts=parts, part=part)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _object_field(history_model) -> str:
    """The historical model's copy of the original's primary key ("id")."""
    return history_model.instance_type._meta.pk.attname


def _entries(sources: list[Source], keys: list) -> list[Entry]:
    by_source: dict[int, list] = defaultdict(list)
    for key in keys:
        by_source[key[1]].append(key)
    rows: dict[tuple[int, int], models.Model] = {}
    previous: dict[tuple[int, int], models.Model | None] = {}
    for index, page_keys in by_source.items():
        source = sources[index]
        if not source.is_history:
            for row in source.queryset.filter(pk__in=[k[2] for k in page_keys]):
                rows[(index, row.pk)] = row
            continue
        model = source.queryset.model
        object_field = _object_field(model)
        latest = max(k[0] for k in page_keys)
        versions = model.objects.filter(
            **{f"{object_field}__in": {k[3] for k in page_keys}, "history_date__lte": latest}
        ).order_by(object_field, "history_date", "history_id")
        before: models.Model | None = None
        for version in versions:
            same = before is not None and getattr(before, object_field) == getattr(version, object_field)
            rows[(index, version.history_id)] = version
            previous[(index, version.history_id)] = before if same else None
            before = version
    names = _Names()
    lines: list[tuple[tuple, Source, models.Model, models.Model | None]] = []
    for at, index, pk, _obj in keys:
        source = sources[index]
        row = rows.get((index, pk))
        if row is None:
            continue
        before = previous.get((index, pk))
        if source.user_field:
            names.want(get_user_model(), getattr(row, source.user_field))
        if source.is_history:
            for f in _fields(source, row):
                if isinstance(f, models.ForeignKey):
                    names.want(f.related_model, getattr(row, f.attname))
                    if before is not None:
                        names.want(f.related_model, getattr(before, f.attname))
        lines.append(((at, index, pk), source, row, before))
    names.fetch()
    entries = []
    for (at, _index, _pk), source, row, before in lines:
        user_id = getattr(row, source.user_field) if source.user_field else None
        who = names.name(get_user_model(), user_id) if user_id else "The system"
        if source.is_history:
            action, changes = _changes(source, row, before, names)
            if action == "Changed" and not changes:
                # Saved with nothing that the trail shows changed (bookkeeping only).
                continue
            what = _what(source, row, names)
        else:
            action, changes, what = source.event(row), [], source.label
        entries.append(Entry(at=at, who=who, part=source.part, what=what, action=action, changes=changes))
    return entries


def _fields(source: Source, row) -> list[models.Field]:
    # The inspection itself goes without saying on its own trail.
    skip = {"id", "inspection"} | set(source.excluded_fields)
    return [f for f in row.tracked_fields if f.name not in skip and not f.primary_key]


def _what(source: Source, row, names: _Names) -> str:
    if not source.name_field:
        return source.label
    f = row.instance_type._meta.get_field(source.name_field)
    if isinstance(f, models.ForeignKey):
        value = names.name(f.related_model, getattr(row, f.attname))
    else:
        value = getattr(row, f.attname)
        value = _shown(f, value, names) if value not in (None, "") else ""
    return f"{source.label} “{value.strip('“”')}”" if value else source.label


def _changes(source: Source, row, before, names: _Names) -> tuple[str, list[str]]:
    kind = row.history_type
    reason = getattr(row, "history_change_reason", "") or ""
    if kind == "-":
        return "Deleted", [f"Reason: {reason}"] if reason else []
    changes = []
    for f in _fields(source, row):
        label = capfirst(f.verbose_name)
        new = getattr(row, f.attname)
        hidden = f.name in source.hidden_fields or isinstance(f, models.JSONField)
        if kind == "+" or before is None:
            if _blank(new):
                continue
            changes.append(f"{label}: {_shown(f, new, names)}" if not hidden else f"{label} recorded")
            continue
        old = getattr(before, f.attname)
        if old == new or (_blank(old) and _blank(new)):
            continue
        if hidden:
            changes.append(f"{label} changed" if not _blank(new) else f"{label} removed")
        elif isinstance(f, models.FileField):
            changes.append(f"{label} removed" if _blank(new) else f"{label} uploaded")
        elif _blank(old):
            changes.append(f"{label} set to {_shown(f, new, names)}")
        elif _blank(new):
            changes.append(f"{label} removed (was {_shown(f, old, names)})")
        else:
            changes.append(f"{label} changed from {_shown(f, old, names)} to {_shown(f, new, names)}")
    if reason:
        changes.append(f"Reason: {reason}")
    return ("Created" if kind == "+" else "Changed"), changes


def _blank(value) -> bool:
    return value is None or value == "" or value == {} or value == []


def _shown(f: models.Field, value, names: _Names) -> str:
    if isinstance(f, models.ForeignKey):
        return names.name(f.related_model, value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(f, models.FileField):
        return "a file"
    if isinstance(value, datetime.datetime):
        return govuk_datetime(timezone.localtime(value))
    if isinstance(value, datetime.date):
        return govuk_date(value)
    if isinstance(value, datetime.time):
        return govuk_time(value)
    text = str(value)
    if isinstance(f, models.TextField) or len(text) > TEXT_LIMIT:
        text = text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"
        return f"“{text}”"
    return text


class _Names:
    """Names for the objects a page's rows point at: one query per model."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.found: dict[type[models.Model], dict] = {}

    def want(self, model, pk) -> None:
        if pk is not None:
            self.wanted[model].add(pk)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            select_related, label = _namers.get(model, ((), str))
            if model is get_user_model() and model not in _namers:
                label = _user_name
            # Every row there is, not only what a default manager shows: a replaced contact is
            # still named on the comments they wrote.
            qs = model._base_manager.filter(pk__in=pks)
            if select_related:
                qs = qs.select_related(*select_related)
            self.found[model] = {obj.pk: label(obj) for obj in qs}

    def name(self, model, pk) -> str:
        if pk is None:
            return ""
        return self.found.get(model, {}).get(pk, f"(deleted {model._meta.verbose_name})")


# ---- Who may see a trail --------------------------------------------------------------------------


def audit_inspection_for(user, reference: str) -> Inspection:
    """The inspection whose trail `user` may read: its lead inspector's, or any for an admin; 404
    for everyone else, so that the page gives nothing away about a secret inspection."""
    if permissions.is_auditor(user):
        try:
            return Inspection.objects.select_related("area").get(reference=reference)
        except Inspection.DoesNotExist:
            raise Http404("No such inspection") from None
    inspection = permissions.inspection_for(user, reference, Inspection.objects.select_related("area"))
    if not permissions.is_lead(user, inspection):
        raise Http404("No such page")
    return inspection


def audit_site_check(user) -> None:
    """The site-wide trail is the admins' alone: 404 for everyone else."""
    if not permissions.is_auditor(user):
        raise Http404("No such page")


# ---- The core's own history -------------------------------------------------------------------------


def _stage_change(row: StageChange) -> str:
    labels = dict(Stage.choices)
    text = (
        f"Stage changed from {labels.get(row.from_stage, row.from_stage)} to {labels.get(row.to_stage, row.to_stage)}"
    )
    return f"{text}: {row.reason}" if row.reason else text


def _history(model, **filters) -> QuerySet:
    return model.history.filter(**filters)


def core_sources(*, inspection: Inspection | None) -> list[Source]:
    of = inspection_rows(inspection)
    sources = [
        Source(
            INSPECTION,
            "Inspection",
            _history(Inspection, **({} if inspection is None else {"id": inspection.pk})),
            name_field="reference",
        ),
        Source(
            INSPECTION,
            "Stage",
            StageChange.objects.filter(**of),
            event=_stage_change,
            date_field="at",
            user_field="by_id",
        ),
        Source(TEAM, "Team member", _history(TeamMembership, **of), name_field="inspector"),
        Source(CONTACTS, "Local contact", _history(InspectionContact, **of), name_field="person"),
        Source(TIMELINE, "Milestone", _history(Milestone, **of), name_field="label"),
    ]
    core_tables = (
        (Inspectorate, "name"),
        (Area, "name"),
        (Agency, "name"),
        (Person, "name"),
        (Inspector, "user"),
        (FrameworkVersion, "name"),
        (Theme, "name"),
        (Programme, "name"),
        (NonWorkingDay, "date"),
    )
    return sources + reference_sources(
        inspection, *((model, model._meta.verbose_name.capitalize(), name) for model, name in core_tables)
    )


def _register_core(namers: Iterable[tuple[type[models.Model], Callable, tuple[str, ...]]]) -> None:
    for model, label, related in namers:
        audit_namer_register(model, label, related)


audit_register(core_sources)
_register_core(
    [
        (Inspector, lambda i: f"{i.name} ({i.inspectorate})", ("user", "inspectorate")),
        (Person, lambda p: p.name, ()),
        (InspectionContact, lambda c: f"{c.person.name}, {c.get_role_display()}", ("person",)),
        (Inspection, lambda i: i.reference, ()),
    ]
)
