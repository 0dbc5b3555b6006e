"""Refuse, for a while, clients that keep presenting invalid API keys.

A fixed window per client address: the first failure opens a window of
``APIKEY_FAILURE_WINDOW`` seconds; once ``APIKEY_FAILURE_LIMIT`` failures are counted in it,
the client is refused (429, ``Retry-After``) until the window ends. Counts live in the cache
named by ``APIKEY_THROTTLE_CACHE``.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.core.cache import caches
from django.http import HttpRequest

from dtapi.accounts.conf import accounts_settings

__all__ = ["record_failure", "retry_after"]

_PREFIX = "dtapi:apikey-failures:"


def _client(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR") or "unknown"
    return _PREFIX + hashlib.sha256(address.encode()).hexdigest()[:32]


def retry_after(request: HttpRequest) -> int | None:
    """Seconds (at least 1) until the client may try again, or None if it is not refused."""
    cache = caches[accounts_settings.APIKEY_THROTTLE_CACHE]
    entry = cache.get(_client(request))
    if not entry:
        return None
    count, window_end = entry
    remaining = window_end - time.time()
    if count < accounts_settings.APIKEY_FAILURE_LIMIT or remaining <= 0:
        return None
    return max(1, math.ceil(remaining))


def record_failure(request: HttpRequest) -> None:
    """Count one invalid key presented by the client."""
    cache = caches[accounts_settings.APIKEY_THROTTLE_CACHE]
    key = _client(request)
    window = accounts_settings.APIKEY_FAILURE_WINDOW
    now = time.time()
    entry = cache.get(key)
    if entry and entry[1] > now:
        count, window_end = entry
    else:
        count, window_end = 0, now + window
    cache.set(key, (count + 1, window_end), timeout=max(1, math.ceil(window_end - now)))
