"""The engine's settings: the ``DTAPI`` dict in Django settings, read through one object.

    from dtapi.engine.conf import engine_settings
    engine_settings.DEFAULT_LIMIT

Every key has a default here; ``DTAPI`` only lists departures. The object re-reads Django
settings when they change (``override_settings`` in tests).
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
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
    # Seconds a worker may go without asking the database (and Redis) whether another process
    # committed a change (freshness.py); 0: on every detail request.
    "FRESHNESS_SECONDS": 0.5,
    # Labels of installed apps published besides those whose AppConfig says
    # ``publishes_api = True`` (for apps the project cannot edit).
    "API_APPS": (),
    # Dotted paths of middleware known to be safe with replayed detail answers, besides those
    # checks.py knows and those saying ``replay_safe = True`` (dtapi.E003).
    "REPLAY_SAFE_MIDDLEWARE": (),
    # Gzip-compress API responses for clients that accept it.
    "GZIP": True,
}


class EngineSettings:
    """Attribute access to ``settings.DTAPI`` with :data:`DEFAULTS` filled in.

    A value read once is kept as a plain instance attribute until :meth:`reload`: later reads
    are ordinary attribute lookups (``__getattr__`` runs only after a failed lookup, which
    costs microseconds, and the detail cache and the replay read settings on every request).
    """

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"unknown DTAPI setting {name!r}")
        value = getattr(settings, "DTAPI", {}).get(name, DEFAULTS[name])
        self.__dict__[name] = value
        return value

    @property
    def url_prefix(self) -> str:
        """Root-relative prefix of every resource URI, e.g. ``/api/v1/``."""
        return f"/api/{self.API_NAME}/"

    def reload(self) -> None:
        self.__dict__.clear()


engine_settings = EngineSettings()


def is_api_app(config: AppConfig) -> bool:
    """Whether an installed app opted in to /api/v1 (its models become resources)."""
    return bool(getattr(config, "publishes_api", False)) or config.label in engine_settings.API_APPS


def api_app_configs() -> list[AppConfig]:
    """The installed apps published under /api/v1 that have models, in installation order."""
    return [
        config
        for config in apps.get_app_configs()
        if is_api_app(config) and any(True for _ in config.get_models())
    ]


def _reload(*, setting: str, **kwargs: Any) -> None:
    if setting == "DTAPI":
        engine_settings.reload()


setting_changed.connect(_reload)
