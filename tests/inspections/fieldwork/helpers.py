"""Records as the evidence form and the sync interface send them."""

import uuid

from inspections.models import AgencyKind
from tests.helpers import london


def agency_id(inspection, kind=AgencyKind.POLICE) -> int:
    return inspection.area.agencies.get(kind=kind).pk


def payload(inspection, **overrides) -> dict:
    """One record in the sync interface's JSON."""
    record = {
        "id": str(uuid.uuid4()),
        "kind": "meeting",
        "occurred_at": "2016-03-08T10:30:00+00:00",
        "agencies": [agency_id(inspection)],
        "scope_areas": ["front-door"],
        "weight": "strength",
        "text": "The MASH manager showed how police and social workers screen contacts together.",
    }
    record.update(overrides)
    return record


def child(inspection, **overrides) -> dict:
    values = {
        "kind": "child",
        "weight": "improvement",
        "scope_areas": ["deep-dive"],
        "text": "A young person said nobody asked why they went missing.",
        "age_band": "11_15",
        "medium": "in_person",
        "consent_given": True,
    }
    return payload(inspection, **{**values, **overrides})


ON_SITE_DAY = london(2016, 3, 8, 10, 30)
