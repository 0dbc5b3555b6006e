"""A per-process cache of detail objects (wire data), like the original's ``SimpleCache``.

The original (tastypie's ``cached_obj_get`` with ``SimpleCache``) keeps each detail object in
Django's cache for its default timeout, 300 s, under ``<app>:<resource>:detail:<key>``, and
serves it from there, stale, until it expires. dtapi does the same, with these choices:

* It caches the *wire data*, not the rendered body, so one entry serves JSON, XML and JSONP,
  and the response headers (``Vary``, ``Cache-Control``, ``ETag``, CORS, gzip) are computed per
  request as before. Only found objects are stored (404, 300 and 400 answers always query).
* It is a plain dict in this process (no pickling, unlike a Django cache backend), bounded to
  :data:`MAX_ENTRIES` (oldest inserted dropped first) and to ``DETAIL_CACHE_SECONDS`` per
  entry (default 300, the original's staleness bound and our ``Cache-Control: max-age``;
  0 turns the cache off).
* Any model write this process sees (``post_save``, ``post_delete``, ``m2m_changed``) empties
  it, so it is never stale after a write through the ORM in the same process; writes elsewhere
  (another worker, a management command, ``QuerySet.update``) are seen within the TTL, which
  is what the original guarantees too.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.signals import setting_changed
from django.db.models.signals import m2m_changed, post_delete, post_save

from .conf import engine_settings

MAX_ENTRIES = 10_000

_entries: dict[tuple[str, str, str], tuple[float, Any]] = {}


def get(app_label: str, resource_name: str, key: str) -> Any | None:
    entry = _entries.get((app_label, resource_name, key))
    if entry is None:
        return None
    if entry[0] <= time.monotonic():
        _entries.pop((app_label, resource_name, key), None)
        return None
    return entry[1]


def put(app_label: str, resource_name: str, key: str, obj: Any) -> None:
    ttl = engine_settings.DETAIL_CACHE_SECONDS
    if not ttl:
        return
    if len(_entries) >= MAX_ENTRIES:
        try:
            del _entries[next(iter(_entries))]
        except (StopIteration, KeyError, RuntimeError):  # emptied meanwhile
            pass
    _entries[(app_label, resource_name, key)] = (time.monotonic() + ttl, obj)


def clear(*args: Any, **kwargs: Any) -> None:
    _entries.clear()


post_save.connect(clear, dispatch_uid="dtapi.engine.detail_cache")
post_delete.connect(clear, dispatch_uid="dtapi.engine.detail_cache")
m2m_changed.connect(clear, dispatch_uid="dtapi.engine.detail_cache")
setting_changed.connect(clear, dispatch_uid="dtapi.engine.detail_cache")
