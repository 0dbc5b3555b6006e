"""Object schemas: exactly the keys and value shapes the plan writes.

A value's JSON Schema comes from the wire-type table (:data:`encoding.WIRE_TYPES`), the one that
also gives the plan its encoder, so a wire type's pattern is declared once, beside its encoder.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import models

from ..encoding import wire_type
from .common import Schema, nullable

if TYPE_CHECKING:
    from ..introspection import FieldSpec
    from ..registry import Registry
    from ..resources import ModelResource


def uri_pattern(list_uri: str) -> str:
    return f"^{re.escape(list_uri)}.+/$"


def _related_uri(registry: Registry, spec: FieldSpec, is_nullable: bool = False) -> Schema:
    """A related resource's URI; "" when the target has no resource (the original's quirk)."""
    target = registry.for_model(spec.target)
    if target is None:
        return {"enum": ["", None]} if is_nullable else {"const": ""}
    return nullable({"type": "string", "pattern": uri_pattern(target.list_uri)}, is_nullable)


def _is_file(spec: FieldSpec) -> bool:
    return isinstance(spec.model_field, models.FileField)


def value_schema(registry: Registry, spec: FieldSpec) -> Schema:
    """The JSON schema of one wire value, as plan.py and encoding.py produce it."""
    if spec.kind == "to_many":
        return {"type": "array", "items": _related_uri(registry, spec)}  # [] when none
    if spec.kind == "to_one":
        if spec.model_field is None:
            return {"type": "null"}  # declared on no model attribute: always null
        return _related_uri(registry, spec, spec.nullable)
    if spec.kind == "plain" and spec.column is None:
        return {"type": "null"}
    is_nullable = spec.nullable
    if _is_file(spec) or isinstance(spec.model_field, models.JSONField):
        is_nullable = True  # an empty file name is sent as null, so is a JSON null
    return nullable(dict(wire_type(spec.type).schema), is_nullable)


def object_schema(resource: ModelResource) -> Schema:
    properties: dict[str, Schema] = {}
    for name, spec in resource.fields.items():
        schema = value_schema(resource.registry, spec)
        if spec.help_text:
            schema["description"] = spec.help_text
        properties[name] = schema
    properties["resource_uri"] = {"type": "string", "pattern": uri_pattern(resource.list_uri)}
    return {
        "type": "object",
        "title": f"{resource.app_label}/{resource.name}",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }
