"""The engine's settings: the ``DTAPI`` dict in Django settings, read through one object.

    from dtapi.engine.conf import engine_settings
    engine_settings.DEFAULT_LIMIT

Every key has a default here; ``DTAPI`` only lists departures. The object re-reads Django
settings when they change (``override_settings`` in tests).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed

DEFAULTS: dict[str, Any] = {
    # Page size when the request gives no ``limit``, and the cap (``limit=0`` means the cap).
    "DEFAULT_LIMIT": 20,
    "MAX_LIMIT": 1000,
    # ``Cache-Control: max-age=N, s-maxage=N`` on successful GETs.
    "CACHE_MAX_AGE": 300,
    # Seconds a detail object is served from the per-process cache (detail_cache.py); 0: off.
    "DETAIL_CACHE_SECONDS": 300,
    # The API version segment: resources live under /api/<API_NAME>/.
    "API_NAME": "v1",
    # Installed apps under this package prefix that have models are API apps ...
    "APP_PACKAGE": "dtapi.",
    # ... except these (app labels).
    "NON_API_APPS": ("engine", "api", "accounts", "loaders", "notify", "oidc", "signing", "tasks",
                     "changes", "mirror"),
    # Gzip-compress API responses for clients that accept it.
    "GZIP": True,
}


class EngineSettings:
    """Attribute access to ``settings.DTAPI`` with :data:`DEFAULTS` filled in."""

    def __init__(self) -> None:
        self._cache: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"unknown DTAPI setting {name!r}")
        try:
            return self._cache[name]
        except KeyError:
            value = getattr(settings, "DTAPI", {}).get(name, DEFAULTS[name])
            self._cache[name] = value
            return value

    @property
    def url_prefix(self) -> str:
        """Root-relative prefix of every resource URI, e.g. ``/api/v1/``."""
        return f"/api/{self.API_NAME}/"

    def reload(self) -> None:
        self._cache.clear()


engine_settings = EngineSettings()


def _reload(*, setting: str, **kwargs: Any) -> None:
    if setting == "DTAPI":
        engine_settings.reload()


setting_changed.connect(_reload)
