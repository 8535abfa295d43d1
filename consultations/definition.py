"""Create or update a consultation from its definition file (the `load_consultation` format)."""

from __future__ import annotations

import datetime
import re

from django.db import transaction
from django.db.models import Count

from jtai.errors import DomainError

from .models import (
    Answer,
    Channel,
    Consultation,
    Option,
    Question,
    QuestionKind,
    Respondent,
    Sector,
    is_reserved_sector_label,
    reserved_sector_message,
)
from .permissions import require_change
from .report_pdf import report_pdf_request
from .tables import consultation_counts

# Codes appear in page addresses and name spreadsheet tabs (at most 31 characters there).
_CODE = re.compile(r"[A-Za-z0-9_-]+")
MAX_CODE_LENGTH = 31


class DefinitionError(DomainError):
    """The definition file is refused; `field` is "__all__": the message names the item."""

    def __init__(self, message: str):
        super().__init__("__all__", message)


def _require(data: dict, key: str, kind: type, where: str):
    if key not in data:
        raise DefinitionError(f'{where}: missing "{key}"')
    if not isinstance(data[key], kind):
        raise DefinitionError(f'{where}: "{key}" must be a {kind.__name__}')
    return data[key]


def _date(data: dict, key: str) -> datetime.date | None:
    value = data.get(key)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DefinitionError(f'"{key}" must be a date like 2015-07-21, not {value!r}') from None


def _upsert(model, defaults: dict, **lookup):
    """update_or_create that writes (and adds a history row) only when something differs,
    so loading the same definition twice changes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults), True
    changed = [k for k, v in defaults.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, defaults[k])
        obj.save(update_fields=changed)
    return obj, False


def _code(item: dict, where: str) -> str:
    code = _require(item, "code", str, where)
    if not _CODE.fullmatch(code) or len(code) > MAX_CODE_LENGTH:
        raise DefinitionError(
            f"{where}: code {code!r} must be 1 to {MAX_CODE_LENGTH} letters, digits, hyphens or underscores "
            "(no spaces, slashes or other signs), because it is used in page addresses and spreadsheet tabs"
        )
    return code


def _validate(data) -> None:
    if not isinstance(data, dict):
        raise DefinitionError("The definition must be a JSON object.")
    _require(data, "slug", str, "consultation")
    _require(data, "title", str, "consultation")
    channels = _require(data, "channels", list, "consultation")
    if not channels:
        raise DefinitionError("consultation: at least one channel is needed")
    codes = set()
    for i, channel in enumerate(channels, 1):
        if not isinstance(channel, dict):
            raise DefinitionError(f'channel {i}: must be an object with "code" and "label"')
        code = _code(channel, f"channel {i}")
        _require(channel, "label", str, f"channel {i}")
        if code in codes or code == "total":
            raise DefinitionError(f'channel {i}: code "{code}" is used twice or reserved')
        codes.add(code)
    sectors = _require(data, "sectors", list, "consultation")
    if len(set(sectors)) != len(sectors) or not all(isinstance(s, str) and s.strip() for s in sectors):
        raise DefinitionError('consultation: "sectors" must be distinct, non-blank labels')
    for label in sectors:
        if is_reserved_sector_label(label):
            raise DefinitionError(f"sector {label!r}: {reserved_sector_message(label)}")
    questions = _require(data, "questions", list, "consultation")
    qcodes = set()
    reserved = {"respondent_id", "channel", "sector"}
    for i, question in enumerate(questions, 1):
        if not isinstance(question, dict):
            raise DefinitionError(f"question {i}: must be an object")
        code = _code(question, f"question {i}")
        _require(question, "text", str, f"question {code}")
        kind = _require(question, "type", str, f"question {code}")
        if code in qcodes or code in reserved:
            raise DefinitionError(f"question {code}: code is used twice or reserved")
        qcodes.add(code)
        if kind not in QuestionKind.values:
            raise DefinitionError(f'question {code}: "type" must be "choice" or "text", not {kind!r}')
        if kind == QuestionKind.CHOICE:
            options = _require(question, "options", list, f"question {code}")
            if not options or len(set(options)) != len(options):
                raise DefinitionError(f'question {code}: "options" must be distinct labels')


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _used_not_kept(respondents, field: str, kept: set[str]):
    """Each value of `field` that respondents use and the file no longer lists, with how many use it."""
    return respondents.exclude(**{f"{field}__in": kept}).order_by().values_list(field).annotate(n=Count("id"))


def _refuse_dropping_used(consultation: Consultation, data: dict) -> None:
    """Responses are the run, the definition only describes them: a load that would drop a
    channel, sector, question or option that answers use (or change a used question's type)
    is refused before anything changes, naming the first one and how many use it."""
    respondents = Respondent.objects.filter(consultation=consultation)
    for code, n in _used_not_kept(respondents, "channel__code", {c["code"] for c in data["channels"]}):
        raise DefinitionError(
            f"channel {code}: not in the file, but {_plural(n, 'respondent')} came through it; "
            "keep it in the file (nothing was changed)"
        )
    for label, n in _used_not_kept(respondents.filter(sector__isnull=False), "sector__label", set(data["sectors"])):
        raise DefinitionError(
            f"sector {label!r}: not in the file, but {_plural(n, 'respondent')} gave it; "
            "keep it in the file (nothing was changed)"
        )
    wanted = {q["code"]: q for q in data["questions"]}
    # Free-text answers are rows; closed ones are the options respondents chose.
    used = {
        (code, kind): n
        for code, kind, n in Answer.objects.filter(question__consultation=consultation)
        .order_by()
        .values_list("question__code", "question__kind")
        .annotate(n=Count("id"))
    }
    chosen: dict[int, int] = {}
    for (_, option_id), n in consultation_counts(consultation=consultation)[1].items():
        chosen[option_id] = chosen.get(option_id, 0) + n
    labelled = sorted(
        (code, label, chosen[pk])
        for pk, code, label in Option.objects.filter(pk__in=chosen).values_list("pk", "question__code", "label")
    )
    for code, _, n in labelled:
        used[(code, QuestionKind.CHOICE.value)] = used.get((code, QuestionKind.CHOICE.value), 0) + n
    for (code, kind), n in sorted(used.items()):
        if code not in wanted:
            raise DefinitionError(
                f"question {code}: not in the file, but {_plural(n, 'answer')} use it; keep it in the file, or "
                "delete its responses first (nothing was changed)"
            )
        if wanted[code]["type"] != kind:
            raise DefinitionError(
                f"question {code}: its type cannot change from {kind!r} to {wanted[code]['type']!r} because "
                f"{_plural(n, 'answer')} use it (nothing was changed)"
            )
    for code, label, n in labelled:
        if label not in wanted[code].get("options", []):
            raise DefinitionError(
                f"question {code}: option {label!r} is not in the file, but {_plural(n, 'answer')} chose it; "
                "keep it in the file (nothing was changed)"
            )


@transaction.atomic
def consultation_load(*, data: dict, user=None) -> Consultation:
    """Create the consultation or bring it in line with `data`.

    Channels, sectors, questions and options are matched by code or label. Ones the file no
    longer lists are deleted when no response uses them; if one does, the whole load is
    refused with a DefinitionError and nothing changes."""
    require_change(user)
    _validate(data)
    existing = Consultation.objects.select_for_update().filter(slug=data["slug"]).first()
    if existing is not None:
        _refuse_dropping_used(existing, data)
    consultation, _ = _upsert(
        Consultation,
        slug=data["slug"],
        defaults={
            "title": data["title"],
            "summary": data.get("summary", ""),
            "outcome_summary": data.get("outcome_summary", ""),
            "opens_on": _date(data, "opens_on"),
            "closes_on": _date(data, "closes_on"),
        },
    )
    for position, item in enumerate(data["channels"]):
        _upsert(
            Channel,
            consultation=consultation,
            code=item["code"],
            defaults={"label": item["label"], "position": position, "asks_sector": item.get("asks_sector", True)},
        )
    consultation.channels.exclude(code__in=[c["code"] for c in data["channels"]]).delete()
    for position, label in enumerate(data["sectors"]):
        _upsert(Sector, consultation=consultation, label=label, defaults={"position": position})
    consultation.sectors.exclude(label__in=data["sectors"]).delete()
    for position, item in enumerate(data["questions"]):
        question, _ = _upsert(
            Question,
            consultation=consultation,
            code=item["code"],
            defaults={"text": item["text"], "kind": item["type"], "part": item.get("part", ""), "position": position},
        )
        options = item.get("options", []) if item["type"] == QuestionKind.CHOICE else []
        for opt_position, label in enumerate(options):
            _upsert(Option, question=question, label=label, defaults={"position": opt_position})
        question.options.exclude(label__in=options).delete()
    consultation.questions.exclude(code__in=[q["code"] for q in data["questions"]]).delete()
    report_pdf_request(consultation=consultation)
    return consultation
