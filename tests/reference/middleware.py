"""Middleware of the reference site: what the original's stack adds around tastypie.

* :class:`CorsMiddleware` -- django-cors-headers as the original configures it
  (``CORS_ORIGIN_ALLOW_ALL``, methods GET and OPTIONS, URLs ``^(/api/.*|.*\\.json|.*/json/?)$``),
  written from its documented behaviour;
* Django's ``ConditionalGetMiddleware`` (ETag, 304) is added by :data:`REFERENCE_MIDDLEWARE`;
* :class:`ReferenceUrlconfMiddleware` -- in tests, routes a request to the reference URLconf
  (so one process can serve both dtapi and the reference).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

CORS_URLS = re.compile(r"^(/api/.*|.*\.json|.*/json/?)$")
CORS_ALLOW_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "user-agent",
    "x-csrftoken",
    "x-requested-with",
)
CORS_ALLOW_METHODS = ("GET", "OPTIONS")
CORS_PREFLIGHT_MAX_AGE = 86400


class CorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        enabled = bool(CORS_URLS.match(request.path_info))
        if (
            enabled
            and request.method == "OPTIONS"
            and "access-control-request-method" in request.headers
        ):
            response = HttpResponse()
            response["Content-Length"] = "0"
        else:
            response = self.get_response(request)
        if not enabled:
            return response
        patch_vary_headers(response, ("origin",))
        if not request.headers.get("origin"):
            return response
        response["Access-Control-Allow-Origin"] = "*"
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Headers"] = ", ".join(CORS_ALLOW_HEADERS)
            response["Access-Control-Allow-Methods"] = ", ".join(CORS_ALLOW_METHODS)
            response["Access-Control-Max-Age"] = str(CORS_PREFLIGHT_MAX_AGE)
        return response


def _urlconf_middleware(urlconf: str) -> type:
    class Middleware:
        def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
            self.get_response = get_response

        def __call__(self, request: HttpRequest) -> HttpResponse:
            request.urlconf = urlconf
            return self.get_response(request)

    return Middleware


ReferenceUrlconfMiddleware = _urlconf_middleware("tests.reference.urls")
OptimizedUrlconfMiddleware = _urlconf_middleware("tests.reference.urls_optimized")


def reference_middleware(base: list[str] | None = None) -> list[str]:
    """The original's stack around dtapi's: CORS first, conditional GET, then the rest."""
    base = list(settings.MIDDLEWARE if base is None else base)
    extra = ["tests.reference.middleware.CorsMiddleware"]
    stack = extra + base
    if "django.middleware.http.ConditionalGetMiddleware" not in stack:
        index = stack.index("django.middleware.common.CommonMiddleware") + 1
        stack.insert(index, "django.middleware.http.ConditionalGetMiddleware")
    return stack
