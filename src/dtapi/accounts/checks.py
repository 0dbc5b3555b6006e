"""System checks of the accounts app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from dtapi.accounts.conf import accounts_settings
from dtapi.accounts.roles import ROLES
from dtapi.person.models import PERSON_API_KEY_VALUES


@register()
def key_endpoint_roles_are_known(**kwargs: Any) -> list[Error]:
    """Every role an API key endpoint needs must be defined in ``accounts.roles.ROLES``."""
    return [
        Error(
            f"API key endpoint {endpoint} needs role {role!r}, which dtapi.accounts.roles "
            "does not define.",
            id="dtapi.accounts.E001",
        )
        for endpoint, _label, role in PERSON_API_KEY_VALUES
        if role is not None and role not in ROLES
    ]


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
