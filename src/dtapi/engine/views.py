"""The /api/v1 views: top level, per app, list, detail, set and schema.

Each view is a small function returning wire data; :func:`endpoint` wraps it with what every
API response shares (method handling, errors, format negotiation, cache headers, ETag/304,
CORS, gzip).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest as DjangoBadRequest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.gzip import GZipMiddleware
from django.utils.log import log_response
from django.views.decorators.csrf import csrf_exempt

from dtapi.database.limits import configured_timeout, is_statement_timeout

from . import caching, cors, detail_cache, errors, queries, replay
from .conf import engine_settings
from .constants import ADVERTISED_METHODS
from .filtering import parse_constant
from .negotiation import HTML, content_type, determine_format, error_format
from .registry import registry
from .renderers import html, render
from .resources import ModelResource
from .schema import build_schema

Handler = Callable[..., Any]
_gzip = GZipMiddleware(lambda request: HttpResponse())
# Exceptions Django itself answers with a 404/403/400 (unknown resource, too many fields, ...):
# not server errors, so they pass through the catch-all.
_DJANGO_ANSWERS = (
    Http404,
    PermissionDenied,
    SuspiciousOperation,
    DjangoBadRequest,
    MultiPartParserError,
)


# -- the shared wrapper -----------------------------------------------------------------------


def endpoint(
    methods: tuple[str, ...] | None = ("get",),
    method_override: bool = False,
    csrf_protected: bool = False,
) -> Callable[[Handler], Callable[..., HttpResponse]]:
    """Make a view from ``handler(request, ...) -> wire data | HttpResponse``.

    ``methods`` are those advertised (``Allow``, OPTIONS); GET is served, other advertised
    methods are writes and answer 401 (the API is read-only), the rest 405. ``None``: any
    method is answered as GET is (the original's top levels do not look at the method).
    HEAD is answered as GET is, without the body (dtapi; the original answers 405).
    ``csrf_protected`` leaves unsafe methods to Django's CSRF check (403), as a plain view.
    """

    def decorate(handler: Handler) -> Callable[..., HttpResponse]:
        @wraps(handler)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            head = request.method == "HEAD"
            response = cors.preflight_response(request)
            if response is None:
                response = _serve(handler, methods, method_override, request, args, kwargs)
            response = cors.add_cors_headers(request, response)
            if engine_settings.GZIP:
                response = _gzip.process_response(request, response)
            if head:
                request.method = "HEAD"  # as it came: the server drops the body
            elif method_override and _override(request) == "HEAD":
                _drop_body(response)  # a GET that asked to be a HEAD: no body either
            return response

        return view if csrf_protected else csrf_exempt(view)

    return decorate


def _serve(
    handler: Handler,
    methods: tuple[str, ...] | None,
    method_override: bool,
    request: HttpRequest,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> HttpResponse:
    if method_override and "HTTP_X_HTTP_METHOD_OVERRIDE" in request.META:
        # As the original (tastypie) does: the request *becomes* that method (as sent, case
        # kept), so the caching headers and the conditional GET follow it.
        request.method = request.META["HTTP_X_HTTP_METHOD_OVERRIDE"]
    method = (request.method or "GET").lower()
    if method == "head":
        # dtapi: HEAD is answered as GET is, headers, ETag and 304 included; the body is not
        # sent (WSGI servers and Django's test client drop a HEAD answer's body). The view
        # gives the request its method back when the answer is made.
        request.method, method = "GET", "get"
    if methods is None:
        methods, method = ("get",), "get"
    allow = ",".join(name.upper() for name in methods)
    if method == "options" or method not in methods:
        response = HttpResponse(allow, status=200 if method == "options" else 405)
        response["Allow"] = allow
        return response
    if method != "get":
        return HttpResponse(status=401)
    try:
        response = html.form_redirect(request) or _result_response(
            request, handler(request, *args, **kwargs)
        )
    except errors.ApiError as exc:
        return caching.conditional(request, error_response(request, exc))
    except _DJANGO_ANSWERS:
        raise
    except Exception as exc:
        return _unexpected(request, exc)
    caching.add_vary(response)
    caching.add_cache_control(request, response)
    return caching.conditional(request, response)


def _override(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_X_HTTP_METHOD_OVERRIDE", "")).upper()


def _drop_body(response: HttpResponse) -> None:
    """The GET answer's headers, its ``Content-Length`` included, and no body."""
    if response.streaming or not response.content:
        return
    response["Content-Length"] = str(len(response.content))
    response.content = b""


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """An exception no view expected: the original's canned 500, logged, never a traceback."""
    if is_statement_timeout(exc):  # a query outside queries.run(), cancelled all the same
        timeout = errors.QueryTimeout(configured_timeout())
        return caching.conditional(request, error_response(request, timeout))
    if settings.DEBUG:
        raise exc  # Django's debug page, for the developer
    # As Django does for an exception it handles: the signal (error trackers listen), then the
    # "django.request" log record with the traceback (AdminEmailHandler mails it when set up).
    got_request_exception.send(sender=None, request=request)
    response = error_response(request, errors.InternalError())
    log_response(
        "Internal Server Error: %s", request.path, response=response, request=request, exception=exc
    )
    return response


def _body(request: HttpRequest, data: Any, mime: str) -> bytes:
    """``data`` in the negotiated format; an HTML page (the explorer) needs the request too."""
    if mime == HTML:
        return html.render(request, data)
    return render(data, mime)


def _response(body: bytes, mime: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type(mime), status=status)
    if mime == HTML:
        html.protect(response)
    return response


def _result_response(request: HttpRequest, result: Any) -> HttpResponse:
    if isinstance(result, HttpResponse):
        if result.status_code == 404 and not result.content and error_format(request) == HTML:
            # The original's empty 404 is a blank page in a browser: the explorer says what.
            body = html.render_error(request, 404, {"error": html.NOT_FOUND})
            return _response(body, HTML, 404)
        return result
    mime = determine_format(request)
    return _response(_body(request, result, mime), mime)


def error_response(request: HttpRequest, exc: errors.ApiError) -> HttpResponse:
    mime = error_format(request)
    if mime == HTML:
        body = html.render_error(request, exc.status, exc.body())
    else:
        body = render(exc.body(), mime)
    return _response(body, mime, exc.status)


def _resource(app_label: str, resource_name: str) -> ModelResource:
    resource = registry.get(app_label, resource_name)
    if resource is None:
        raise Http404(f"No resource {app_label}/{resource_name}")
    return resource


# -- views ------------------------------------------------------------------------------------


@endpoint(methods=None, csrf_protected=True)  # the original's is a plain Django view
def top_level(request: HttpRequest) -> dict[str, Any]:
    prefix = engine_settings.url_prefix
    return {label: {"list_endpoint": f"{prefix}{label}/"} for label in registry.app_labels()}


@endpoint(methods=None)
def app_top_level(request: HttpRequest, app_label: str) -> dict[str, Any] | HttpResponse:
    resources = registry.apps.get(app_label)
    if not resources:
        raise Http404(f"No API app {app_label}")
    try:
        determine_format(request)
    except errors.InvalidAcceptHeader:
        return HttpResponse(status=400)  # the original's answer here: empty, not an error body
    full = parse_constant(request.GET.get("fullschema", ""))
    return {
        name: {
            "list_endpoint": resource.list_uri,
            "schema": build_schema(resource, in_app_listing=True) if full else resource.schema_uri,
        }
        for name, resource in resources.items()
    }


@endpoint(ADVERTISED_METHODS, method_override=True)
def resource_list(request: HttpRequest, app_label: str, resource_name: str) -> Any:
    return queries.list_page(_resource(app_label, resource_name), request.GET)


@endpoint(ADVERTISED_METHODS, method_override=True)
def resource_detail(request: HttpRequest, app_label: str, resource_name: str, key: str) -> Any:
    resource = _resource(app_label, resource_name)
    entry = detail_cache.get(app_label, resource_name, key)
    if entry is None:
        try:
            obj = queries.detail_object(resource, key)
        except queries.NotFound:
            return HttpResponse(status=404)
        except queries.MultipleFound:
            return HttpResponse(errors.MULTIPLE_OBJECTS, status=300)
        entry = detail_cache.put(app_label, resource_name, key, obj)
    replay.offer(request.META, (app_label, resource_name, key), entry)
    return _detail_response(request, entry)


def _detail_response(request: HttpRequest, entry: detail_cache.Entry) -> HttpResponse:
    """The entry's body in the negotiated format, rendered and hashed once per format."""
    mime = determine_format(request)
    rendered = entry.bodies.get(mime)
    if rendered is None:
        body = _body(request, entry.obj, mime)
        rendered = entry.bodies[mime] = (body, caching.etag(body))
    response = _response(rendered[0], mime)
    response["ETag"] = rendered[1]
    return response


@endpoint()
def resource_set(request: HttpRequest, app_label: str, resource_name: str, keys: str) -> Any:
    return queries.object_set(_resource(app_label, resource_name), request.GET, keys.split(";"))


@endpoint()
def resource_schema(request: HttpRequest, app_label: str, resource_name: str) -> Any:
    return build_schema(_resource(app_label, resource_name))
