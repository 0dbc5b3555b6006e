"""The data generation: one number-like token that moves whenever published data may have changed,
in this process or in any other. Every cache of the engine is kept only while it stays the same.

It has three parts:

* **local**: bumped at once by a write this process makes through the ORM to a model of an API
  app (``post_save``, ``post_delete``, ``m2m_changed``) and by a settings change (tests). Writes
  to sessions, tasks and other non-API tables do not move it.
* **database**: what the database says about commits by *any* connection, read at most every
  ``DTAPI["FRESHNESS_SECONDS"]`` (default 0.5 s; 0: every request), so another worker, the
  admin on another node, a loader, ``dtapi shell`` or a mirror run are seen within that time:

  - SQLite: ``PRAGMA data_version`` on a private connection to the same file (it changes when
    any connection, this process's included, commits; 30 us here, see bench/README.md);
  - PostgreSQL: the WAL position of the primary and of every read replica (replayed), on
    private connections (moves with every committed write in the cluster, and again when a
    replica has applied it; one round trip per database).
* **shared counter**: with ``DTAPI_REDIS_URL`` set, a counter in Redis that every process bumps
  (``INCR``) after committing a write of its own, read like the database part. It tells the
  other nodes of a write before a replica replays it.

The token moves more often than the published data (any committed write in the database moves
the database part); a move only costs the next requests a cache miss.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .conf import engine_settings, is_api_app

REDIS_KEY = "dtapi:engine:generation"
_WAL_POSITION = (
    "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
    "ELSE pg_current_wal_lsn() END"
)
Token = tuple[int, Any, Any]


class Generation:
    """The current generation, cheap to ask for on every request."""

    def __init__(self) -> None:
        self.local = 0
        #: moved by a settings change only: for what depends on the settings, not on the data
        self.settings = 0
        self._external: tuple[Any, Any] = (None, None)
        # The current token: a new tuple only when a part moved, so callers may compare by
        # identity (``is not``), which a request pays for instead of a tuple comparison.
        self._token: Token = (0, None, None)
        self._checked = float("-inf")
        self._interval: float | None = None
        self._lock = threading.Lock()
        self._private = threading.local()  # this thread's private connection(s) to the database
        self._sqlite_path: str | None = None  # "" when not a SQLite file
        self._redis: Any = None

    def current(self) -> Token:
        now = time.monotonic()
        interval = self._interval
        if interval is None:
            interval = self._interval = float(engine_settings.FRESHNESS_SECONDS)
        if now - self._checked >= interval:
            self._checked = now
            external = (self._database_part(), self._redis_part())
            if external != self._external:
                self._external = external
                self._token = (self.local, *external)
        return self._token

    def bump(self) -> None:
        """Data changed in this process: move the local part now, the shared one on commit."""
        with self._lock:
            self.local += 1
            self._token = (self.local, *self._external)
        if _redis_url():
            transaction.on_commit(self._bump_shared)

    def reset(self) -> None:
        """Forget the connections (settings changed: the database or Redis may differ)."""
        self.settings += 1
        self._checked = float("-inf")
        self._interval = None
        self._private = threading.local()
        self._sqlite_path = None
        self._redis = None
        self.bump()

    # -- the database's part --------------------------------------------------------------

    def _database_part(self) -> Any:
        try:
            if self._sqlite_path is None:
                self._sqlite_path = _sqlite_path()
            if self._sqlite_path:
                return self._sqlite_data_version(self._sqlite_path)
            if connections["default"].vendor == "postgresql":
                return tuple(
                    self._postgres_wal_lsn(alias)
                    for alias in connections
                    if connections[alias].vendor == "postgresql"
                )
        except Exception:  # the database is down: the caches stay as they are, as before
            self._private = threading.local()  # reconnect next time
            return self._external[0]
        return None

    def _postgres_wal_lsn(self, alias: str) -> str:
        """Where the WAL of the database ``alias`` stands: written (a primary) or replayed (a
        read replica), so a commit moves the token once on the primary and again when each
        replica can show it: a detail fetched from a replica in between is not kept past that.

        On a connection of its own: outside the request's transaction, and not one of the
        request's queries (the query-count tests count what a request asks for)."""
        connections_by_alias = getattr(self._private, "postgres", None)
        if connections_by_alias is None:
            connections_by_alias = self._private.postgres = {}
        connection = connections_by_alias.get(alias)
        if connection is None:
            import psycopg

            params = connections[alias].get_connection_params()
            keys = ("dbname", "user", "password", "host", "port", "sslmode", "options")
            connection = psycopg.connect(
                **{key: params[key] for key in keys if params.get(key)}, autocommit=True
            )
            connections_by_alias[alias] = connection
        return str(connection.execute(_WAL_POSITION).fetchone()[0])

    def _sqlite_data_version(self, path: str) -> int:
        connection = getattr(self._private, "connection", None)
        if connection is None:
            uri = Path(path).resolve().as_uri() + "?mode=ro"
            connection = sqlite3.connect(uri, uri=True, isolation_level=None)
            self._private.connection = connection
        return int(connection.execute("PRAGMA data_version").fetchone()[0])

    # -- Redis's part ----------------------------------------------------------------------

    def _client(self) -> Any:
        if self._redis is None:
            try:
                import redis
            except ImportError:
                raise ImproperlyConfigured(
                    "DTAPI_REDIS_URL is set but the redis package is not installed."
                ) from None
            self._redis = redis.Redis.from_url(_redis_url(), socket_timeout=0.5)
        return self._redis

    def _redis_part(self) -> Any:
        if not _redis_url():
            return None
        try:
            return self._client().get(REDIS_KEY)
        except Exception:  # Redis is down: rely on the database's part alone
            return self._external[1]

    def _bump_shared(self) -> None:
        try:
            self._client().incr(REDIS_KEY)
        except Exception:  # Redis is down: the database's part still tells the others
            pass


def _sqlite_path() -> str:
    """The default database's file when it is SQLite on disk, else "" (an in-memory database
    belongs to this process alone: its writes are all seen by the local part)."""
    connection = connections["default"]
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor != "sqlite" or name == ":memory:" or "mode=memory" in name:
        return ""
    return name


def _redis_url() -> str:
    return str(getattr(settings, "DTAPI_REDIS_URL", "") or os.environ.get("DTAPI_REDIS_URL", ""))


generation = Generation()
current: Callable[[], Token] = generation.current


def _model_changed(sender: Any, **kwargs: Any) -> None:
    # Models outside the app registry (migrate's record of applied migrations, app label
    # "migrations") are no API's: get_app_config() would raise and break migrate.
    config = apps.app_configs.get(sender._meta.app_label)
    if config is not None and is_api_app(config):
        generation.bump()


def _settings_changed(**kwargs: Any) -> None:
    generation.reset()


post_save.connect(_model_changed, dispatch_uid="dtapi.engine.freshness")
post_delete.connect(_model_changed, dispatch_uid="dtapi.engine.freshness")
m2m_changed.connect(_model_changed, dispatch_uid="dtapi.engine.freshness")
setting_changed.connect(_settings_changed, dispatch_uid="dtapi.engine.freshness")
