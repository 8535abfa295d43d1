"""Reference data that no rule beyond its own validation governs (areas, agencies, themes, scope
areas, size bands, letter templates, signatories…): added, changed and deleted here, by whoever
holds the model's permission, so that the admin and the demo loaders write it one way.

Reference data with rules of its own has its own service (framework versions, non-working days,
inspectors, people in `inspections.services`); its admin calls that instead."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction

from .errors import DomainError


def _require(user, action: str, row: models.Model) -> None:
    meta = row._meta
    if not user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}"):
        raise PermissionDenied(f"You do not have permission to {action} {meta.verbose_name_plural}.")


@transaction.atomic
def reference_row_save(*, user, row: models.Model, many: dict[str, Iterable] | None = None) -> models.Model:
    """Add or change `row` once it validates; `many` sets its many-to-many fields (by name) with it.
    A row that does not validate is refused, naming the field."""
    _require(user, "add" if row._state.adding else "change", row)
    try:
        row.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError("__all__" if field == NON_FIELD_ERRORS else field, messages[0]) from error
    row.save()
    for name, values in (many or {}).items():
        getattr(row, name).set(values)
    return row


@transaction.atomic
def reference_row_delete(*, user, row: models.Model) -> None:
    _require(user, "delete", row)
    row.delete()
