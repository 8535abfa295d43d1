"""Limits on how often a POST may be tried (sign-in, codes, password resets), over django-ratelimit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

Key = str | Callable


def over_a_limit(request, *, group: str, limits: Iterable[tuple[Key, str]]) -> bool:
    """Whether this POST goes over any of `limits`, each a (key, rate) as django-ratelimit reads them.

    Every limit counts the request, even once another is over: a list, not a short-circuiting any(),
    so that trying under one key never spares another its count."""
    try:
        limited = [
            is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)
            for key, rate in limits
        ]
    except (RedisError, OSError):
        # The cache that counts (Redis) cannot be reached. As django-ratelimit does when its cache
        # answers nothing, the limit holds unless RATELIMIT_FAIL_OPEN: the person is asked to wait
        # and try again, rather than shown a server error or given unlimited tries.
        logger.warning("The %s limit could not be counted: the cache cannot be reached", group, exc_info=True)
        return not getattr(settings, "RATELIMIT_FAIL_OPEN", False)
    return any(limited)
