"""The /api/v1 views: top level, per app, list, detail, set and schema.

Each view is a small function returning wire data; :func:`endpoint` wraps it with what every
API response shares (method handling, errors, format negotiation, cache headers). What the site
does for every answer is its middleware's, in one place each: CORS (``cors.CorsMiddleware``),
ETag and 304 (Django's ``ConditionalGetMiddleware``), gzip (``middleware.ApiGZipMiddleware``,
for the answers :func:`endpoint` marks); ``dtapi.E004`` checks they are installed.
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
from django.utils.cache import get_conditional_response
from django.utils.log import log_response
from django.views.decorators.csrf import csrf_exempt

from . import caching, detail_cache, errors, queries
from .conf import engine_settings
from .constants import ADVERTISED_METHODS
from .filtering import parse_constant
from .middleware import mark_for_gzip
from .negotiation import content_type, determine_format, error_format
from .registry import registry
from .renderers import HTML, html, render
from .resources import ModelResource
from .schema import build_schema

Handler = Callable[..., Any]
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
            html.bind(request)  # the explorer's pages are rendered for this request
            head = request.method == "HEAD"
            response = _serve(handler, methods, method_override, request, args, kwargs)
            if response.get("Content-Type", "").startswith(HTML) and error_format(request) == HTML:
                html.protect(response)
            if head:
                response = _as_head(request, response)
            elif method_override and _override(request) == "HEAD":
                _drop_body(response)  # a GET that asked to be a HEAD: no body either
            mark_for_gzip(response)
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
        # dtapi: HEAD is answered as GET is; the view gives the request its method back
        # with the answer (see _as_head), and the server sends no body.
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
        if exc.plain is None:
            return error_response(request, exc)
        # The original returns its bare answers (404, 300) as results: they vary as results do.
        response = error_response(request, exc)
    except _DJANGO_ANSWERS:
        raise
    except Exception as exc:
        return _unexpected(request, exc)
    caching.add_vary(response)
    caching.add_cache_control(request, response)
    return response


def _override(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_X_HTTP_METHOD_OVERRIDE", "")).upper()


def _as_head(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The GET answer's headers for a HEAD, its ETag and a 304 included: the site's conditional
    GET middleware leaves HEAD alone. WSGI servers (and Django's test client) drop the body."""
    if not response.streaming and response.content:
        if not response.has_header("ETag"):
            response["ETag"] = caching.etag(response.content)
        response = get_conditional_response(request, etag=response["ETag"], response=response)
    request.method = "HEAD"
    return response


def _drop_body(response: HttpResponse) -> None:
    """The GET answer's headers, its ``Content-Length`` included, and no body."""
    if response.streaming or not response.content:
        return
    response["Content-Length"] = str(len(response.content))
    response.content = b""


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """An exception no view expected: the original's canned 500, logged, never a traceback."""
    answer = errors.translate(exc)  # a query outside queries.run(), cancelled all the same
    if answer is not None:
        return error_response(request, answer)
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


def _result_response(request: HttpRequest, result: Any) -> HttpResponse:
    if isinstance(result, HttpResponse):
        return result
    mime = determine_format(request)
    return HttpResponse(render(result, mime), content_type=content_type(mime))


def error_response(request: HttpRequest, exc: errors.ApiError) -> HttpResponse:
    if exc.plain is not None:
        if exc.status == 404 and not exc.plain and error_format(request) == HTML:
            # The original's empty 404 is a blank page in a browser: the explorer says what.
            body = html.render_error(request, 404, {"error": html.NOT_FOUND})
            return HttpResponse(body, content_type=content_type(HTML), status=404)
        return HttpResponse(exc.plain, status=exc.status)
    mime = error_format(request)
    if mime == HTML:
        body = html.render_error(request, exc.status, exc.body())
    else:
        body = render(exc.body(), mime)
    return HttpResponse(
        body, content_type=content_type(mime), status=exc.status, headers=exc.headers or None
    )


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
def app_top_level(request: HttpRequest, app_label: str) -> dict[str, Any]:
    resources = registry.apps.get(app_label)
    if not resources:
        raise Http404(f"No API app {app_label}")
    try:
        determine_format(request)
    except errors.InvalidAcceptHeader:
        raise errors.BareBadRequest() from None  # the original's answer here: no error body
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
    return detail_cache.serve(request, _resource(app_label, resource_name), key)


@endpoint()
def resource_set(request: HttpRequest, app_label: str, resource_name: str, keys: str) -> Any:
    return queries.object_set(_resource(app_label, resource_name), request.GET, keys.split(";"))


@endpoint()
def resource_schema(request: HttpRequest, app_label: str, resource_name: str) -> Any:
    return build_schema(_resource(app_label, resource_name))
