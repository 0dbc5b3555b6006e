"""A per-process cache of detail objects (wire data), like the original's ``SimpleCache``.

The original (tastypie's ``cached_obj_get`` with ``SimpleCache``) keeps each detail object in
Django's cache for its default timeout, 300 s, under ``<app>:<resource>:detail:<key>``, and
serves it from there, stale, until it expires. dtapi does the same, with these choices:

* It caches the *wire data*, and beside it, per format once asked, the rendered body and its
  ETag, so a hit neither renders nor hashes; the other headers (``Vary``, ``Cache-Control``,
  CORS, gzip) are set per request as for any answer. Only found objects are stored (404, 300
  and 400 answers always query).
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
from collections.abc import Callable
from typing import Any

from django.core.signals import setting_changed
from django.db.models.signals import m2m_changed, post_delete, post_save

from .conf import engine_settings

MAX_ENTRIES = 10_000


class Entry:
    """A detail object's wire data, and its rendered bodies: MIME type -> (body, ETag)."""

    __slots__ = ("expires", "obj", "bodies")

    def __init__(self, obj: Any, expires: float) -> None:
        self.obj = obj
        self.expires = expires
        self.bodies: dict[str, tuple[bytes, str]] = {}


_entries: dict[tuple[str, str, str], Entry] = {}
_on_clear: list[Callable[[], None]] = []


def get(app_label: str, resource_name: str, key: str) -> Entry | None:
    entry = _entries.get((app_label, resource_name, key))
    if entry is None:
        return None
    if entry.expires <= time.monotonic():
        _entries.pop((app_label, resource_name, key), None)
        return None
    return entry


def put(app_label: str, resource_name: str, key: str, obj: Any) -> Entry:
    """Keep ``obj`` (unless the cache is off); the entry is returned either way."""
    ttl = engine_settings.DETAIL_CACHE_SECONDS
    entry = Entry(obj, time.monotonic() + ttl)
    if not ttl:
        return entry
    if len(_entries) >= MAX_ENTRIES:
        try:
            del _entries[next(iter(_entries))]
        except (StopIteration, KeyError, RuntimeError):  # emptied meanwhile
            pass
    _entries[(app_label, resource_name, key)] = entry
    return entry


def clear(*args: Any, **kwargs: Any) -> None:
    _entries.clear()
    for callback in _on_clear:
        callback()


def on_clear(callback: Callable[[], None]) -> None:
    """Call ``callback`` whenever the cache is emptied (what is kept beside its entries)."""
    _on_clear.append(callback)


post_save.connect(clear, dispatch_uid="dtapi.engine.detail_cache")
post_delete.connect(clear, dispatch_uid="dtapi.engine.detail_cache")
m2m_changed.connect(clear, dispatch_uid="dtapi.engine.detail_cache")
setting_changed.connect(clear, dispatch_uid="dtapi.engine.detail_cache")
