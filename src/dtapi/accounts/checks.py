"""System checks of the accounts app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.checks import Error, Tags, register
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver

from dtapi.accounts import endpoints
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


def _protected_views(
    patterns: list[Any], prefix: str = "", mark: str = "api_key_endpoint"
) -> Iterator[tuple[str, str]]:
    """``(route, endpoint)`` of every view in the URLconf carrying ``mark``."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _protected_views(pattern.url_patterns, prefix + str(pattern.pattern), mark)
        elif isinstance(pattern, URLPattern):
            endpoint = getattr(pattern.callback, mark, None)
            if endpoint is not None:
                yield prefix + str(pattern.pattern), endpoint


def _reached(resolver: Any, path: str, mark: str) -> str | None:
    try:
        return getattr(resolver.resolve(path).func, mark, None)
    except Resolver404:
        return None


@register(Tags.urls)
def token_endpoints_agree(**kwargs: Any) -> list[Error]:
    """E005: a token endpoint's path does not reach a view taking tokens for it (or a view
    taking tokens is routed where its endpoint's path does not reach it)."""
    resolver = get_resolver()
    wrong = {
        entry.path
        for entry in endpoints.TOKEN_ENDPOINTS
        if _reached(resolver, entry.path, "api_token_endpoint") != entry.name
    }
    for _route, name in _protected_views(resolver.url_patterns, mark="api_token_endpoint"):
        path = endpoints.token_endpoint(name).path
        if _reached(resolver, path, "api_token_endpoint") != name:
            wrong.add(path)
    return [
        Error(f"Token endpoint {path} does not reach its view.", id="dtapi.accounts.E005")
        for path in sorted(wrong)
    ]


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
        if _reached(resolver, path, "api_key_endpoint") != path:
            errors.append(
                Error(
                    f"The view at {route!r} takes keys for {path}, which does not reach it.",
                    id="dtapi.accounts.E004",
                )
            )
    return errors
