"""The /api/v1 views: top level, per app, list, detail, set and schema.

Each view is a small function returning wire data; :func:`endpoint` wraps it with what every
API response shares (method handling, errors, format negotiation, cache headers, ETag/304,
CORS, gzip).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.views.decorators.csrf import csrf_exempt

from . import caching, cors, detail_cache, errors, queries
from .conf import engine_settings
from .constants import ADVERTISED_METHODS
from .filtering import parse_constant
from .negotiation import content_type, determine_format, error_format
from .registry import registry
from .renderers import render
from .resources import ModelResource
from .schema import build_schema

Handler = Callable[..., Any]
_gzip = GZipMiddleware(lambda request: HttpResponse())


# -- the shared wrapper -----------------------------------------------------------------------


def endpoint(
    methods: tuple[str, ...] = ("get",), method_override: bool = False
) -> Callable[[Handler], Callable[..., HttpResponse]]:
    """Make a view from ``handler(request, ...) -> wire data | HttpResponse``.

    ``methods`` are those advertised (``Allow``, OPTIONS); GET is served, other advertised
    methods are writes and answer 401 (the API is read-only), the rest 405.
    """

    def decorate(handler: Handler) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(handler)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = cors.preflight_response(request)
            if response is None:
                response = _serve(handler, methods, method_override, request, args, kwargs)
            response = cors.add_cors_headers(request, response)
            if engine_settings.GZIP:
                response = _gzip.process_response(request, response)
            return response

        return view

    return decorate


def _serve(
    handler: Handler,
    methods: tuple[str, ...],
    method_override: bool,
    request: HttpRequest,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> HttpResponse:
    method = request.method or "GET"
    if method_override:
        method = request.META.get("HTTP_X_HTTP_METHOD_OVERRIDE", method)
    method = method.lower()
    allow = ",".join(name.upper() for name in methods)
    if method == "options" or method not in methods:
        response = HttpResponse(allow, status=200 if method == "options" else 405)
        response["Allow"] = allow
        return response
    if method != "get":
        return HttpResponse(status=401)
    try:
        response = _result_response(request, handler(request, *args, **kwargs))
    except errors.ApiError as exc:
        return caching.conditional(request, error_response(request, exc))
    caching.add_vary(response)
    caching.add_cache_control(request, response)
    return caching.conditional(request, response)


def _result_response(request: HttpRequest, result: Any) -> HttpResponse:
    if isinstance(result, HttpResponse):
        return result
    mime = determine_format(request)
    return HttpResponse(render(result, mime), content_type=content_type(mime))


def error_response(request: HttpRequest, exc: errors.ApiError) -> HttpResponse:
    mime = error_format(request)
    return HttpResponse(
        render(exc.body(), mime), content_type=content_type(mime), status=exc.status
    )


def _resource(app_label: str, resource_name: str) -> ModelResource:
    resource = registry.get(app_label, resource_name)
    if resource is None:
        raise Http404(f"No resource {app_label}/{resource_name}")
    return resource


# -- views ------------------------------------------------------------------------------------


@endpoint()
def top_level(request: HttpRequest) -> dict[str, Any]:
    prefix = engine_settings.url_prefix
    return {label: {"list_endpoint": f"{prefix}{label}/"} for label in registry.app_labels()}


@endpoint()
def app_top_level(request: HttpRequest, app_label: str) -> dict[str, Any]:
    resources = registry.apps.get(app_label)
    if not resources:
        raise Http404(f"No API app {app_label}")
    full = parse_constant(request.GET.get("fullschema", ""))
    return {
        name: {
            "list_endpoint": resource.list_uri,
            "schema": build_schema(resource) if full else resource.schema_uri,
        }
        for name, resource in resources.items()
    }


@endpoint(ADVERTISED_METHODS, method_override=True)
def resource_list(request: HttpRequest, app_label: str, resource_name: str) -> Any:
    return queries.list_page(_resource(app_label, resource_name), request.GET)


@endpoint(ADVERTISED_METHODS, method_override=True)
def resource_detail(request: HttpRequest, app_label: str, resource_name: str, key: str) -> Any:
    resource = _resource(app_label, resource_name)
    cached = detail_cache.get(app_label, resource_name, key)
    if cached is not None:
        return cached
    try:
        obj = queries.detail_object(resource, key)
    except queries.NotFound:
        return HttpResponse(status=404)
    except queries.MultipleFound:
        return HttpResponse(errors.MULTIPLE_OBJECTS, status=300)
    detail_cache.put(app_label, resource_name, key, obj)
    return obj


@endpoint()
def resource_set(request: HttpRequest, app_label: str, resource_name: str, keys: str) -> Any:
    return queries.object_set(_resource(app_label, resource_name), request.GET, keys.split(";"))


@endpoint()
def resource_schema(request: HttpRequest, app_label: str, resource_name: str) -> Any:
    return build_schema(_resource(app_label, resource_name))
