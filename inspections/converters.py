"""The inspection reference in an address (`<reference:reference>`).

A reference is printable text with no slash (JTAI-2016-417; the prefix is a framework version's
setting). An address whose reference holds a NUL byte or another control character names no
inspection that could exist: it is not found, as a reference that never existed is, instead of
reaching PostgreSQL, which refuses NUL in text and would answer with a server error."""

from __future__ import annotations


class InspectionReference:
    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
