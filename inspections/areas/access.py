"""Who may read and keep an area's record.

Inspectors read it while they choose and plan (the area's page, its indicators, evaluations and
good-practice notes); managers alone choose areas for a programme, keep the record and read the
intelligence (docs/decisions/0012). Everyone else finds no such page: 404, as for a secret
inspection, so that nobody learns that intelligence exists."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from inspections import permissions
from inspections.models import Area


def reads_area_records(user) -> bool:
    return permissions.inspector_for(user) is not None


def keeps_area_records(user) -> bool:
    return permissions.is_manager(user)


def reader_check(user) -> None:
    if not reads_area_records(user):
        raise Http404("No such page")


def keeper_check(user) -> None:
    """A manager's page or action: 404 for everyone else."""
    if not keeps_area_records(user):
        raise Http404("No such page")


def area_for(user, pk: int) -> Area:
    reader_check(user)
    return get_object_or_404(Area, pk=pk)
