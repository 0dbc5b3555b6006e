"""System checks: every model of every API app has a working resource.

dtapi.E001  a model of an API app has no resource
dtapi.E002  a resource's declarations do not fit its model (bad field, ordering, exclude, ...)
"""

from __future__ import annotations

from typing import Any

from django.core import checks

from .registry import api_app_configs, registry
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
