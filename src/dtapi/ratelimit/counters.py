"""Fixed-window counters shared by every worker and node, incremented atomically.

A policy allows ``limit`` events per ``window`` seconds for each subject (a client address, an
account). Windows are aligned on the clock (``time // window``), so the counter's key names its
window and never needs resetting. The store:

* the cache ``DTAPI["RATELIMIT_CACHE"]`` (default ``"default"``) when it is Redis (Django's
  ``RedisCache``, set up by ``DTAPI_REDIS_URL``) or Memcached: ``add`` then ``incr``, both atomic
  on the server;
* otherwise a table (:class:`~dtapi.ratelimit.models.Counter`) and one statement,
  ``INSERT ... ON CONFLICT DO UPDATE SET count = count + 1 RETURNING count``: atomic on SQLite
  and PostgreSQL alike, so ``make run``'s workers share it with no extra server.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import connection

from .models import Counter

_ATOMIC_CACHES = ("RedisCache", "PyMemcacheCache", "PyLibMCCache")


@dataclass(frozen=True)
class Policy:
    """``limit`` events per ``window`` seconds; ``name`` appears in the RateLimit headers."""

    name: str
    limit: int
    window: int


@dataclass(frozen=True)
class Count:
    """The subject's count in the current window, and the seconds until that window ends."""

    policy: Policy
    count: int
    reset: int

    @property
    def exceeded(self) -> bool:
        return self.count > self.policy.limit

    @property
    def remaining(self) -> int:
        return max(0, self.policy.limit - self.count)


def shared_cache() -> BaseCache | None:
    """The cache counters go to, if it increments atomically across processes."""
    alias = getattr(settings, "DTAPI", {}).get("RATELIMIT_CACHE", "default")
    cache = caches[alias]
    return cache if type(cache).__name__ in _ATOMIC_CACHES else None


def _key(policy: Policy, subject: str, window_index: int) -> str:
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    return f"dtapi:rl:{policy.name}:{digest}:{window_index}"


def hit(policy: Policy, subject: str) -> Count:
    """Count one event for ``subject``; the count including it."""
    now = time.time()
    window = max(1, int(policy.window))
    index = int(now // window)
    ends = (index + 1) * window
    reset = max(1, math.ceil(ends - now))
    key = _key(policy, subject, index)
    cache = shared_cache()
    if cache is not None:
        cache.add(key, 0, timeout=reset + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: a new window
            cache.add(key, 1, timeout=reset + 1)
            count = 1
    else:
        count = _hit_in_database(key, ends, now)
    return Count(policy, count, reset)


def _hit_in_database(key: str, expires: float, now: float) -> int:
    q = connection.ops.quote_name
    table, k, c, e = q(Counter._meta.db_table), q("key"), q("count"), q("expires")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({k}, {c}, {e}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({k}) DO UPDATE SET {c} = {table}.{c} + 1 RETURNING {c}",
            [key, expires],
        )
        count = cursor.fetchone()[0]
        if count == 1:
            # A new window: drop the counters of windows that have ended (an indexed range).
            cursor.execute(f"DELETE FROM {table} WHERE {e} < %s", [now])
    return count
