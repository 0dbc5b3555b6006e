"""The database cannot be reached: answer 503 with ``Retry-After`` at once, and recover by itself.

A connection attempt fails fast (libpq ``connect_timeout``, ``DTAPI_DB_CONNECT_TIMEOUT``; a
refused connection fails at once), and Django drops a connection that failed at the end of the
request, so the first request after the server is back reconnects: no restart of dtapi is
needed. What the client sees while the database is away is a 503 with ``Retry-After`` and a
JSON body (the /api/v1 engine answers it in the negotiated format), not a 500 page.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from http import HTTPStatus

import orjson
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

# Seconds a client is asked to wait: about what a PostgreSQL restart or failover takes.
RETRY_AFTER = 5
# dtapi: the body's text.
UNAVAILABLE = "The database is unavailable. Please try again in %d seconds."

# SQLSTATEs that mean "no usable connection", not "this query failed": class 08 (connection
# exception) and the server going down or not up yet.
_CONNECTION_STATES = ("57P01", "57P02", "57P03")
_SQLITE_UNAVAILABLE = ("unable to open database file", "database is locked", "disk I/O error")


def is_database_unavailable(exc: BaseException) -> bool:
    """Whether a database error means the server cannot be reached (not a bad query)."""
    if isinstance(exc, InterfaceError):
        return True  # "connection already closed": the server dropped it
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        # The file cannot be opened or read, or a writer holds it past the busy timeout.
        return str(cause).startswith(_SQLITE_UNAVAILABLE)
    module = type(cause).__module__ if cause is not None else ""
    if not module.startswith(("psycopg", "psycopg2")):
        return False
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state is None:
        # psycopg raises connection failures (refused, reset, closed by the server) without a
        # SQLSTATE: nothing came from a server.
        return True
    return state.startswith("08") or state in _CONNECTION_STATES


def unavailable_headers() -> dict[str, str]:
    return {"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"}


def unavailable_response() -> HttpResponse:
    body = orjson.dumps({"error": UNAVAILABLE % RETRY_AFTER})
    response = HttpResponse(
        body, status=HTTPStatus.SERVICE_UNAVAILABLE, content_type="application/json"
    )
    for name, value in unavailable_headers().items():
        response[name] = value
    return response


class DatabaseUnavailableMiddleware:
    """A view that found the database unreachable answers 503 + ``Retry-After`` (JSON)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            return unavailable_response()
        return None
