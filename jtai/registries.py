"""The registries the apps add to in `AppConfig.ready` (next steps, planning warnings, panels,
erasures) keep what they are given once, in the order given: registering twice is harmless, so a
`ready` that runs again (a test, a reload) adds nothing."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def register_once(registry: list[T], entry: T) -> T:
    if entry not in registry:
        registry.append(entry)
    return entry
