"""Version 1 of the read API: JSON, GET only, documented by the OpenAPI schema ninja builds from
api/schemas.py. Endpoints under /inspections/, /programmes/ and /changes/ need a system's
token; /published/ and /consultations/ are public and answer 404 for anything unpublished."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query, Router, Status
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle
from pydantic import AwareDatetime

from inspections.models import Inspection, MilestoneKey, Stage
from inspections.reports.composition import priority_heading
from inspections.reports.models import LetterStatus, Priority

from . import schemas, selectors
from .tokens import token_for, token_use_record

PAGE = 100
# Text PostgreSQL can compare: it refuses a NUL byte, so a query holding one is refused up front,
# naming the parameter, rather than failing in the database.
NO_NUL = r"^[^\x00]*$"


def client_address(request: HttpRequest) -> str | None:
    return request.META.get(settings.RATELIMIT_IP_META_KEY) or None


class SystemTokenAuth(HttpBearer):
    """`Authorization: Bearer jtai_…`. A missing, unknown, expired or revoked token gets the same
    401; every accepted request is recorded against its token."""

    openapi_description = "A token an admin issued to your system for your inspectorate."

    def authenticate(self, request, token):
        found = token_for(token)
        if found is not None:
            token_use_record(token=found, address=client_address(request), path=request.get_full_path())
        return found


class _SettingRate(SimpleRateThrottle):
    """A rate read from settings on each request rather than once at import, so a test (or an
    override) that changes the setting takes effect."""

    setting = ""

    def __init__(self):
        super().__init__(getattr(settings, self.setting))

    def allow_request(self, request):
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class PerToken(_SettingRate):
    scope = "api-token"
    setting = "API_TOKEN_RATE"

    def get_cache_key(self, request):
        token = getattr(request, "auth", None)
        return None if token is None else self.cache_format % {"scope": self.scope, "ident": token.pk}


class PerAddress(_SettingRate):
    scope = "api-public"
    setting = "API_PUBLIC_RATE"

    def get_cache_key(self, request):
        if getattr(request, "auth", None) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_address(request) or "unknown"}


api = NinjaAPI(
    title="JTAI API",
    version="1",
    description="Read-only data for the inspectorates' own systems, and the published letters, thematic "
    "reports and consultation tables for everyone. See the reference page at /api/v1/docs/.",
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url=None,
    throttle=[PerAddress()],
)

systems = Router(auth=SystemTokenAuth(), throttle=[PerToken()], tags=["For an inspectorate's systems"])
public = Router(tags=["Public"])
UNAUTHORISED = {401: schemas.Error, 429: schemas.Error}
MISSING = {404: schemas.Error}


# What an inspection looks like to a system.


def _inspection(inspection: Inspection) -> dict:
    letter = selectors.letter_of(inspection)
    team = sorted(inspection.team.all(), key=lambda m: (m.inspector.inspectorate.short_name, not m.is_lead))
    return {
        "reference": inspection.reference,
        "area": inspection.area.name,
        "kind": inspection.framework.kind,
        "framework_version": inspection.framework.slug,
        "theme": inspection.theme.name,
        "programme": inspection.programme.slug if inspection.programme else None,
        "stage": inspection.stage,
        "stage_label": Stage(inspection.stage).label,
        "notified": inspection.is_notified,
        "milestones": [
            {
                "key": m.key,
                "label": inspection.meeting_label(m.key) if m.key in MilestoneKey.values else m.label,
                "date": m.date,
                "time": m.time,
                "moment": timezone.localtime(m.moment),
            }
            for m in inspection.milestones.all()
        ],
        "team": [
            {"inspectorate": name, "members": [{"name": m.inspector.name, "lead": m.is_lead} for m in members]}
            for name, members in groupby(team, key=lambda m: m.inspector.inspectorate.short_name)
        ],
        "letter": {
            "status": letter.status if letter else None,
            "status_label": LetterStatus(letter.status).label if letter else None,
            "publication_date": selectors.publication_date(inspection),
        },
    }


@systems.get("/programmes/", response={200: list[schemas.ProgrammeOut], **UNAUTHORISED})
def programmes(request):
    """The programmes of the kinds of inspection your inspectorate takes part in."""
    return [
        {
            "slug": p.slug,
            "name": p.name,
            "kind": p.kind,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "most_inspections": p.max_inspections,
        }
        for p in selectors.programmes_for(request.auth.inspectorate)
    ]


@systems.get("/inspections/", response={200: schemas.InspectionPage, **UNAUTHORISED})
def inspections(request, after: str = Query("", pattern=NO_NUL)):
    """Each inspection your inspectorate takes part in, cancelled ones left out, by reference;
    `after` is the `next_cursor` of the previous page."""
    qs = selectors.inspections_for(request.auth.inspectorate)
    if after:
        qs = qs.filter(reference__gt=after)
    found = list(qs[: PAGE + 1])
    more = len(found) > PAGE
    found = found[:PAGE]
    return {"items": [_inspection(i) for i in found], "next_cursor": found[-1].reference if more else None}


@systems.get("/inspections/{reference:reference}/", response={200: schemas.InspectionOut, **UNAUTHORISED, **MISSING})
def inspection(request, reference: str):
    """One inspection; 404 for one your inspectorate takes no part in, exactly as for one that never existed."""
    found = selectors.inspection_for(request.auth.inspectorate, reference)
    if found is None:
        raise Http404("No such inspection")
    return _inspection(found)


@systems.get("/changes/", response={200: schemas.ChangesPage, 400: schemas.Error, **UNAUTHORISED})
def changes(request, updated_since: AwareDatetime | None = None, cursor: str = ""):
    """What changed since you last asked, oldest first: start with `updated_since` (a timestamp with its
    offset) or with nothing (everything), then pass back each answer's `next_cursor` while `more` is
    true, and keep the last one for the next poll. An inspection that left your view (it was
    cancelled) comes with `in_view: false` and no details. Every write is given, however it was
    made; a change appears once every transaction that began before it has ended, so none
    committed late is ever skipped."""
    if cursor:
        after = selectors.Cursor.decode(cursor)
        if after is None:
            return Status(400, {"detail": "cursor: this is not a cursor the API gave; start again with updated_since."})
    else:
        after = selectors.Cursor.start(updated_since)
    found = selectors.changes_for(request.auth.inspectorate, after=after, limit=PAGE)
    return {
        "changes": [
            {
                "reference": c.inspection.reference,
                "changed_at": c.changed_at,
                "in_view": c.in_view,
                "inspection": _inspection(c.inspection) if c.in_view else None,
            }
            for c in found.changes
        ],
        "next_cursor": found.next_cursor.encode(),
        "more": found.more,
    }


# The public side.


def _absolute(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _letter_summary(request, letter) -> dict:
    inspection = letter.inspection
    return {
        "reference": inspection.reference,
        "area": inspection.area.name,
        "kind": inspection.framework.kind,
        "theme": inspection.theme.name,
        "published_on": timezone.localdate(letter.published_at) if letter.published_at else None,
        "url": _absolute(request, "api-v1:published_letter", inspection.reference),
    }


def _recommendations(sections: list[dict]) -> list[dict]:
    headings = {priority_heading(p): p for p in Priority.values}
    found = []
    for section in sections:
        priority = headings.get(section["heading"])
        if priority is None:
            continue
        for p in section["paragraphs"]:
            if p["label"]:  # "None." stands where a priority has no recommendation
                found.append(
                    {"paragraph": p["number"], "priority": priority, "addressed_to": p["label"], "text": p["text"]}
                )
    return found


@public.get("/published/letters/", response=list[schemas.LetterSummaryOut])
def published_letters(request):
    """Every published letter of findings, newest first."""
    return [_letter_summary(request, letter) for letter in selectors.published_letters()]


@public.get(
    "/published/letters/{reference:reference}/",
    response={200: schemas.LetterOut, **MISSING},
    url_name="published_letter",
)
def published_letter(request, reference: str):
    """A published letter: its numbered paragraphs, its recommendations as data and its PDF's address."""
    found = selectors.published_letter(reference)
    if found is None:
        raise Http404("No such publication")
    letter, version = found
    content = version.content if version else {"title": reference, "addressees": [], "sections": []}
    return {
        **_letter_summary(request, letter),
        "title": content["title"],
        "addressees": content.get("addressees", []),
        "sections": content["sections"],
        "recommendations": _recommendations(content["sections"]),
        "pdf_url": _absolute(request, "published:letter_pdf", reference) if version and version.is_ready else None,
        "page_url": _absolute(request, "published:letter", reference),
    }


@public.get("/published/thematic-reports/", response=list[schemas.ThematicReportOut])
def thematic_reports(request):
    """Every published thematic report, newest first: each theme's latest edition, as published."""
    return [
        {
            "theme": r.theme.name,
            "slug": r.theme.slug,
            "edition": r.number,
            "summary": r.summary,
            "published_on": timezone.localdate(r.published_at),
            "page_url": _absolute(request, "published:thematic", r.theme.slug),
            "pdf_url": _absolute(request, "published:thematic_pdf", r.theme.slug) if r.is_ready else None,
        }
        for r in selectors.published_thematic_reports()
    ]


def _consultation_summary(request, consultation) -> dict:
    return {
        "slug": consultation.slug,
        "title": consultation.title,
        "published_on": timezone.localdate(consultation.published_at),
        "url": _absolute(request, "api-v1:consultation", consultation.slug),
    }


@public.get("/consultations/", response=list[schemas.ConsultationSummaryOut])
def consultations(request):
    """Every consultation whose outcome is published."""
    return [_consultation_summary(request, c) for c in selectors.published_consultations()]


@public.get("/consultations/{slug:slug}/", response={200: schemas.ConsultationOut, **MISSING}, url_name="consultation")
def consultation(request, slug: str):
    """A published consultation's tables: the outcome report's numbers, by channel and in total."""
    found = selectors.published_consultation(slug)
    if found is None:
        raise Http404("No such consultation")
    consultation, tables = found
    return {
        **_consultation_summary(request, consultation),
        "responses": [{"channel": code, "label": label, "responses": n} for code, label, n in tables.responses],
        "sectors": dict(tables.sectors),
        "questions": [
            {
                "code": q.code,
                "text": q.text,
                "part": q.part,
                "options": q.options,
                "rows": [
                    {
                        "channel": r.channel,
                        "label": r.label,
                        "answered": r.answered,
                        "counts": r.counts,
                        "percentages": r.percentages,
                    }
                    for r in q.rows
                ],
            }
            for q in tables.questions
        ],
    }


api.add_router("/", systems)
api.add_router("/", public)
