"""Importing indicator values: from a file a manager uploads and then confirms, or from the command.

All or nothing: a file with any error imports nothing and says which line and column. Confirming
replaces, for each indicator and year the file holds, every value of that year (England's
included) with the file's; the import stays on record with who uploaded and confirmed it, and when,
and each value points at the import it came from."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from jtai import uploads
from jtai.errors import DomainError

from .access import keeper_check
from .indicators import Parsed, RowError
from .models import ImportStatus, Indicator, IndicatorImport, IndicatorValue
from .selectors import import_parse


class ImportFailed(DomainError):
    """The file has errors: each names its line and column."""

    def __init__(self, errors: list[RowError]):
        count = len(errors)
        super().__init__("file", f"The file has {count} error{'s' if count != 1 else ''}, so nothing was imported")
        self.errors = errors


def _text(upload: UploadedFile) -> str:
    upload.seek(0)
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("file", "The selected file must be a CSV file saved as UTF-8") from None


def _checked(text: str) -> tuple[Parsed, dict[str, Indicator]]:
    parsed, indicators = import_parse(text)
    if not parsed.ok:
        raise ImportFailed(parsed.errors)
    if not parsed.values:
        raise DomainError("file", "The file has no value for any indicator")
    return parsed, indicators


def _summary(parsed: Parsed, indicators: dict[str, Indicator]) -> dict:
    return {
        "years": parsed.years,
        "indicators": [indicators[c].name for c in parsed.columns],
        "values": len(parsed.values),
        "not_published": sum(1 for v in parsed.values if v.value is None),
        "ignored_columns": parsed.ignored_columns,
        "rows_skipped": parsed.rows_skipped,
    }


@transaction.atomic
def indicator_import_upload(*, user, upload: UploadedFile | None) -> IndicatorImport:
    """Check a file a manager uploaded and keep it, waiting for them to confirm what it changes."""
    keeper_check(user)
    upload = uploads.size_check(upload, limit=uploads.AREA_INDICATORS)
    text = _text(upload)
    parsed, indicators = _checked(text)
    return IndicatorImport.objects.create(
        original_name=(upload.name or "indicators.csv").rsplit("/", 1)[-1][:255],
        content=text,
        uploaded_by=user,
        summary=_summary(parsed, indicators),
    )


def _apply(indicator_import: IndicatorImport, *, user) -> IndicatorImport:
    parsed, indicators = _checked(indicator_import.content)
    pairs = {(indicators[v.column].pk, v.year) for v in parsed.values}
    for indicator_pk in {pk for pk, _ in pairs}:
        years = [year for pk, year in pairs if pk == indicator_pk]
        IndicatorValue.objects.filter(indicator_id=indicator_pk, year__in=years).delete()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicators[v.column],
            area_id=v.area_id,
            year=v.year,
            value=v.value,
            symbol=v.symbol,
            source_import=indicator_import,
        )
        for v in parsed.values
    )
    indicator_import.status = ImportStatus.APPLIED
    indicator_import.applied_by = user
    indicator_import.applied_at = timezone.now()
    indicator_import.summary = _summary(parsed, indicators)
    indicator_import.save()
    return indicator_import


@transaction.atomic
def indicator_import_confirm(*, user, indicator_import: IndicatorImport) -> IndicatorImport:
    """Replace the years the file holds with its values. The file is checked again: an area or an
    indicator may have changed since it was uploaded."""
    keeper_check(user)
    indicator_import = IndicatorImport.objects.select_for_update().get(pk=indicator_import.pk)
    if indicator_import.status != ImportStatus.AWAITING:
        raise DomainError("__all__", f"This file was already {indicator_import.get_status_display().lower()}")
    return _apply(indicator_import, user=user)


@transaction.atomic
def indicator_import_discard(*, user, indicator_import: IndicatorImport) -> IndicatorImport:
    keeper_check(user)
    indicator_import = IndicatorImport.objects.select_for_update().get(pk=indicator_import.pk)
    if indicator_import.status != ImportStatus.AWAITING:
        raise DomainError("__all__", f"This file was already {indicator_import.get_status_display().lower()}")
    indicator_import.status = ImportStatus.DISCARDED
    indicator_import.save()
    return indicator_import


@transaction.atomic
def indicator_import_run(*, name: str, text: str, user=None) -> IndicatorImport:
    """Import a file at once (the command, the demo): checked, kept and applied in one go."""
    parsed, indicators = _checked(text)
    indicator_import = IndicatorImport.objects.create(
        original_name=name[:255], content=text, uploaded_by=user, summary=_summary(parsed, indicators)
    )
    return _apply(indicator_import, user=user)
