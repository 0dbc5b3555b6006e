"""What the parts of the OpenAPI document share: references, nullability, query parameters and
response bodies per format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..renderers import JSON, RENDERERS

if TYPE_CHECKING:
    from ..resources import ModelResource

Schema = dict[str, Any]

# Integer columns and keys are 64 bits at most (SQLite cannot even be asked about more).
INT64 = {"type": "integer", "format": "int64", "minimum": -(2**63), "maximum": 2**63 - 1}
OK = "OK"


def component(resource: ModelResource) -> str:
    return f"{resource.app_label}.{resource.name}"


def ref(name: str, kind: str = "schemas") -> Schema:
    return {"$ref": f"#/components/{kind}/{name}"}


def nullable(schema: Schema, is_nullable: bool) -> Schema:
    if is_nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


def query(name: str, schema: Schema, *, description: str = "", **extra: Any) -> Schema:
    parameter: Schema = {"name": name, "in": "query", "schema": schema}
    if description:
        parameter["description"] = description
    if schema.get("type") == "array":
        parameter["style"] = "form"
    parameter.update(extra)
    return parameter


def content(json_schema: Schema) -> Schema:
    """A response body per format: ``json_schema`` for JSON, a string in every other format."""
    return {
        media: {"schema": json_schema if media == JSON else {"type": "string"}}
        for media in RENDERERS
    }


def ok(schema: Schema, description: str = OK) -> Schema:
    return {"description": description, "content": content(schema)}


def bad_request() -> Schema:
    return ref("BadRequest", "responses")
