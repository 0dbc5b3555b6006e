"""Response headers for caches: ``Vary``, ``Cache-Control`` and the ETag of a body.

The ETag is Django's (quoted MD5 of the body). The detail cache and the OpenAPI document compute
it once per body and set it, so ``ConditionalGetMiddleware`` -- the one place that answers
``If-None-Match`` (304), and sets the ETag of every other GET answer -- finds it set and does not
hash again.
"""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

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
