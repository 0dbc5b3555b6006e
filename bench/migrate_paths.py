"""``migrate`` on an empty database: the one-pass fast path against Django's step-by-step path.

Times both (wall and CPU of the child process) and checks that they build the same database:
every table's columns (type, null, default, primary key), foreign keys, indexes (names,
uniqueness, columns), the rows of every table but the migration log, and the migrations
recorded as applied.

    .venv/bin/python bench/migrate_paths.py            # SQLite (temporary files)
    .venv/bin/python bench/migrate_paths.py postgres://postgres@127.0.0.1:5432/scratch

With a PostgreSQL URL, two databases ``<name>_fast`` and ``<name>_steps`` are (re)created
beside it and dropped afterwards. The step-by-step run takes minutes on a small machine.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DTAPI = REPO / ".venv" / "bin" / "dtapi"


def migrate(url: str, *extra: str) -> tuple[float, float]:
    """Run ``dtapi migrate`` on ``url``; (wall seconds, CPU seconds of the child)."""
    env = {**os.environ, "DATABASE_URL": url}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(
        [str(DTAPI), "migrate", "--noinput", *extra], env=env, check=True, stdout=subprocess.DEVNULL
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.monotonic() - start, cpu


def describe_sqlite(path: str) -> dict:
    import sqlite3

    c = sqlite3.connect(path)
    out: dict = {}
    tables = c.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    )
    for (t,) in tables.fetchall():
        cols = sorted(tuple(r[1:]) for r in c.execute(f'PRAGMA table_info("{t}")'))
        fks = sorted(tuple(r[2:5]) for r in c.execute(f'PRAGMA foreign_key_list("{t}")'))
        idx = sorted(
            (
                "auto" if r[1].startswith("sqlite_autoindex") else r[1],
                r[2],
                tuple(x[2] for x in c.execute(f'PRAGMA index_info("{r[1]}")')),
            )
            for r in c.execute(f'PRAGMA index_list("{t}")')
        )
        rows = (
            None
            if t == "django_migrations"
            else c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        )
        out[t] = (cols, fks, idx, rows)
    out["applied"] = sorted(c.execute("SELECT app, name FROM django_migrations"))
    return out


def describe_postgres(url: str) -> dict:
    import psycopg

    out: dict = {}
    with psycopg.connect(url) as c:
        for (t,) in c.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall():
            cols = sorted(
                c.execute(
                    "SELECT column_name, data_type, is_nullable, column_default, character_maximum_length "
                    "FROM information_schema.columns WHERE table_name = %s",
                    [t],
                ).fetchall(),
                key=str,
            )
            cons = sorted(
                c.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass",
                    [t],
                ).fetchall()
            )
            idx = sorted(
                c.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [t]
                ).fetchall()
            )
            rows = (
                None
                if t == "django_migrations"
                else c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            )
            out[t] = (cols, cons, idx, rows)
        out["applied"] = sorted(c.execute("SELECT app, name FROM django_migrations").fetchall())
    return out


def _unique_names(value: object) -> object:
    """Django names a unique constraint ``<table>_<column>_key`` when it creates the column and
    ``<table>_<column>_<hash>_uniq`` when a later AlterField adds it (django-oauth-toolkit's
    ``token_checksum``): the same constraint, compared without its name."""
    return re.sub(r"\b\w+?(_[0-9a-f]{8}_uniq|_key)\b", "<unique>", repr(value))


def compare(a: dict, b: dict) -> list[str]:
    problems = [f"only in one: {sorted(set(a) ^ set(b))}"] if set(a) != set(b) else []
    for key in sorted(set(a) & set(b)):
        if _unique_names(a[key]) != _unique_names(b[key]):
            problems.append(f"{key}:\n  fast:  {a[key]}\n  steps: {b[key]}")
    return problems


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1].startswith("postgres"):
        import psycopg

        base, name = sys.argv[1].rsplit("/", 1)
        urls = {k: f"{base}/{name}_{k}" for k in ("fast", "steps")}
        with psycopg.connect(f"{base}/postgres", autocommit=True) as c:
            for k in urls:
                c.execute(f'DROP DATABASE IF EXISTS "{name}_{k}"')
                c.execute(f'CREATE DATABASE "{name}_{k}"')
        describe = describe_postgres
        targets = urls
    else:
        tmp = tempfile.mkdtemp()
        targets = {k: f"{tmp}/{k}.sqlite3" for k in ("fast", "steps")}
        urls = {k: f"sqlite:///{p}" for k, p in targets.items()}
        describe = describe_sqlite
    fast = migrate(urls["fast"])
    steps = migrate(urls["steps"], "--step-by-step")
    print(f"one pass:     {fast[0]:6.1f} s wall, {fast[1]:6.1f} s CPU")
    print(f"step by step: {steps[0]:6.1f} s wall, {steps[1]:6.1f} s CPU")
    print(f"ratio (CPU):  {steps[1] / fast[1]:.1f}x")
    problems = compare(describe(targets["fast"]), describe(targets["steps"]))
    print("same database" if not problems else "DIFFERENT:\n" + "\n".join(problems[:20]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
