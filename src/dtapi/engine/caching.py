"""Response headers for caches: ``Vary``, ``Cache-Control``, ``ETag`` and conditional GET.

The ETag is Django's (quoted MD5 of the body), computed here once from the rendered body, so
``ConditionalGetMiddleware`` (if installed) finds it set and does not hash again.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from .conf import engine_settings


def add_vary(response: HttpResponse) -> None:
    patch_vary_headers(response, ("Accept",))


def add_cache_control(request: HttpRequest, response: HttpResponse) -> None:
    if request.method == "GET" and response.status_code == 200:
        age = engine_settings.CACHE_MAX_AGE
        patch_cache_control(response, max_age=age, s_maxage=age)


def etag(body: bytes) -> str:
    """Django's ETag for a body (as ``ConditionalGetMiddleware`` would set it)."""
    return f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'


def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Set the ETag of a GET response; answer 304 when ``If-None-Match`` has it."""
    if request.method != "GET" or response.streaming or not response.content:
        return response
    if not response.has_header("ETag"):
        response["ETag"] = etag(response.content)
    return get_conditional_response(request, etag=response["ETag"], response=response)
