"""The operations: the top level, each app's top level, and each resource's list, schema, set
and detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..conf import engine_settings
from .common import Schema, bad_request, component, content, ok, query, ref
from .parameters import filter_parameters, key_schema, keys_schema, ordering_parameters

if TYPE_CHECKING:
    from ..registry import Registry
    from ..resources import ModelResource


def top_level_operation(registry: Registry) -> Schema:
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
        "parameters": [ref("format", "parameters")],
        "responses": {"200": ok(schema), "400": bad_request()},
    }


def app_operation(label: str, resources: dict[str, ModelResource]) -> Schema:
    entries = {
        name: {
            "type": "object",
            "properties": {
                "list_endpoint": {"const": resource.list_uri},
                "schema": {"anyOf": [{"const": resource.schema_uri}, ref("ResourceSchema")]},
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
    fullschema = query(
        "fullschema",
        {"type": "boolean"},
        description="Embed each resource's schema document instead of its URI.",
    )
    return {
        "operationId": f"{label}_top_level",
        "summary": f"The resources of {label}",
        "tags": [label],
        "parameters": [fullschema, ref("format", "parameters")],
        "responses": {"200": ok(schema), "400": bad_request()},
    }


def resource_paths(resource: ModelResource) -> dict[str, Any]:
    base = resource.list_uri
    op = f"{resource.app_label}_{resource.name}"
    title = f"{resource.app_label}/{resource.name}"
    obj = ref(component(resource))
    tags = [resource.app_label]
    fmt = ref("format", "parameters")
    list_schema = {
        "type": "object",
        "properties": {"meta": ref("ListMeta"), "objects": {"type": "array", "items": obj}},
        "required": ["meta", "objects"],
        "additionalProperties": False,
    }
    page = [ref("limit", "parameters"), ref("offset", "parameters"), fmt]
    return {
        base: {
            "get": {
                "operationId": f"{op}_list",
                "summary": f"List {title}",
                "tags": tags,
                "parameters": page + ordering_parameters(resource) + filter_parameters(resource),
                "responses": {"200": ok(list_schema), "400": bad_request()},
            }
        },
        f"{base}schema/": {
            "get": {
                "operationId": f"{op}_schema",
                "summary": f"Schema of {title}",
                "tags": tags,
                "parameters": [fmt],
                "responses": {"200": ok(ref("ResourceSchema")), "400": bad_request()},
            }
        },
        f"{base}set/{{keys}}/": {"get": _set_operation(resource, op, title, obj)},
        f"{base}{{key}}/": {"get": _detail_operation(resource, op, title, obj)},
    }


def _set_operation(resource: ModelResource, op: str, title: str, obj: Schema) -> Schema:
    set_schema = {
        "type": "object",
        "properties": {
            "objects": {"type": "array", "items": obj},
            "not_found": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        },
        "required": ["objects"],
        "additionalProperties": False,
    }
    keys = {
        "name": "keys",
        "in": "path",
        "required": True,
        "description": f"`{resource.detail_attname}` values separated by `;`.",
        "schema": keys_schema(resource),
    }
    return {
        "operationId": f"{op}_set",
        "summary": f"Several {title} objects",
        "description": (
            "Objects in the order asked; keys not found are listed. The list "
            "operation's filters apply here too (not repeated, for size)."
        ),
        "tags": [resource.app_label],
        "parameters": [keys, ref("format", "parameters")],
        "responses": {
            "200": ok(set_schema),
            "400": bad_request(),
            "404": {
                "description": "Keys no route matches (a line break: Django's page).",
                "content": {"text/html": {"schema": {"type": "string"}}},
            },
        },
    }


def _detail_operation(resource: ModelResource, op: str, title: str, obj: Schema) -> Schema:
    key = {
        "name": "key",
        "in": "path",
        "required": True,
        "description": f"The object's `{resource.detail_attname}`.",
        "schema": key_schema(resource),
    }
    return {
        "operationId": f"{op}_detail",
        "summary": f"One {title} object",
        "tags": [resource.app_label],
        "parameters": [key, ref("format", "parameters")],
        "responses": {
            "200": ok(obj),
            "300": {
                "description": "More than one object has this key.",
                "content": {"text/html": {"schema": {"type": "string"}}},
            },
            "400": bad_request(),
            "404": {
                "description": (
                    "No such object (empty body), a key of the wrong type (canned "
                    "error), or a key no route matches (a line break: Django's page)."
                ),
                "content": {
                    **content(ref("CannedError")),
                    "text/html": {"schema": {"type": "string"}},
                },
            },
        },
    }
