"""Every URL pattern the project defines, by its full name ("namespace:name")."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver


def url_names(patterns=None, namespace: str = "") -> list[str]:
    """The full name of every named pattern, walking includes (and their namespaces) recursively.
    A pattern with no name cannot be reversed: it is listed by its route, so it still needs an entry."""
    names = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names.extend(url_names(entry.url_patterns, inner))
        elif isinstance(entry, URLPattern):
            names.append(f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry.pattern}>")
    return names
