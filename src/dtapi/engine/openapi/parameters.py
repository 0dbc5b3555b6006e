"""Query and path parameters: filters, ordering, detail and set keys.

Which filters a resource takes is :func:`filtering.allowed_lookups`, the engine's own rule; this
module only says what their values look like.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from ..constants import ALL_WITH_RELATIONS
from ..filtering import LOOKUP_SEP, allowed_lookups, lookup_field
from .common import INT64, Schema, query

if TYPE_CHECKING:
    from ..introspection import FieldSpec
    from ..resources import ModelResource

# Django makes dates of these (the ISO year's end is the next year's start): Python's range.
YEAR_BOUNDS = {"year": (1, 9999), "iso_year": (1, 9998)}


# Date/time transforms used as the last lookup: the value is compared with their result.
INTEGER_TRANSFORMS = {
    "year",
    "iso_year",
    "month",
    "day",
    "week",
    "week_day",
    "iso_week_day",
    "quarter",
    "hour",
    "minute",
    "second",
}


# -- filters ----------------------------------------------------------------------------------


def _base_value(field: Any) -> Schema:
    """The schema of a filter value compared with ``field`` (a concrete model field)."""
    while field.is_relation and getattr(field, "target_field", None) is not None:
        field = field.target_field  # a foreign key (or inherited pk) compares its target's value
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, models.IntegerField):  # auto fields too
        return dict(INT64)
    if isinstance(field, (models.FloatField, models.DecimalField)):
        return {"type": "number"}
    if isinstance(field, models.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(field, models.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, models.TimeField):
        return {"type": "string", "format": "time"}
    if isinstance(field, models.DurationField):
        return {"type": "string", "pattern": r"^\d{1,6}:[0-5]\d:[0-5]\d$"}  # hours:mm:ss
    return {"type": "string"}


def _lookup_value(base: Schema, lookup: str) -> tuple[Schema, dict[str, Any]]:
    """The schema of ``<field>__<lookup>``'s value, and the parameter's serialization."""
    if lookup == "isnull":
        return {"type": "boolean"}, {}
    if lookup in ("in", "range"):
        # Items are not read as constants (nor is a one-item list, which is one): a boolean
        # column takes Django's own spellings.
        item = base
        if base.get("type") == "boolean":
            item = {"enum": ["1", "0"]}
        elif base == {"type": "string"}:
            item = {"type": "string", "pattern": "^[^,]*$"}  # a comma would split it
        size = {"minItems": 1} if lookup == "in" else {"minItems": 2, "maxItems": 2}
        return {"type": "array", "items": item, **size}, {"explode": False}
    if lookup in YEAR_BOUNDS:
        low, high = YEAR_BOUNDS[lookup]
        return {"type": "integer", "minimum": low, "maximum": high}, {}
    if lookup in INTEGER_TRANSFORMS:
        return {"type": "integer"}, {}
    if lookup == "date":
        return {"type": "string", "format": "date"}, {}
    if lookup == "time":
        return {"type": "string", "format": "time"}, {}
    if lookup in ("regex", "iregex") and base.get("type") == "string":
        return {"type": "string", "format": "regex"}, {}
    # exact, the comparisons and the text lookups: Django converts the value to the field's
    # type first (so ``id__contains`` takes an integer).
    return dict(base), {}


def _filter_base(spec: FieldSpec, field: Any) -> Schema:
    if spec.kind == "to_many" and spec.target is not None:
        return _base_value(spec.target._meta.pk)  # compared with the related object's pk
    return _base_value(field)


def filter_parameters(resource: ModelResource) -> list[Schema]:
    parameters: list[Schema] = []
    for name in sorted(resource.field_filtering):
        lookups = allowed_lookups(resource, name)
        if lookups is None:
            continue
        spec = resource.fields[name]
        base = _filter_base(spec, lookup_field(resource, name))
        description = f"Filter on `{name}` (exact match; `none` matches null)."
        if spec.is_related and resource.field_filtering[name] == ALL_WITH_RELATIONS:
            target = resource.registry.for_model(spec.target)
            if target is not None:
                description += (
                    f" Continues into {target.app_label}/{target.name}: "
                    f"`{name}__<field>[__<lookup>]` with that resource's filters, e.g. "
                    f"`{name}__{_example_field(target)}`."
                )
        if "exact" in lookups:
            parameters.append(query(name, dict(base), description=description))
        for lookup in lookups:
            schema, style = _lookup_value(base, lookup)
            parameters.append(query(f"{name}{LOOKUP_SEP}{lookup}", schema, **style))
    return parameters


def _example_field(resource: ModelResource) -> str:
    """A field to show traversal with: a unique text field if any (``acronym``), else the key."""
    for name, spec in resource.fields.items():
        if spec.kind == "plain" and spec.type == "string" and spec.unique:
            if resource.field_filtering.get(name):
                return name
    return resource.detail_uri_name or resource.model._meta.pk.name


def ordering_parameters(resource: ModelResource) -> list[Schema]:
    allowed = resource.allowed_ordering
    if not allowed:
        return []
    values = [sign + name for name in allowed for sign in ("", "-")]
    schema = {"type": "array", "items": {"type": "string", "enum": values}, "minItems": 1}
    description = (
        "Sort order; `-` reverses. Repeat it for several keys; a related field may continue "
        "with `__<field>` (`meeting__number`)."
    )
    return [
        query("order_by", schema, description=description, explode=True),
        query("sort_by", dict(schema), description="Alias of `order_by`.", deprecated=True),
    ]


# -- keys -------------------------------------------------------------------------------------


def key_is_integer(resource: ModelResource) -> bool:
    field = resource.model._meta.get_field(resource.detail_uri_name or resource.model._meta.pk.name)
    return _base_value(field)["type"] == "integer"


# A string key never holds "/" (the URI would be another route) nor a line break (it matches
# no route), and is not a name the URLconf routes elsewhere or clients take as a dot segment.
_STRING_KEY = r"^(?!(schema|\.|\.\.)$)[^/\n]+$"


def key_schema(resource: ModelResource) -> Schema:
    if key_is_integer(resource):
        return dict(INT64)
    return {"type": "string", "pattern": _STRING_KEY}


def keys_schema(resource: ModelResource) -> Schema:
    if key_is_integer(resource):
        return {"type": "string", "pattern": r"^-?\d{1,18}(;-?\d{1,18})*$"}
    return {"type": "string", "pattern": r"^[^/\n]+$"}
