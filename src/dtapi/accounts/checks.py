"""System checks of the accounts app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver

from dtapi.accounts import endpoints
from dtapi.accounts.conf import accounts_settings
from dtapi.accounts.roles import ROLES


@register()
def key_endpoint_roles_are_known(**kwargs: Any) -> list[Error]:
    """Every role an API key endpoint needs must be defined in ``accounts.roles.ROLES``."""
    return [
        Error(
            f"API key endpoint {entry.path} needs role {role!r}, which dtapi.accounts.roles "
            "does not define.",
            id="dtapi.accounts.E001",
        )
        for entry in endpoints.ENDPOINTS
        for role in entry.roles
        if role not in ROLES
    ]


def _protected_views(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """``(route, endpoint)`` of every view in the URLconf that ``require_api_key`` guards."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _protected_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            path = getattr(pattern.callback, "api_key_endpoint", None)
            if path is not None:
                yield prefix + str(pattern.pattern), path


@register(Tags.urls)
def key_endpoints_agree(**kwargs: Any) -> list[Error]:
    """The endpoint table, the URLconf and the views' protection agree.

    E002: a path of the table is not routed; E003: it is routed to a view not protected for
    that path (another path's key, or none), so keys for it could never work or would work
    elsewhere; E004: a routed view is protected for a path that does not reach it.
    The key pages offer exactly the table's entries, so this is what they offer too.
    """
    errors: list[Error] = []
    resolver = get_resolver()
    for entry in endpoints.ENDPOINTS:
        try:
            match = resolver.resolve(entry.path)
        except Resolver404:
            errors.append(
                Error(f"API key endpoint {entry.path} is not routed.", id="dtapi.accounts.E002")
            )
            continue
        protected_for = getattr(match.func, "api_key_endpoint", None)
        if protected_for != entry.path:
            errors.append(
                Error(
                    f"API key endpoint {entry.path} reaches {match.view_name or match.func!r}, "
                    f"which is protected for {protected_for!r}.",
                    hint=f'Decorate the view with @require_api_key("{entry.path}").',
                    id="dtapi.accounts.E003",
                )
            )
    for route, path in _protected_views(resolver.url_patterns):
        try:
            reached = getattr(resolver.resolve(path).func, "api_key_endpoint", None)
        except Resolver404:
            reached = None
        if reached != path:
            errors.append(
                Error(
                    f"The view at {route!r} takes keys for {path}, which does not reach it.",
                    id="dtapi.accounts.E004",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def throttle_cache_is_shared(**kwargs: Any) -> list[Warning]:
    """The invalid-key throttle only works across workers with a shared cache."""
    alias = accounts_settings.APIKEY_THROTTLE_CACHE
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                f"The API key throttle counts in the cache {alias!r} ({backend}), which each "
                "worker process keeps to itself.",
                hint="Point DTAPI['APIKEY_THROTTLE_CACHE'] at a shared cache "
                "(database, Redis or Memcached).",
                id="dtapi.accounts.W001",
            )
        ]
    return []
