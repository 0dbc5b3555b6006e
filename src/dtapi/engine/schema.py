"""The ``schema/`` document of a resource, in the original's shape."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone

from .conf import engine_settings
from .constants import ADVERTISED_METHODS
from .encoding import encode_any
from .fields import HELP_TEXTS
from .introspection import NO_DEFAULT, FieldSpec
from .renderers import JSON

if TYPE_CHECKING:
    from .resources import ModelResource

_RESOURCE_URI = {
    "blank": False,
    "default": NO_DEFAULT,
    "help_text": HELP_TEXTS["string"],
    "nullable": False,
    "primary_key": False,
    "readonly": True,
    "type": "string",
    "unique": False,
    "verbose_name": "resource uri",
}


def build_schema(resource: ModelResource, *, in_app_listing: bool = False) -> dict[str, Any]:
    """The schema of ``resource``; ``in_app_listing`` for ``/api/v1/<app>/?fullschema=true``,
    which the original renders with tastypie's stock serializer (see :func:`_default`)."""
    pk_name = resource.model._meta.pk.name
    fields = {
        name: _field(resource, spec, name == pk_name, in_app_listing)
        for name, spec in resource.fields.items()
    }
    fields["resource_uri"] = dict(_RESOURCE_URI)
    data: dict[str, Any] = {
        "allowed_detail_http_methods": list(ADVERTISED_METHODS),
        "allowed_list_http_methods": list(ADVERTISED_METHODS),
        "default_format": JSON,
        "default_limit": engine_settings.DEFAULT_LIMIT,
        "fields": fields,
    }
    if resource.allowed_ordering:
        data["ordering"] = list(resource.allowed_ordering)
    if resource.field_filtering:
        data["filtering"] = dict(resource.field_filtering)
    return data


def _default(value: Any, stock_serializer: bool = False) -> Any:
    if value is NOT_PROVIDED:
        return NO_DEFAULT
    if callable(value):
        value = value()
    if stock_serializer and isinstance(value, datetime.datetime):
        # tastypie's stock serializer: naive in TIME_ZONE, microseconds kept. Such defaults
        # are "now" (timezone.now), so only their form can match the original's.
        if timezone.is_aware(value):
            value = timezone.make_naive(value, timezone.get_default_timezone())
        return value.isoformat()
    return encode_any(value)


def _related_schema(resource: ModelResource, spec: FieldSpec) -> str:
    """The original's quirk: the schema URI is looked up under the *source* app, so a target
    in another app gets "" (unless that app has a resource of the same name)."""
    registry = resource.registry
    target = registry.for_model(spec.target)
    if target is None:
        return ""
    same_name = registry.get(resource.app_label, target.name)
    return same_name.schema_uri if same_name is not None else ""


def _field(
    resource: ModelResource, spec: FieldSpec, primary_key: bool, stock_serializer: bool
) -> dict[str, Any]:
    data = {
        "blank": spec.blank,
        "default": _default(spec.default, stock_serializer),
        "help_text": spec.help_text,
        "nullable": spec.nullable,
        "primary_key": primary_key,
        "readonly": False,
        "type": spec.type,
        "unique": spec.unique,
        "verbose_name": spec.verbose_name,
    }
    if spec.is_related:
        data["related_type"] = spec.kind
        data["related_schema"] = _related_schema(resource, spec)
    return data
