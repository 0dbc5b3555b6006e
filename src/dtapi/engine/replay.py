"""Repeated detail GETs answered below Django, with the answer Django gave the first time.

A detail served from the detail cache costs the engine little; the request's trip through
Django (request object, the site's middleware, URL resolution, response object, signals)
costs more than that, and is most of what a client fetching the same people, groups and
documents again and again waits for. :class:`DetailReplay` wraps the WSGI application: when
Django has answered a GET from a detail-cache entry, it keeps the status line, the headers
and the body it sent, keyed by everything in the request that could change them (path, query
string, scheme, server, and every header but the connection's own); the same request again,
while that entry lives, gets them back without entering Django.

A replay is exactly as fresh as the detail cache: it is tied to its entry and dropped with it
(the TTL, a new data generation: see :mod:`dtapi.engine.freshness`). A middleware is not run
for a replayed request: ``dtapi.E003`` (checks.py) refuses one not declared safe with that. Only plain requests are kept:
GET without a cookie (sessions and CSRF tokens are per user), answered 200 without
``Set-Cookie``. Anything else (304, errors, lists) always goes through Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from . import detail_cache

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]

ENVIRON_KEY = detail_cache.REPLAY_OFFER
MAX_REPLAYS = 10_000
# Hop-by-hop headers: about this connection, not this request's answer.
_CONNECTION_HEADERS = frozenset({"HTTP_CONNECTION", "HTTP_KEEP_ALIVE"})
_SERVER_KEYS = (
    "PATH_INFO",
    "QUERY_STRING",
    "SCRIPT_NAME",
    "SERVER_NAME",
    "SERVER_PORT",
    "CONTENT_TYPE",
    "CONTENT_LENGTH",
)


class Replay:
    __slots__ = ("cache_key", "entry", "status", "headers", "body")

    def __init__(
        self,
        cache_key: tuple[str, str, str],
        entry: detail_cache.Entry,
        status: str,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> None:
        self.cache_key = cache_key
        self.entry = entry
        self.status = status
        self.headers = headers
        self.body = body

    def is_current(self) -> bool:
        return detail_cache.get(*self.cache_key) is self.entry


# Request signature -> replay, for every wrapped application of this process.
_replays: dict[tuple[Any, ...], Replay] = {}
detail_cache.on_clear(_replays.clear)


class DetailReplay:
    """WSGI middleware: ``application = DetailReplay(get_wsgi_application())``."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.replays = _replays

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "GET" or "HTTP_COOKIE" in environ:
            return self.app(environ, start_response)
        signature = _signature(environ)
        replay = self.replays.get(signature)
        if replay is not None:
            if replay.is_current():
                start_response(replay.status, list(replay.headers))
                return [replay.body]
            self.replays.pop(signature, None)
        sent: list[Any] = []

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.app(environ, keep)
        offered = environ.get(ENVIRON_KEY)
        if offered is None or not sent or not _replayable(*sent):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # Django's request_finished: connections are tidied as usual
        replay = Replay(*offered, sent[0], list(sent[1]), body)
        if not replay.is_current():  # the cache is off (TTL 0) or was emptied meanwhile
            return [body]
        if len(self.replays) >= MAX_REPLAYS:
            try:
                del self.replays[next(iter(self.replays))]  # the oldest kept
            except (StopIteration, KeyError, RuntimeError):  # emptied meanwhile
                pass
        self.replays[signature] = replay
        return [body]


def _signature(environ: Environ) -> tuple[Any, ...]:
    headers = sorted(
        (name, value)
        for name, value in environ.items()
        if name.startswith("HTTP_") and name not in _CONNECTION_HEADERS
    )
    return (
        environ.get("wsgi.url_scheme"),
        *(environ.get(key) for key in _SERVER_KEYS),
        *headers,
    )


def _replayable(status: str, headers: list[tuple[str, str]]) -> bool:
    return status.startswith("200 ") and not any(
        name.lower() == "set-cookie" for name, _ in headers
    )
