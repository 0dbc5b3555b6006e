"""CORS as the original configures django-cors-headers: any origin, GET/OPTIONS, for URLs
matching ``^(/api/.*|.*\\.json|.*/json/?)$``.

:class:`CorsMiddleware` applies it to the whole site (the engine's views included, and Django's
own answers such as slash redirects): the one place CORS headers are set.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

URLS = re.compile(r"^(/api/.*|.*\.json|.*/json/?)$")
ALLOW_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "user-agent",
    "x-csrftoken",
    "x-requested-with",
)
ALLOW_METHODS = ("GET", "OPTIONS")
PREFLIGHT_MAX_AGE = 86400


def applies(request: HttpRequest) -> bool:
    return bool(URLS.match(request.path_info))


def add_cors_headers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not applies(request):
        return response
    patch_vary_headers(response, ("origin",))
    if not request.headers.get("origin"):
        return response
    response["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response["Access-Control-Allow-Headers"] = ", ".join(ALLOW_HEADERS)
        response["Access-Control-Allow-Methods"] = ", ".join(ALLOW_METHODS)
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def preflight_response(request: HttpRequest) -> HttpResponse | None:
    """The answer to a CORS preflight request, or ``None`` if this is not one."""
    if (
        request.method == "OPTIONS"
        and "access-control-request-method" in request.headers
        and applies(request)
    ):
        response = HttpResponse()
        response["Content-Length"] = "0"
        return add_cors_headers(request, response)
    return None


class CorsMiddleware:
    replay_safe = True  # the headers depend on the path, the method and Origin only

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = preflight_response(request) or self.get_response(request)
        return add_cors_headers(request, response)
