"""Limits on how often a POST may be tried (sign-in, codes, password resets), over django-ratelimit."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django_ratelimit.core import is_ratelimited

Key = str | Callable


def over_a_limit(request, *, group: str, limits: Iterable[tuple[Key, str]]) -> bool:
    """Whether this POST goes over any of `limits`, each a (key, rate) as django-ratelimit reads them.

    Every limit counts the request, even once another is over: a list, not a short-circuiting any(),
    so that trying under one key never spares another its count."""
    limited = [
        is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True) for key, rate in limits
    ]
    return any(limited)
