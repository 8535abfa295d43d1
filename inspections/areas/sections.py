"""Sections added to the area's page after its own (the written statement of action, say): each a
template rendered with the page's context (`area`, `page`, `user`), in the order registered."""

from __future__ import annotations

from jtai.registries import register_once

_sections: list[str] = []


def area_section_register(template: str) -> None:
    """Add a template to every area's page. Registering twice is harmless."""
    register_once(_sections, template)


def area_sections() -> list[str]:
    return list(_sections)
