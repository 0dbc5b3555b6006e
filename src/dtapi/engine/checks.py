"""System checks: every model of every API app has a working resource.

dtapi.E001  a model of an API app has no resource
dtapi.E002  a resource's declarations do not fit its model (bad field, ordering, exclude, ...)
dtapi.E003  a middleware is not known to be safe with replayed detail answers (replay.py)
dtapi.E004  a middleware the engine relies on is not installed
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

from .conf import api_app_configs, engine_settings
from .registry import registry
from .resources import ModelResource


@checks.register("dtapi")
def check_resources(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    for config in api_app_configs():
        for model in config.get_models():
            resource = registry.for_model(model)
            if resource is None:
                messages.append(
                    checks.Error(
                        f"{model._meta.label} has no API resource.",
                        obj=model,
                        id="dtapi.E001",
                    )
                )
            else:
                messages.extend(_check_resource(resource))
    return messages


def _check_resource(resource: ModelResource) -> list[checks.CheckMessage]:
    problems: list[str] = []
    try:
        fields = resource.fields
        resource.plan  # noqa: B018 - compiling the plan validates relations and columns
    except Exception as exc:  # any failure is a configuration error to report
        return [_error(resource, f"cannot be built: {exc}")]
    for name in resource.excludes:
        if name not in fields and name not in {f.name for f in resource.model._meta.get_fields()}:
            problems.append(f"excludes unknown field {name!r}")
    for name in resource.allowed_ordering:
        if name not in fields:
            problems.append(f"allows ordering on unknown field {name!r}")
    for name in resource.field_filtering:
        if name not in fields:
            problems.append(f"allows filtering on unknown field {name!r}")
    return [_error(resource, problem) for problem in problems]


def _error(resource: ModelResource, problem: str) -> checks.CheckMessage:
    return checks.Error(f"{resource!r} {problem}.", obj=type(resource), id="dtapi.E002")


# The engine's answers get these from the site's middleware (views.py); nowhere else sets them.
REQUIRED_MIDDLEWARE = {
    "dtapi.engine.cors.CorsMiddleware": "CORS headers",
    "django.middleware.http.ConditionalGetMiddleware": "ETag and 304 answers",
    "dtapi.engine.middleware.ApiGZipMiddleware": "gzip",
}
# Middleware whose effect on a plain GET (no cookie) answered 200 depends only on what a
# replay keys on (the path, the query, the headers): skipping it for a replay changes nothing.
# A class can say so itself with ``replay_safe = True``; DTAPI["REPLAY_SAFE_MIDDLEWARE"] adds
# dotted paths.
REPLAY_SAFE = frozenset(
    {
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.http.ConditionalGetMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "django.middleware.gzip.GZipMiddleware",
        "simple_history.middleware.HistoryRequestMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",  # static files only
        "axes.middleware.AxesMiddleware",  # answers login lockouts only
        # dtapi's database middleware: they act on exceptions and routing, a replay has neither.
        "dtapi.database.middleware.StatementTimeoutMiddleware",
        "dtapi.database.routers.ReplicaRoutingMiddleware",
        "dtapi.database.availability.DatabaseUnavailableMiddleware",
    }
)


@checks.register("dtapi")
def check_middleware(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    installed = list(settings.MIDDLEWARE)
    messages: list[checks.CheckMessage] = [
        checks.Error(
            f"{path} is not in MIDDLEWARE: /api/v1 answers would have no {what}.",
            id="dtapi.E004",
        )
        for path, what in REQUIRED_MIDDLEWARE.items()
        if path not in installed
    ]
    safe = REPLAY_SAFE | set(engine_settings.REPLAY_SAFE_MIDDLEWARE)
    for path in installed:
        if path in safe or _declares_replay_safe(path):
            continue
        messages.append(
            checks.Error(
                f"{path} is not known to be safe with replayed detail answers: a repeated "
                "/api/v1 detail GET is answered below Django (dtapi.engine.replay), without it.",
                hint=(
                    "If its effect on a plain GET answered 200 depends only on the path, the "
                    "query and the headers, set replay_safe = True on the class or list it in "
                    'DTAPI["REPLAY_SAFE_MIDDLEWARE"]; otherwise do not serve dtapi.wsgi with '
                    "the replay."
                ),
                id="dtapi.E003",
            )
        )
    return messages


def _declares_replay_safe(path: str) -> bool:
    try:
        return bool(getattr(import_string(path), "replay_safe", False))
    except ImportError:
        return False  # Django's own check reports it
