"""Read replicas: a request's reads go to a replica, its writes (and what follows them) to the
primary.

``DATABASE_REPLICA_URLS`` (comma-separated database URLs) adds the aliases ``replica1``,
``replica2``, ... beside ``default`` (the primary); ``settings.DTAPI_DATABASE_REPLICAS`` lists
them. :class:`ReplicaRouter` decides per query, :class:`ReplicaRoutingMiddleware` opens the
scope in which replicas may be used at all:

* Only inside a request with a safe method (GET, HEAD, OPTIONS). Everything else — a POST, a
  management command, ``dtapi worker``, a loader, the tests' own setup — reads from the primary,
  so that read-modify-write code, the task queue's claims (``SELECT ... FOR UPDATE`` inside a
  transaction) and migrations never see a replica.
* Within such a request, the first write (any ``db_for_write``) or an open transaction on the
  primary pins the rest of the request to the primary: it reads what it wrote.
* Sessions, credentials (users, API keys, OAuth/OpenID tokens) and the task queue are read from
  the primary always (:data:`PRIMARY_ONLY_APPS`): a replica a few milliseconds behind must not
  log out a user who just logged in, or refuse a key just created.
* One replica is chosen per request (at random among those up) the first time one is needed, and
  its connection is checked then: a replica that cannot be reached is left alone for
  :data:`DOWN_SECONDS` and the request reads from the primary instead, so a replica going away
  fails no request that had not yet started reading from it. The check of a kept PostgreSQL
  connection costs no round trip (:func:`_idle_connection_ok`: a server that shut down or
  crashed has left something to read on the idle socket); Django's ``CONN_HEALTH_CHECKS``
  would send a ``SELECT 1`` per request (0.1-0.8 ms here).
"""

from __future__ import annotations

import logging
import random
import select
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Seconds a replica that could not be reached is not tried again (by this process).
DOWN_SECONDS = 5.0
# Apps whose tables are read from the primary always (see the module's docstring).
PRIMARY_ONLY_APPS = frozenset(
    {
        "sessions",
        "auth",
        "accounts",
        "admin",
        "contenttypes",
        "oauth2_provider",
        "oidc",
        "django_tasks_database",
        "django_tasks_db",
        "tasks",
        "notify",
    }
)

# alias -> time.monotonic() until which it is not tried
_down_until: dict[str, float] = {}


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DTAPI_DATABASE_REPLICAS", ()))


class _Scope:
    """One request's routing state."""

    __slots__ = ("pinned", "replica")

    def __init__(self, pinned: bool) -> None:
        self.pinned = pinned  # reads go to the primary from now on
        self.replica: str | None = None  # the replica chosen, once one was needed

    def read_alias(self) -> str | None:
        if self.replica is None:
            self.replica = choose_replica() or DEFAULT_DB_ALIAS
        return None if self.replica == DEFAULT_DB_ALIAS else self.replica


_scope: ContextVar[_Scope | None] = ContextVar("dtapi_replica_scope", default=None)


def mark_down(alias: str) -> None:
    _down_until[alias] = time.monotonic() + DOWN_SECONDS


def is_up(alias: str) -> bool:
    """Whether ``alias`` can serve a query now: its kept connection works, or a new one opens."""
    until = _down_until.get(alias)
    if until is not None:
        if time.monotonic() < until:
            return False
        del _down_until[alias]
    connection = connections[alias]
    try:
        # A kept connection may have died with the server (restart, failover): check it, and
        # reconnect now rather than fail the request's first query.
        if connection.connection is not None and not _idle_connection_ok(connection):
            connection.close()
        connection.ensure_connection()
    except Exception as exc:  # any driver error: unreachable, refused, starting up, ...
        log.warning("read replica %s unavailable, reading from the primary: %s", alias, exc)
        try:
            connection.close()
        except Exception:  # already broken; nothing left to close
            pass
        mark_down(alias)
        return False
    return True


def _idle_connection_ok(connection: Any) -> bool:
    """Whether a kept, idle connection still works, without a round trip where possible.

    On PostgreSQL an idle connection has nothing to read: a server shutting down sends a
    termination notice, a crashed one a reset or EOF, each making the socket readable. (A host
    gone silent is not seen here; the statement then fails and the request answers 503.)
    """
    raw = connection.connection
    if connection.vendor != "postgresql":
        return connection.is_usable()
    if getattr(raw, "closed", False):
        return False
    try:
        readable, _, _ = select.select([raw.fileno()], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


def choose_replica() -> str | None:
    """A replica that is up, at random; None when there is none (read from the primary)."""
    candidates = replica_aliases()
    random.shuffle(candidates)
    for alias in candidates:
        if is_up(alias):
            return alias
    return None


class ReplicaRouter:
    """Django database router: see the module's docstring."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        scope = _scope.get()
        if scope is None or scope.pinned:
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            # Inside a transaction on the primary: read what it wrote, and keep doing so.
            scope.pinned = True
            return None
        return scope.read_alias()

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        scope = _scope.get()
        if scope is not None:
            scope.pinned = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # Replicas follow the primary; nothing is ever migrated on them directly.
        return None if db == DEFAULT_DB_ALIAS else False


class replica_reads:  # noqa: N801 - used like a function: ``with replica_reads(): ...``
    """Let the enclosed code read from replicas as a GET request does (tests, scripts)."""

    def __init__(self, pinned: bool = False) -> None:
        self.pinned = pinned

    def __enter__(self) -> _Scope:
        scope = _Scope(self.pinned)
        self._token = _scope.set(scope)
        return scope

    def __exit__(self, *exc: object) -> None:
        _scope.reset(self._token)


class ReplicaRoutingMiddleware:
    """Opens the request's routing scope: safe methods may read from a replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_aliases():
            return self.get_response(request)
        with replica_reads(pinned=request.method not in SAFE_METHODS):
            return self.get_response(request)
