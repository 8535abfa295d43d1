"""What the form fuzzing is made of: strategies of bad input, a fingerprint of everything a form
could save, and one fuzzed POST. The forms themselves are listed in test_fuzz_forms.py."""

from __future__ import annotations

import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

# CI runs a small, repeatable sample of each form; HYPOTHESIS_PROFILE=thorough runs many more, at random.
hypothesis_settings.register_profile(
    "ci",
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.register_profile(
    "thorough",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

MISSING = object()  # the field is left out of the POST altogether

# Rows written by reading, not by a form: sessions, and the log of who read sensitive free text.
NOT_FORM_DATA = {"sessions.session", "case_audits.accesslog"}

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",  # right-to-left override
    "\u200f\u200e",  # right-to-left and left-to-right marks
    "😀👩‍👩‍👧‍👦",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE inspections_inspection; --",
    "' OR '1'='1",
    "%s%s%s%n",
    "{{ settings.SECRET_KEY }}",
    "../../../etc/passwd",
    "-1",
    "0",
    "-99999999999999999999999",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "Infinity",
    "0x10",
    "2016-02-30",
    "31/13/2016",
    "0000-01-01",
    "99999-01-01",
    "True",
    "null",
]
LONG = "x" * 10_000


def text_values(*valid: str) -> st.SearchStrategy:
    """What anyone could type into a box: plausible words, nasty strings, 10k characters, any
    unicode a browser can send."""
    return st.one_of(
        st.sampled_from(list(valid) or ["Some ordinary words."]),
        st.sampled_from(NASTY),
        st.just(LONG),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=300, max_size=500),
    )


def form_value(*valid) -> st.SearchStrategy:
    """A field's value: one of the valid ones, any nasty text, a list where one value is wanted,
    or nothing at all."""
    valid_strings = [str(v) for v in valid]
    single = st.one_of(
        st.sampled_from(valid_strings) if valid_strings else text_values(),
        st.sampled_from(valid_strings) if valid_strings else text_values(),
        text_values(),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )
    return st.one_of(
        single,
        single,
        single,
        st.lists(single, min_size=2, max_size=3),
        st.just(MISSING),
    )


def text_field(*valid: str) -> st.SearchStrategy:
    return form_value(*(valid or ("Some ordinary words.",)))


def number_field(low: int, high: int) -> st.SearchStrategy:
    return st.one_of(form_value(low, high), st.integers(min_value=low - 5, max_value=high + 5).map(str))


def choice_field(choices) -> st.SearchStrategy:
    return form_value(*choices)


def many_field(choices) -> st.SearchStrategy:
    """A multiple choice: any subset of the valid ones, or junk."""
    choices = [str(c) for c in choices]
    return st.one_of(
        st.lists(st.sampled_from(choices), max_size=len(choices), unique=True) if choices else st.just([]),
        form_value(*choices),
    )


def flag_field() -> st.SearchStrategy:
    return form_value("on", "true", "1", "")


def email_field() -> st.SearchStrategy:
    return form_value("someone@northshire.example.org", "not-an-email", "a@b", "x" * 300 + "@example.org")


def date_fields(name: str) -> dict:
    """A GOV.UK date input: day, month and year boxes."""
    return {
        f"{name}_0": form_value(1, 7, 28, 29, 30, 31, 32, 0, 10**11),
        f"{name}_1": form_value(1, 2, 3, 12, 13, 0, 10**14),
        f"{name}_2": form_value(2016, 2017, 16, 0, 99999, 10**12, 10**20),
    }


def upload_field(*valid: tuple[str, bytes, str]) -> st.SearchStrategy:
    """A file: a real one, random bytes, an empty file, one whose name or type lies, a huge name,
    a name with path separators, or none."""
    names = st.one_of(
        st.sampled_from(
            [
                "report.pdf",
                "report.docx",
                "responses.csv",
                "evil.exe",
                "archive.zip",
                "../../etc/passwd",
                "..\\..\\boot.ini",
                "/abs/path/report.pdf",
                "x" * 1000 + ".pdf",
                "re\x00port.pdf",
                "\u202efdp.exe",
                ".pdf",
                "",
            ]
        ),
        st.text(alphabet=st.characters(codec="utf-8", blacklist_characters="\r\n\"'"), min_size=1, max_size=60),
    )
    types = st.sampled_from(
        ["application/pdf", "text/csv", "application/octet-stream", "text/html", "image/png", "", "nonsense"]
    )
    contents = st.one_of(st.binary(max_size=2048), st.just(b""), st.sampled_from([v[1] for v in valid] or [b""]))
    made = st.builds(lambda n, c, t: SimpleUploadedFile(n or "unnamed", c, content_type=t), names, contents, types)
    real = (
        st.sampled_from(list(valid)).map(lambda v: SimpleUploadedFile(v[0], v[1], content_type=v[2])) if valid else made
    )
    return st.one_of(made, made, real, st.just(MISSING), text_values())


EXTRA = {
    "id": st.sampled_from(["1", "999999"]),
    "pk": st.sampled_from(["1", "-1"]),
    "inspection": st.sampled_from(["1", "JTAI-2016-001"]),
    "user": st.sampled_from(["1"]),
    "is_staff": st.sampled_from(["on", "true"]),
    "stage": st.sampled_from(["published", "cancelled"]),
    "csrfmiddlewaretoken": st.sampled_from(["x"]),
}


def post_data(fields: dict) -> st.SearchStrategy:
    """The POST body: each field from its strategy (some left out), sometimes fields the form never asked for."""

    def clean(drawn: dict) -> dict:
        return {k: v for k, v in drawn.items() if v is not MISSING}

    extra = {name: value for name, value in EXTRA.items() if name not in fields}
    return st.fixed_dictionaries(fields, optional=extra).map(clean)


# ---- The fingerprint of what is saved ------------------------------------------------------------


def _tables() -> list[tuple[str, str, str]]:
    tables = []
    for model in apps.get_models():
        if model._meta.label_lower in NOT_FORM_DATA or not model._meta.managed or model._meta.proxy:
            continue
        tables.append((model._meta.label_lower, model._meta.db_table, model._meta.pk.column))
    return sorted(set(tables))


def _files() -> list[tuple[str, int]]:
    found = []
    for root in (settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT):
        base = Path(root)
        if base.exists():
            found.extend((str(p.relative_to(base)), p.stat().st_size) for p in base.rglob("*") if p.is_file())
    return sorted(found)


def fingerprint() -> dict:
    """Every model's rows (on PostgreSQL a hash of their content, so an update shows too; elsewhere
    the count and the largest id, which the history tables' ids are among) and every stored file."""
    quote = connection.ops.quote_name
    prints = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            parts = [
                f"SELECT %s, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                f" FROM {quote(table)} t"
                for _, table, _ in _tables()
            ]
            params = [label for label, _, _ in _tables()]
        else:
            parts = [f"SELECT %s, count(*), max({quote(pk)}) FROM {quote(table)}" for _, table, pk in _tables()]
            params = [label for label, _, _ in _tables()]
        cursor.execute(" UNION ALL ".join(parts), params)
        for label, count, digest in cursor.fetchall():
            prints[label] = (count, digest)
    prints["files"] = tuple(_files())
    return prints


def changes(before: dict, after: dict) -> list[str]:
    return [key for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]
