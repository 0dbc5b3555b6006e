"""The document's shared components: schemas, parameters and responses every operation uses."""

from __future__ import annotations

from ..conf import engine_settings
from ..constants import ALL, ALL_WITH_RELATIONS
from ..renderers import BY_NAME
from .common import Schema, content, ref


def shared_schemas() -> dict[str, Schema]:
    nullable_uri = {"type": ["string", "null"]}
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
        "FieldSchema": _field_schema(),
        "ResourceSchema": {
            "type": "object",
            "description": "A resource's `schema/` document, in tastypie's shape.",
            "properties": {
                "allowed_detail_http_methods": methods,
                "allowed_list_http_methods": methods,
                "default_format": {"type": "string"},
                "default_limit": {"type": "integer"},
                "fields": {"type": "object", "additionalProperties": ref("FieldSchema")},
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


def _field_schema() -> Schema:
    """A field of a resource's ``schema/`` document."""
    return {
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


def shared_parameters() -> dict[str, Schema]:
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
            "schema": {"type": "string", "enum": sorted(BY_NAME)},
        },
    }


def shared_responses() -> dict[str, Schema]:
    return {
        "BadRequest": {
            "description": "Invalid parameters: a filter, an ordering, a page or a format.",
            "content": content(ref("Error")),
        },
    }
