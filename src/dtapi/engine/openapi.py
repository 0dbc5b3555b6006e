"""The OpenAPI 3.1 description of /api/v1, derived from the registry (``GET /api/v1/openapi.json``).

Everything comes from what the engine already knows about each resource: its field specs give
the object schema (exactly the keys and value shapes the plan writes), ``field_filtering`` and
the Django fields' lookups give one query parameter per filter ``<field>`` and
``<field>__<lookup>``, ``allowed_ordering`` the ``order_by`` values, the detail key's model
field the type of ``{key}``. Traversal into related resources (``group__acronym=mars``) is
described, not enumerated: its combinations are unbounded.

The document is large (a few MB), so it is built on first request and kept, with its bytes
and ETag, for the life of the process (the registry does not change after start-up).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

import orjson
from django.core.exceptions import FieldDoesNotExist
from django.core.signals import setting_changed
from django.db import models
from django.http import HttpRequest, HttpResponse

import dtapi

from . import caching
from .conf import engine_settings
from .constants import ALL, ALL_WITH_RELATIONS
from .filtering import LOOKUP_SEP
from .negotiation import FORMATS, HTML, JSON, XML
from .registry import registry
from .views import endpoint

if TYPE_CHECKING:
    from .introspection import FieldSpec
    from .resources import ModelResource

Schema = dict[str, Any]

OPENAPI_VERSION = "3.1.0"

# Wire formats, exactly as encoding.py writes them.
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIME_PATTERN = r"^\d{2}:\d{2}:\d{2}(\.\d{6})?$"
TIMEDELTA_PATTERN = r"^(-?\d+ days?, )?\d{1,2}:\d{2}:\d{2}(\.\d{6})?$"

# Lookups a relation (forward or reverse foreign key, many-to-many) accepts on itself; Django
# rejects the others ("Unsupported lookup ... for ForeignKey") even where get_lookups() has them.
RELATION_LOOKUPS = ("exact", "in", "gt", "gte", "lt", "lte", "isnull")
# Lookups that compare text: meaningless on a boolean (PostgreSQL refuses them).
TEXT_LOOKUPS = {
    "iexact",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "regex",
    "iregex",
}
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

# Integer columns and keys are 64 bits at most (SQLite cannot even be asked about more).
_INT64 = {"type": "integer", "format": "int64", "minimum": -(2**63), "maximum": 2**63 - 1}
_OK = "OK"


# -- the view -------------------------------------------------------------------------------


@cache
def _payload() -> tuple[bytes, str]:
    body = orjson.dumps(build_document())
    return body, caching.etag(body)


@endpoint()
def openapi_view(request: HttpRequest) -> HttpResponse:
    body, etag = _payload()
    response = HttpResponse(body, content_type=JSON)
    response["ETag"] = etag  # so caching.conditional does not hash megabytes per request
    return response


def _reset(*, setting: str, **kwargs: Any) -> None:
    if setting == "DTAPI":
        _payload.cache_clear()


setting_changed.connect(_reset)


# -- the document ---------------------------------------------------------------------------


def build_document() -> dict[str, Any]:
    """The whole OpenAPI document (a fresh dict; :func:`_payload` keeps the serialized one)."""
    prefix = engine_settings.url_prefix
    paths: dict[str, Any] = {prefix: {"get": _top_level_operation()}}
    schemas: dict[str, Schema] = dict(_shared_schemas())
    for label in registry.app_labels():
        resources = registry.apps[label]
        paths[f"{prefix}{label}/"] = {"get": _app_operation(label, resources)}
        for resource in resources.values():
            schemas[_component(resource)] = object_schema(resource)
            paths.update(_resource_paths(resource))
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": f"dtapi /api/{engine_settings.API_NAME}",
            "version": dtapi.__version__,
            "description": _INFO_DESCRIPTION,
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": label} for label in registry.app_labels()],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": _shared_parameters(),
            "responses": _shared_responses(),
        },
    }


_INFO_DESCRIPTION = (
    "The read-only, tastypie-compatible API of the IETF Datatracker data. Every resource has "
    "a list, a detail, a set and a schema operation; lists are filtered by query parameters "
    "`<field>` and `<field>__<lookup>`, and a relation's filter may continue into the related "
    "resource (`group__acronym=mars`, `states__type__slug__in=draft-iesg`), with that "
    "resource's filters. Values `true`/`True`, `false`/`False` and `none`/`None`/`nil` are "
    "the constants. Writes (POST, PUT, PATCH, DELETE) answer 401."
)


def _component(resource: ModelResource) -> str:
    return f"{resource.app_label}.{resource.name}"


def _ref(name: str, kind: str = "schemas") -> Schema:
    return {"$ref": f"#/components/{kind}/{name}"}


def _nullable(schema: Schema, nullable: bool) -> Schema:
    if nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


# -- object schemas -----------------------------------------------------------------------


def _uri_pattern(list_uri: str) -> str:
    return f"^{re.escape(list_uri)}.+/$"


def _related_uri(spec: FieldSpec, nullable: bool = False) -> Schema:
    """A related resource's URI; "" when the target has no resource (the original's quirk)."""
    target = registry.for_model(spec.target)
    if target is None:
        return {"enum": ["", None]} if nullable else {"const": ""}
    return _nullable({"type": "string", "pattern": _uri_pattern(target.list_uri)}, nullable)


def _is_file(spec: FieldSpec) -> bool:
    return isinstance(spec.model_field, models.FileField)


def value_schema(spec: FieldSpec) -> Schema:
    """The JSON schema of one wire value, as plan.py and encoding.py produce it."""
    if spec.kind == "to_many":
        return {"type": "array", "items": _related_uri(spec)}  # [] when none, never null
    if spec.kind == "to_one":
        if spec.model_field is None:
            return {"type": "null"}  # declared on no model attribute: always null
        return _related_uri(spec, spec.nullable)
    if spec.kind == "plain" and spec.column is None:
        return {"type": "null"}
    nullable = spec.nullable
    if _is_file(spec) or isinstance(spec.model_field, models.JSONField):
        nullable = True  # an empty file name is sent as null, so is a JSON null
    schema: Schema
    if spec.type == "integer":
        schema = {"type": "integer"}
    elif spec.type == "float":
        schema = {"type": "number"}
    elif spec.type == "boolean":
        schema = {"type": "boolean"}
    elif spec.type == "datetime":
        schema = {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}
    elif spec.type == "date":
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif spec.type == "time":
        schema = {"type": "string", "pattern": TIME_PATTERN}
    elif spec.type == "timedelta":
        schema = {"type": "string", "pattern": TIMEDELTA_PATTERN}
    else:  # string, decimal (sent as text), and anything sent as str(value)
        schema = {"type": "string"}
    return _nullable(schema, nullable)


def object_schema(resource: ModelResource) -> Schema:
    properties: dict[str, Schema] = {}
    for name, spec in resource.fields.items():
        schema = value_schema(spec)
        if spec.help_text:
            schema["description"] = spec.help_text
        properties[name] = schema
    properties["resource_uri"] = {"type": "string", "pattern": _uri_pattern(resource.list_uri)}
    return {
        "type": "object",
        "title": f"{resource.app_label}/{resource.name}",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }


def _shared_schemas() -> dict[str, Schema]:
    nullable_uri = {"type": ["string", "null"]}
    field_schema = {
        "type": "object",
        "properties": {
            "blank": {"type": "boolean"},
            "default": {},
            "help_text": {"type": "string"},
            "nullable": {"type": "boolean"},
            "primary_key": {"type": "boolean"},
            "readonly": {"type": "boolean"},
            "type": {"type": "string"},
            "unique": {"type": "boolean"},
            "verbose_name": {"type": "string"},
            "related_type": {"enum": ["to_one", "to_many"]},
            "related_schema": {"type": "string"},
        },
        "required": [
            "blank",
            "default",
            "help_text",
            "nullable",
            "primary_key",
            "readonly",
            "type",
            "unique",
            "verbose_name",
        ],
        "additionalProperties": False,
    }
    methods = {"type": "array", "items": {"type": "string"}}
    return {
        "ListMeta": {
            "type": "object",
            "properties": {
                "limit": {"type": "integer", "minimum": 0},
                "next": nullable_uri,
                "offset": {"type": "integer", "minimum": 0},
                "previous": nullable_uri,
                "total_count": {"type": "integer", "minimum": 0},
            },
            "required": ["limit", "next", "offset", "previous", "total_count"],
            "additionalProperties": False,
        },
        "Error": {
            "type": "object",
            "description": "A request the server will not answer (400).",
            "properties": {"error": {"type": "string"}},
            "required": ["error"],
            "additionalProperties": False,
        },
        "CannedError": {
            "type": "object",
            "description": "A detail key of the wrong type for the resource (404).",
            "properties": {"error_message": {"type": "string"}},
            "required": ["error_message"],
            "additionalProperties": False,
        },
        "FieldSchema": field_schema,
        "ResourceSchema": {
            "type": "object",
            "description": "A resource's `schema/` document, in tastypie's shape.",
            "properties": {
                "allowed_detail_http_methods": methods,
                "allowed_list_http_methods": methods,
                "default_format": {"type": "string"},
                "default_limit": {"type": "integer"},
                "fields": {"type": "object", "additionalProperties": _ref("FieldSchema")},
                "ordering": {"type": "array", "items": {"type": "string"}},
                "filtering": {
                    "type": "object",
                    "additionalProperties": {
                        "anyOf": [
                            {"enum": [ALL, ALL_WITH_RELATIONS]},
                            {"type": "array", "items": {"type": "string"}},
                        ]
                    },
                },
            },
            "required": [
                "allowed_detail_http_methods",
                "allowed_list_http_methods",
                "default_format",
                "default_limit",
                "fields",
            ],
            "additionalProperties": False,
        },
    }


# -- parameters -----------------------------------------------------------------------------


def _shared_parameters() -> dict[str, Schema]:
    max_limit = engine_settings.MAX_LIMIT
    return {
        "limit": {
            "name": "limit",
            "in": "query",
            "description": (
                f"Page size (default {engine_settings.DEFAULT_LIMIT}); 0 or more than "
                f"{max_limit} means {max_limit}."
            ),
            "schema": {"type": "integer", "minimum": 0},
        },
        "offset": {
            "name": "offset",
            "in": "query",
            "description": "Index of the first object of the page.",
            "schema": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
        },
        "format": {
            "name": "format",
            "in": "query",
            "description": (
                "Response format. Other values are ignored: the Accept header decides, then JSON."
            ),
            "schema": {"type": "string", "enum": sorted(FORMATS)},
        },
    }


def _base_value(field: Any) -> Schema:
    """The schema of a filter value compared with ``field`` (a concrete model field)."""
    while field.is_relation and getattr(field, "target_field", None) is not None:
        field = field.target_field  # a foreign key (or inherited pk) compares its target's value
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, models.IntegerField):  # auto fields too
        return dict(_INT64)
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


def filter_lookups(resource: ModelResource, name: str) -> list[str] | None:
    """The lookups ``name`` accepts as ``name__<lookup>``, or ``None`` if it cannot be
    filtered at all (mirrors :func:`filtering.check_filtering` and ``build_filters``)."""
    spec = resource.fields.get(name)
    level = resource.field_filtering.get(name)
    if spec is None or not level or spec.attribute is None:
        return None
    field = _model_field(resource, spec)
    if field is None:
        return None
    lookups = set(field.get_lookups())
    if spec.is_related:
        lookups &= set(RELATION_LOOKUPS)
    elif isinstance(field, models.BinaryField):
        lookups = {"isnull"}  # bytes cannot be given in a query string
    elif isinstance(field, models.BooleanField):
        lookups -= TEXT_LOOKUPS
    if level not in (ALL, ALL_WITH_RELATIONS):
        lookups &= set(level)
    return sorted(lookups)


def _model_field(resource: ModelResource, spec: FieldSpec) -> Any:
    """The Django field ``build_filters`` asks for lookups (a reverse relation: its foreign
    key), or ``None`` when the attribute is not a model field (then filtering answers 400)."""
    assert spec.attribute is not None
    try:
        field = resource.model._meta.get_field(spec.attribute)
    except FieldDoesNotExist:
        return None
    return getattr(field, "field", field)


def _filter_base(resource: ModelResource, spec: FieldSpec, field: Any) -> Schema:
    if spec.kind == "to_many" and spec.target is not None:
        return _base_value(spec.target._meta.pk)  # compared with the related object's pk
    return _base_value(field)


def filter_parameters(resource: ModelResource) -> list[Schema]:
    parameters: list[Schema] = []
    for name in sorted(resource.field_filtering):
        lookups = filter_lookups(resource, name)
        if lookups is None:
            continue
        spec = resource.fields[name]
        base = _filter_base(resource, spec, _model_field(resource, spec))
        description = f"Filter on `{name}` (exact match; `none` matches null)."
        if spec.is_related and resource.field_filtering[name] == ALL_WITH_RELATIONS:
            target = registry.for_model(spec.target)
            if target is not None:
                description += (
                    f" Continues into {target.app_label}/{target.name}: "
                    f"`{name}__<field>[__<lookup>]` with that resource's filters, e.g. "
                    f"`{name}__{_example_field(target)}`."
                )
        if "exact" in lookups:
            parameters.append(_query(name, dict(base), description=description))
        for lookup in lookups:
            schema, style = _lookup_value(base, lookup)
            parameters.append(_query(f"{name}{LOOKUP_SEP}{lookup}", schema, **style))
    return parameters


def _example_field(resource: ModelResource) -> str:
    """A field to show traversal with: a unique text field if any (``acronym``), else the key."""
    for name, spec in resource.fields.items():
        if spec.kind == "plain" and spec.type == "string" and spec.unique:
            if resource.field_filtering.get(name):
                return name
    return resource.detail_uri_name or resource.model._meta.pk.name


def _query(name: str, schema: Schema, *, description: str = "", **extra: Any) -> Schema:
    parameter: Schema = {"name": name, "in": "query", "schema": schema}
    if description:
        parameter["description"] = description
    if schema.get("type") == "array":
        parameter["style"] = "form"
    parameter.update(extra)
    return parameter


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
        _query("order_by", schema, description=description, explode=True),
        _query("sort_by", dict(schema), description="Alias of `order_by`.", deprecated=True),
    ]


# -- keys -----------------------------------------------------------------------------------


def key_is_integer(resource: ModelResource) -> bool:
    field = resource.model._meta.get_field(resource.detail_uri_name or resource.model._meta.pk.name)
    return _base_value(field)["type"] == "integer"


# A string key never holds "/" (the URI would be another route) nor a line break (it matches
# no route), and is not a name the URLconf routes elsewhere or clients take as a dot segment.
_STRING_KEY = r"^(?!(schema|\.|\.\.)$)[^/\n]+$"


def _key_schema(resource: ModelResource) -> Schema:
    if key_is_integer(resource):
        return dict(_INT64)
    return {"type": "string", "pattern": _STRING_KEY}


def _keys_schema(resource: ModelResource) -> Schema:
    if key_is_integer(resource):
        return {"type": "string", "pattern": r"^-?\d{1,18}(;-?\d{1,18})*$"}
    return {"type": "string", "pattern": r"^[^/\n]+$"}


# -- responses ------------------------------------------------------------------------------


def _shared_responses() -> dict[str, Schema]:
    return {
        "BadRequest": {
            "description": "Invalid parameters: a filter, an ordering, a page or a format.",
            "content": {
                JSON: {"schema": _ref("Error")},
                XML: {"schema": {"type": "string"}},
                HTML: {"schema": {"type": "string"}},
            },
        },
    }


def _ok(schema: Schema, description: str = _OK) -> Schema:
    return {
        "description": description,
        "content": {
            JSON: {"schema": schema},
            XML: {"schema": {"type": "string"}},
            HTML: {"schema": {"type": "string"}},  # the explorer's page of the same answer
        },
    }


def _bad_request() -> Schema:
    return _ref("BadRequest", "responses")


# -- operations -----------------------------------------------------------------------------


def _top_level_operation() -> Schema:
    prefix = engine_settings.url_prefix
    labels = registry.app_labels()
    entry = {
        label: {
            "type": "object",
            "properties": {"list_endpoint": {"const": f"{prefix}{label}/"}},
            "required": ["list_endpoint"],
            "additionalProperties": False,
        }
        for label in labels
    }
    schema = {
        "type": "object",
        "properties": entry,
        "required": labels,
        "additionalProperties": False,
    }
    return {
        "operationId": "top_level",
        "summary": "The API's apps",
        "parameters": [_ref("format", "parameters")],
        "responses": {"200": _ok(schema), "400": _bad_request()},
    }


def _app_operation(label: str, resources: dict[str, ModelResource]) -> Schema:
    entries = {
        name: {
            "type": "object",
            "properties": {
                "list_endpoint": {"const": resource.list_uri},
                "schema": {"anyOf": [{"const": resource.schema_uri}, _ref("ResourceSchema")]},
            },
            "required": ["list_endpoint", "schema"],
            "additionalProperties": False,
        }
        for name, resource in resources.items()
    }
    schema = {
        "type": "object",
        "properties": entries,
        "required": sorted(entries),
        "additionalProperties": False,
    }
    fullschema = _query(
        "fullschema",
        {"type": "boolean"},
        description="Embed each resource's schema document instead of its URI.",
    )
    return {
        "operationId": f"{label}_top_level",
        "summary": f"The resources of {label}",
        "tags": [label],
        "parameters": [fullschema, _ref("format", "parameters")],
        "responses": {"200": _ok(schema), "400": _bad_request()},
    }


def _resource_paths(resource: ModelResource) -> dict[str, Any]:
    base = resource.list_uri
    op = f"{resource.app_label}_{resource.name}"
    title = f"{resource.app_label}/{resource.name}"
    obj = _ref(_component(resource))
    tags = [resource.app_label]
    fmt = _ref("format", "parameters")
    list_schema = {
        "type": "object",
        "properties": {"meta": _ref("ListMeta"), "objects": {"type": "array", "items": obj}},
        "required": ["meta", "objects"],
        "additionalProperties": False,
    }
    set_schema = {
        "type": "object",
        "properties": {
            "objects": {"type": "array", "items": obj},
            "not_found": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        },
        "required": ["objects"],
        "additionalProperties": False,
    }
    key = {
        "name": "key",
        "in": "path",
        "required": True,
        "description": f"The object's `{resource.detail_attname}`.",
        "schema": _key_schema(resource),
    }
    keys = {
        "name": "keys",
        "in": "path",
        "required": True,
        "description": f"`{resource.detail_attname}` values separated by `;`.",
        "schema": _keys_schema(resource),
    }
    page = [_ref("limit", "parameters"), _ref("offset", "parameters"), fmt]
    return {
        base: {
            "get": {
                "operationId": f"{op}_list",
                "summary": f"List {title}",
                "tags": tags,
                "parameters": page + ordering_parameters(resource) + filter_parameters(resource),
                "responses": {"200": _ok(list_schema), "400": _bad_request()},
            }
        },
        f"{base}schema/": {
            "get": {
                "operationId": f"{op}_schema",
                "summary": f"Schema of {title}",
                "tags": tags,
                "parameters": [fmt],
                "responses": {"200": _ok(_ref("ResourceSchema")), "400": _bad_request()},
            }
        },
        f"{base}set/{{keys}}/": {
            "get": {
                "operationId": f"{op}_set",
                "summary": f"Several {title} objects",
                "description": (
                    "Objects in the order asked; keys not found are listed. The list "
                    "operation's filters apply here too (not repeated, for size)."
                ),
                "tags": tags,
                "parameters": [keys, fmt],
                "responses": {
                    "200": _ok(set_schema),
                    "400": _bad_request(),
                    "404": {
                        "description": "Keys no route matches (a line break: Django's page).",
                        "content": {"text/html": {"schema": {"type": "string"}}},
                    },
                },
            }
        },
        f"{base}{{key}}/": {
            "get": {
                "operationId": f"{op}_detail",
                "summary": f"One {title} object",
                "tags": tags,
                "parameters": [key, fmt],
                "responses": {
                    "200": _ok(obj),
                    "300": {
                        "description": "More than one object has this key.",
                        "content": {"text/html": {"schema": {"type": "string"}}},
                    },
                    "400": _bad_request(),
                    "404": {
                        "description": (
                            "No such object (empty body), a key of the wrong type (canned "
                            "error), or a key no route matches (a line break: Django's page)."
                        ),
                        "content": {
                            JSON: {"schema": _ref("CannedError")},
                            XML: {"schema": {"type": "string"}},
                            "text/html": {"schema": {"type": "string"}},
                        },
                    },
                },
            }
        },
    }
