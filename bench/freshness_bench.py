"""Freshness across processes: what the per-request check costs, and how soon a commit by
another process is served by every gunicorn worker.

    .venv/bin/python bench/freshness_bench.py                       # SQLite (the bench database)
    .venv/bin/python bench/freshness_bench.py --database-url postgres://.../dtapi_bench

1. The check (``dtapi.engine.freshness.Generation.current``), timed in this process: with
   ``FRESHNESS_SECONDS`` 0 (the database is asked on every detail request) and 0.5 (the
   default: asked at most twice a second, so almost every request only reads the clock).
2. End to end: gunicorn (2 workers, the detail replay in front) on a copy of the database; one
   document is fetched until both workers answer it from their caches; another process
   commits a new title with plain SQL (as a loader or ``dtapi shell`` would); the document is
   then asked every 20 ms until 8 answers in a row carry the new title. Printed: the time from
   the commit to the first of those 8, per ``DTAPI_FRESHNESS_SECONDS``.

Uses the database ``api_bench.py`` builds (run it once first); nothing is written to it (SQLite:
a copy; PostgreSQL: the title is put back).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from api_bench import BIN, VAR, free_port, sqlite_database  # noqa: E402
from loadgen import fetch  # noqa: E402

NEW_TITLE = "Freshness bench: a new title"


def check_cost(database_url: str) -> dict[str, float]:
    """Microseconds per ``current()`` call, per interval (in a child process with Django)."""
    code = """
import json, os, timeit
os.environ["DJANGO_SETTINGS_MODULE"] = "dtapi.settings"
import django
django.setup()
from django.conf import settings
from dtapi.engine import freshness
from dtapi.engine.conf import engine_settings
out = {}
for interval in (0, 0.5):
    settings.DTAPI = {**settings.DTAPI, "FRESHNESS_SECONDS": interval}
    engine_settings.reload()
    generation = freshness.Generation()
    generation.current()
    n = 2000
    out[str(interval)] = timeit.timeit(generation.current, number=n) / n * 1e6
print(json.dumps(out))
"""
    env = {**os.environ, "DATABASE_URL": database_url, "DTAPI_VAR_DIR": str(VAR)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _serve(database_url: str, freshness: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DTAPI_VAR_DIR": str(VAR),
        "DTAPI_FRESHNESS_SECONDS": freshness,
        "DEBUG": "0",
    }
    command = [str(BIN / "gunicorn"), "dtapi.wsgi:application", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    return subprocess.Popen(command, env=env, start_new_session=True)


def _title(url: str) -> str:
    status, body, _ = fetch(url, timeout=10)
    assert status == 200, status
    return json.loads(body)["title"]


def _commit(database_url: str, statement: str) -> None:
    """Commit ``statement`` from this process (quickly: no Django start-up in between)."""
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=30) as db:
            db.execute(statement)
        return
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as db:
        db.execute(statement)


def staleness(database_url: str, freshness: str, name: str, old_title: str) -> float:
    """Seconds from another process's commit until 8 answers in a row are fresh."""
    port = free_port()
    server = _serve(database_url, freshness, port)
    url = f"http://127.0.0.1:{port}/api/v1/doc/document/{name}/"
    try:
        for _ in range(300):
            try:
                _title(url)
                break
            except OSError:
                time.sleep(0.1)
        for _ in range(50):  # both workers cache it (and keep a replay)
            assert _title(url) == old_title
        time.sleep(1)  # every worker has checked the generation since, the worst case for us
        for _ in range(10):
            assert _title(url) == old_title
        quoted = NEW_TITLE.replace("'", "''")
        _commit(database_url, f"UPDATE doc_document SET title = '{quoted}' WHERE name = '{name}'")
        committed = time.monotonic()
        fresh_since = None
        streak = 0
        while streak < 8:
            fresh = _title(url) == NEW_TITLE
            now = time.monotonic()
            if fresh:
                fresh_since = fresh_since or now
                streak += 1
            else:
                fresh_since, streak = None, 0
                if now - committed > 30:
                    return float("inf")
            time.sleep(0.02)
        return (fresh_since or committed) - committed
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
        old = old_title.replace("'", "''")
        _commit(database_url, f"UPDATE doc_document SET title = '{old}' WHERE name = '{name}'")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a copy of the SQLite bench database")
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--cost-only", action="store_true", help="only time the check")
    args = parser.parse_args()
    if args.database_url:
        database_url = args.database_url
    else:
        source = Path(sqlite_database(args.documents, rebuild=False).removeprefix("sqlite:///"))
        copy = VAR / "bench" / "freshness-copy.sqlite3"
        shutil.copyfile(source, copy)
        database_url = f"sqlite:///{copy}"
    print(f"Database: {database_url}")
    costs = check_cost(database_url)
    for interval, micro in costs.items():
        print(f"check per request, FRESHNESS_SECONDS={interval}: {micro:.2f} us")
    if args.cost_only:
        return
    name, title = _first_document(database_url)
    for freshness in ("0", "0.5"):
        seconds = staleness(database_url, freshness, name, title)
        print(
            f"commit by another process -> all fresh, FRESHNESS_SECONDS={freshness}: {seconds:.2f} s"
        )


def _first_document(database_url: str) -> tuple[str, str]:
    code = (
        "import os, json; os.environ['DJANGO_SETTINGS_MODULE'] = 'dtapi.settings'\n"
        "import django; django.setup()\n"
        "from dtapi.doc.models import Document\n"
        "d = Document.objects.order_by('id').first(); print(json.dumps([d.name, d.title]))\n"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "DTAPI_VAR_DIR": str(VAR)}
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    name, title = json.loads(out.stdout.decode().strip().splitlines()[-1])
    return name, title


if __name__ == "__main__":
    main()
