"""The OpenAPI 3.1 description of /api/v1, derived from the registry (``GET /api/v1/openapi.json``).

Everything comes from what the engine already knows about each resource, from the module that
owns it: the object schemas from the field specs and the wire-type table (``values.py``,
``encoding.WIRE_TYPES``), one query parameter per filter ``<field>`` and ``<field>__<lookup>``
from :func:`filtering.allowed_lookups` (``parameters.py``), the ``order_by`` values from
``allowed_ordering``, the response bodies per format from the renderers' table
(``common.py``), the operations in ``paths.py`` and the shared components in
``components.py``. Traversal into related resources (``group__acronym=mars``) is described, not
enumerated: its combinations are unbounded.

The document is large (a few MB), so it is built on first request and kept, with its bytes and
ETag, until the settings change (the settings part of the data generation, freshness.py; the
registry does not change after start-up).
"""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse

import dtapi

from .. import caching, freshness
from ..conf import engine_settings
from ..encoding import WIRE_TYPES
from ..registry import Registry, registry
from ..renderers import JSON
from ..views import endpoint
from .common import Schema, component
from .components import shared_parameters, shared_responses, shared_schemas
from .paths import app_operation, resource_paths, top_level_operation
from .values import object_schema

OPENAPI_VERSION = "3.1.0"
# Wire formats, as encoding.py writes them (its table; named here for the tests and readers).
DATETIME_PATTERN = WIRE_TYPES["datetime"].schema["pattern"]
DATE_PATTERN = WIRE_TYPES["date"].schema["pattern"]
TIME_PATTERN = WIRE_TYPES["time"].schema["pattern"]
TIMEDELTA_PATTERN = WIRE_TYPES["timedelta"].schema["pattern"]

# -- the view -------------------------------------------------------------------------------

_payload_cache: dict[int, tuple[bytes, str]] = {}


def _payload() -> tuple[bytes, str]:
    generation = freshness.generation.settings
    payload = _payload_cache.get(generation)
    if payload is None:
        body = orjson.dumps(build_document(registry))
        payload = (body, caching.etag(body))
        _payload_cache.clear()
        _payload_cache[generation] = payload
    return payload


@endpoint()
def openapi_view(request: HttpRequest) -> HttpResponse:
    body, etag = _payload()
    response = HttpResponse(body, content_type=JSON)
    response["ETag"] = etag  # so ConditionalGetMiddleware does not hash megabytes
    return response


# -- the document ---------------------------------------------------------------------------


def build_document(registry: Registry = registry) -> dict[str, Any]:
    """The whole OpenAPI document (a fresh dict; :func:`_payload` keeps the serialized one)."""
    prefix = engine_settings.url_prefix
    paths: dict[str, Any] = {prefix: {"get": top_level_operation(registry)}}
    schemas: dict[str, Schema] = dict(shared_schemas())
    for label in registry.app_labels():
        resources = registry.apps[label]
        paths[f"{prefix}{label}/"] = {"get": app_operation(label, resources)}
        for resource in resources.values():
            schemas[component(resource)] = object_schema(resource)
            paths.update(resource_paths(resource))
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
            "parameters": shared_parameters(),
            "responses": shared_responses(),
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
