"""Detail answers, served from a per-process cache of detail objects (wire data).

:func:`serve` is the one path of a detail response: the lookup (cache, then database), the body
in the negotiated format, its ETag, and the offer to :mod:`replay` to answer the same request
again below Django. The view around it adds what every API answer shares (``Vary``,
``Cache-Control``); CORS, conditional GET and gzip are the site's middleware.

The original (tastypie's ``cached_obj_get`` with ``SimpleCache``) keeps each detail object in
Django's cache for its default timeout, 300 s, and serves it from there, stale, until it
expires. dtapi keeps the wire data the same way, with these choices:

* Beside the wire data, per format once asked, the rendered body and its ETag, so a hit neither
  renders nor hashes. Only found objects are stored (404, 300 and 400 answers always query).
* A plain dict in this process (no pickling), bounded to :data:`MAX_ENTRIES` (oldest inserted
  dropped first) and to ``DETAIL_CACHE_SECONDS`` per entry (default 300, our
  ``Cache-Control: max-age``; 0 turns the cache off).
* Fresher than the original: every entry belongs to a data generation
  (:mod:`dtapi.engine.freshness`) and the whole cache is dropped when it moves, so a write by
  this process is seen at once and a commit by any other process within
  ``FRESHNESS_SECONDS``. This is the engine's one invalidation mechanism; the replays and the
  OpenAPI document follow it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse

from . import caching, freshness, queries
from .conf import engine_settings
from .negotiation import content_type, determine_format
from .renderers import render

if TYPE_CHECKING:
    from .resources import ModelResource

MAX_ENTRIES = 10_000
# Where :func:`serve` leaves its offer in the WSGI environ for :class:`replay.DetailReplay`.
REPLAY_OFFER = "dtapi.engine.replay"
CacheKey = tuple[str, str, str]


class Entry:
    """A detail object's wire data, and its rendered bodies: media type -> (body, ETag)."""

    __slots__ = ("expires", "obj", "bodies")

    def __init__(self, obj: Any, expires: float) -> None:
        self.obj = obj
        self.expires = expires
        self.bodies: dict[str, tuple[bytes, str]] = {}

    def body(self, media_type: str) -> tuple[bytes, str]:
        """The body in ``media_type`` and its ETag, rendered and hashed once."""
        rendered = self.bodies.get(media_type)
        if rendered is None:
            body = render(self.obj, media_type)
            rendered = self.bodies[media_type] = (body, caching.etag(body))
        return rendered


_entries: dict[CacheKey, Entry] = {}
_generation: list[Any] = [None]  # the data generation the entries belong to
_on_clear: list[Callable[[], None]] = []


def serve(request: HttpRequest, resource: ModelResource, key: str) -> HttpResponse:
    """The detail answer for ``resource``/``key`` (raises :class:`errors.ApiError`)."""
    cache_key = (resource.app_label, resource.name, key)
    entry = get(*cache_key)
    if entry is None:
        entry = put(*cache_key, queries.detail_object(resource, key))
    media_type = determine_format(request)
    body, etag = entry.body(media_type)
    request.META[REPLAY_OFFER] = (cache_key, entry)
    response = HttpResponse(body, content_type=content_type(media_type))
    response["ETag"] = etag
    return response


def get(app_label: str, resource_name: str, key: str) -> Entry | None:
    """The current entry, or ``None`` (none kept, expired, or of an earlier generation)."""
    generation = freshness.current()
    if generation is not _generation[0]:  # a new token object whenever a part moved
        _entries.clear()
        _generation[0] = generation
        for callback in _on_clear:
            callback()
        return None
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


def clear() -> None:
    """Drop every entry (and with them every replay): the next requests query afresh."""
    freshness.generation.bump()


def on_clear(callback: Callable[[], None]) -> None:
    """Call ``callback`` whenever the entries are dropped (what is kept beside them)."""
    _on_clear.append(callback)
