"""Freshness across processes: a commit by another process ends cached details and replays.

The detail cache and its replays belong to a data generation (dtapi.engine.freshness); these
tests commit from a second process (plain SQL, as a loader or ``dtapi shell`` would) and check
that the next answer of this one is fresh, with and without the check interval.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from dtapi.engine import detail_cache, freshness

from . import factories as f

URL = "/api/v1/doc/document/draft-ietf-fresh-test/"


def _in_another_process(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_commit_by_another_process_moves_sqlites_data_version(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x INTEGER)")
    generation = freshness.Generation()
    before = generation._sqlite_data_version(str(path))
    assert generation._sqlite_data_version(str(path)) == before  # nothing committed
    _in_another_process(
        f"import sqlite3\nwith sqlite3.connect({str(path)!r}) as db: db.execute('INSERT INTO t VALUES (1)')"
    )
    assert generation._sqlite_data_version(str(path)) != before


def test_the_database_is_asked_at_most_every_freshness_seconds(settings, monkeypatch) -> None:
    settings.DTAPI = {**settings.DTAPI, "FRESHNESS_SECONDS": 10}
    generation = freshness.Generation()
    answers = iter(range(100))
    monkeypatch.setattr(generation, "_database_part", lambda: next(answers))
    now = [1000.0]
    monkeypatch.setattr(freshness.time, "monotonic", lambda: now[0])
    first = generation.current()
    now[0] += 9.9
    assert generation.current() == first  # within the interval: not asked again
    now[0] += 0.2
    assert generation.current() != first


@pytest.mark.django_db
def test_writes_to_unpublished_models_keep_the_cache(client) -> None:
    f.document(name="draft-ietf-fresh-test")
    assert client.get(URL).status_code == 200
    entry = detail_cache.get("doc", "document", "draft-ietf-fresh-test")
    assert entry is not None
    SessionStore().save()  # a session (not an /api/v1 model): the detail stays cached
    assert detail_cache.get("doc", "document", "draft-ietf-fresh-test") is entry
    f.person(name="Someone New")  # a published model: every detail is fetched afresh
    assert detail_cache.get("doc", "document", "draft-ietf-fresh-test") is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a database two processes share")
@pytest.mark.parametrize("interval", [0, 0.5])
def test_a_commit_by_another_process_is_served_fresh(client, settings, monkeypatch, interval):
    # On SQLite the test database lives in this process's memory; the SQLite mechanism is
    # tested above and end to end by bench/freshness_bench.py.
    settings.DTAPI = {**settings.DTAPI, "FRESHNESS_SECONDS": interval}
    doc = f.document(name="draft-ietf-fresh-test", title="Old title")
    assert client.get(URL).json()["title"] == "Old title"
    assert client.get(URL).json()["title"] == "Old title"  # from the cache
    _commit_elsewhere(f"UPDATE doc_document SET title = 'New title' WHERE id = {doc.id}")
    # Within the interval this process may still answer from its cache; once it is over, never.
    real = freshness.time.monotonic
    monkeypatch.setattr(freshness.time, "monotonic", lambda: real() + interval)
    assert client.get(URL).json()["title"] == "New title"


def _commit_elsewhere(sql: str) -> None:
    params: dict[str, Any] = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    conninfo = " ".join(
        f"{key}={value}"
        for key, value in params.items()
        if key in ("dbname", "user", "host", "port", "password") and value
    )
    _in_another_process(
        f"import psycopg\nwith psycopg.connect({conninfo!r}) as db: db.execute({sql!r})"
    )


REDIS_URL = "redis://127.0.0.1:6379/4"


def _redis() -> Any:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis server at " + REDIS_URL)
    return client


@pytest.mark.django_db(transaction=True)
def test_with_redis_a_commit_elsewhere_moves_the_generation(settings) -> None:
    _redis()
    settings.DTAPI_REDIS_URL = REDIS_URL
    settings.DTAPI = {**settings.DTAPI, "FRESHNESS_SECONDS": 0}
    here, there = freshness.Generation(), freshness.Generation()  # two processes' views
    monkey_db = lambda: None  # noqa: E731 - only Redis's part is under test
    here._database_part = there._database_part = monkey_db  # type: ignore[method-assign]
    before = here.current()
    there.bump()  # a write committed "there" (no transaction open: at once)
    assert here.current() != before
    after = here.current()
    _in_another_process(
        f"import redis\nredis.Redis.from_url({REDIS_URL!r}).incr({freshness.REDIS_KEY!r})"
    )
    assert here.current() != after
