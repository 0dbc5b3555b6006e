#!/usr/bin/env python3
"""Measure ``dtapi load shared-data`` into an empty database: wall time and peak memory.

Usage (from the repository root)::

    .venv/bin/python bench/load_all.py                       # SQLite and PostgreSQL
    .venv/bin/python bench/load_all.py --db sqlite
    .venv/bin/python bench/load_all.py --db postgres --pg-url postgres://postgres@127.0.0.1:5432
    .venv/bin/python bench/load_all.py --reload              # also time a second (no-op) load

For each database it creates a scratch database (a temporary SQLite file, or a PostgreSQL
database ``dtapi_bench_load_<pid>`` that is dropped afterwards), runs ``dtapi migrate``,
then ``dtapi load shared-data`` under ``/usr/bin/time -v`` (peak RSS), and prints the
times against the targets: under 2 minutes and under 500 MB.

``--no-migrations`` builds the tables straight from the models and installs the built-in
vocabulary (for use before the migrations exist).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DTAPI = REPO / ".venv" / "bin" / "dtapi"
PYTHON = REPO / ".venv" / "bin" / "python"
TARGET_SECONDS = 120
TARGET_MB = 500

NO_MIGRATIONS_SETTINGS = """
from dtapi.settings import *  # noqa: F401,F403


class _NoMigrations(dict):
    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return None


MIGRATION_MODULES = _NoMigrations()
"""


def run(cmd: list[str], env: dict, *, check: bool = True, quiet: bool = False):
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    if not quiet:
        sys.stdout.write(result.stdout)
    return result


def timed_load(env: dict, data: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, output) of one ``dtapi load shared-data``."""
    cmd = [str(DTAPI), "load", "shared-data", str(data)]
    gnu_time = shutil.which("time") if Path("/usr/bin/time").exists() else None
    start = time.monotonic()
    if gnu_time:
        result = subprocess.run(
            ["/usr/bin/time", "-v", *cmd], env=env, capture_output=True, text=True
        )
    else:
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit("the load failed")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    if m:
        peak_mb = int(m.group(1)) / 1024
    else:
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb, result.stdout


def prepare(env: dict, no_migrations: bool) -> None:
    if no_migrations:
        run([str(DTAPI), "migrate", "--run-syncdb", "-v0"], env)
        run(
            [
                str(PYTHON),
                "-c",
                "import django; django.setup(); "
                "from dtapi.name.vocabulary import install_vocabulary; install_vocabulary()",
            ],
            env,
        )
    else:
        run([str(DTAPI), "migrate", "--noinput", "-v0"], env)


def bench_one(name: str, url: str, data: Path, args, base_env: dict) -> dict:
    env = dict(base_env, DATABASE_URL=url, DTAPI_NO_PROGRESS="1")
    print(f"== {name}: {url}")
    t0 = time.monotonic()
    prepare(env, args.no_migrations)
    print(f"   database created and migrated in {time.monotonic() - t0:.1f}s")
    seconds, peak, output = timed_load(env, data)
    if args.verbose:
        sys.stdout.write(output)
    ok = seconds < TARGET_SECONDS and peak < TARGET_MB
    print(
        f"   load shared-data: {seconds:.1f}s, peak memory {peak:.0f} MB "
        f"({'OK' if ok else 'OVER TARGET'}: < {TARGET_SECONDS}s, < {TARGET_MB} MB)"
    )
    result = {"db": name, "seconds": seconds, "peak_mb": peak, "ok": ok}
    if args.reload:
        seconds2, peak2, _ = timed_load(env, data)
        print(f"   second load (no-op): {seconds2:.1f}s, peak memory {peak2:.0f} MB")
        result.update(reload_seconds=seconds2, reload_peak_mb=peak2)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("PG_BENCH_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL without database name",
    )
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    parser.add_argument("--reload", action="store_true", help="also time a second load")
    parser.add_argument(
        "--no-migrations",
        action="store_true",
        help="create tables from the models (before migrations exist)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show the load output")
    args = parser.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        print(f"no shared data at {data}: nothing to measure")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="dtapi-bench-"))
    base_env = dict(os.environ, DTAPI_VAR_DIR=str(tmp / "var"))
    if args.no_migrations:
        (tmp / "bench_settings.py").write_text(NO_MIGRATIONS_SETTINGS)
        base_env.update(PYTHONPATH=str(tmp), DJANGO_SETTINGS_MODULE="bench_settings")
    results = []
    try:
        if args.db in ("sqlite", "both"):
            results.append(
                bench_one("SQLite", f"sqlite:///{tmp / 'bench.sqlite3'}", data, args, base_env)
            )
        if args.db in ("postgres", "both"):
            import psycopg

            dbname = f"dtapi_bench_load_{os.getpid()}"
            server = args.pg_url.rstrip("/")
            with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
                conn.execute(f'CREATE DATABASE "{dbname}"')
            try:
                results.append(bench_one("PostgreSQL", f"{server}/{dbname}", data, args, base_env))
            finally:
                with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\nsummary:")
    for r in results:
        line = f"  {r['db']:<10} {r['seconds']:6.1f}s  {r['peak_mb']:5.0f} MB"
        if "reload_seconds" in r:
            line += f"   reload {r['reload_seconds']:5.1f}s"
        print(line + ("" if r["ok"] else "   OVER TARGET"))
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
