#!/usr/bin/env python3
"""Throughput of dtapi's /api/v1/ against django-tastypie, on one database, in one run.

    .venv/bin/python bench/api_bench.py            # full run (about 8 minutes), SQLite
    .venv/bin/python bench/api_bench.py --quick    # a few seconds per measurement
    .venv/bin/python bench/api_bench.py --database-url postgres://postgres@127.0.0.1/dtapi_bench

Three servers run under gunicorn (2 workers each, loopback ports) on the same database:

``dtapi``           dtapi's own engine;
``tastypie``        django-tastypie configured like the original (tests/reference);
``tastypie+sr/pr``  the same resources with select_related/prefetch_related.

The database (>= 20,000 documents with states, tags and authors, >= 100,000 document events,
see bench/dataset.py) is built once and cached: SQLite under var/bench/ (named after the data
format and the migrations, so a model change rebuilds it), PostgreSQL marked by a row in
utils_dumpinfo (the database is recreated only if its name contains "bench" or it is empty).

Every worker is warmed up first. Each scenario is then fetched once from every server (the
latency picks the load generator, and the answers of dtapi and of tastypie are compared: the
"same" column), then loaded with 4 connections for a fixed time, one server at a time, with wrk
for fast URLs and a Python generator for slow ones (bench/loadgen.py). The table gives requests
per second and the ratios. Noise between runs is large (+-30 %): compare the ratios of one run,
not absolute numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
VAR = Path(os.environ.get("DTAPI_VAR_DIR", REPO / "var")).resolve()
BENCH_DIR = VAR / "bench"
sys.path.insert(0, str(REPO / "bench"))

from loadgen import Result, fetch, measure, wrk_available  # noqa: E402

SERVERS = [
    ("dtapi", "dtapi.settings"),
    ("tastypie", "tests.reference.settings"),
    ("tastypie+sr/pr", "tests.reference.settings_optimized"),
]
# dtapi's own WSGI application (Django's, behind the engine's detail replay); the reference
# servers get Django's plain handler, as the original runs.
WSGI_APPS = {"dtapi": "dtapi.wsgi:application"}
PLAIN_DJANGO = "dtapi.wsgi:django_application"


@dataclass
class Scenario:
    label: str
    path: str
    full_only: bool = False
    # ``path`` has a ``{}`` for a document name: each request asks for another document.
    rotate: bool = False


def scenarios(detail_name: str) -> list[Scenario]:
    return [
        Scenario("documents, 20 per page", "/api/v1/doc/document/?limit=20&offset=100"),
        Scenario("documents, 100 per page", "/api/v1/doc/document/?limit=100&offset=100"),
        Scenario("documents, 1000 per page", "/api/v1/doc/document/?limit=1000&offset=1000"),
        Scenario(
            "drafts in state 'active', 20",
            "/api/v1/doc/document/?type=draft&states__slug=active&limit=20",
        ),
        Scenario(
            "docs in an IESG state, 20",
            "/api/v1/doc/document/?states__type__slug__in=draft-iesg&limit=20&offset=200",
            full_only=True,
        ),
        Scenario("one document (detail)", f"/api/v1/doc/document/{detail_name}/"),
        Scenario("detail, another doc each time", "/api/v1/doc/document/{}/", rotate=True),
        Scenario("document events, 100", "/api/v1/doc/docevent/?limit=100", full_only=True),
    ]


# -- the database ----------------------------------------------------------------------------


def data_key(documents: int) -> str:
    from dataset import FORMAT_VERSION

    migrations = sorted(
        str(path.relative_to(REPO)) for path in (REPO / "src").glob("dtapi/*/migrations/0*.py")
    )
    digest = hashlib.sha256(json.dumps([FORMAT_VERSION, documents, migrations]).encode())
    return digest.hexdigest()[:12]


def _django_env(database_url: str, settings: str = "dtapi.settings") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE=settings,
        DTAPI_VAR_DIR=str(VAR),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        LOG_LEVEL="ERROR",
        DEBUG="0",
    )
    return env


def _marker(key: str) -> str:
    return f"dtapi-bench {key}"


def _run_build(database_url: str, documents: int, key: str) -> None:
    env = _django_env(database_url)
    print("  migrating...", flush=True)
    subprocess.run([str(BIN / "dtapi"), "migrate", "-v0", "--noinput"], env=env, check=True)
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--build-into",
            database_url,
            "--documents",
            str(documents),
            "--key",
            key,
        ],
        env=env,
        check=True,
    )


def build_into(documents: int, key: str) -> None:
    """Entry point of the build subprocess (Django set up from the environment)."""
    import django

    django.setup()
    import datetime

    from dataset import build
    from django.apps import apps

    started = time.perf_counter()
    counts = build(documents)
    apps.get_model("utils", "DumpInfo").objects.create(
        date=datetime.datetime.now(datetime.UTC), host=_marker(key), tz="UTC"
    )
    print(f"  built in {time.perf_counter() - started:.0f} s: {counts}", flush=True)


def sqlite_database(documents: int, rebuild: bool) -> str:
    key = data_key(documents)
    path = BENCH_DIR / f"bench-{documents}-{key}.sqlite3"
    if path.exists() and not rebuild:
        print(f"Database: {path} (cached)")
        return f"sqlite:///{path}"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"), path):
        stale.unlink(missing_ok=True)
    print(f"Database: building {path} ...", flush=True)
    _run_build(f"sqlite:///{partial}", documents, key)
    partial.rename(path)
    return f"sqlite:///{path}"


def postgres_database(url: str, documents: int, rebuild: bool) -> str:
    import psycopg

    key = data_key(documents)
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    plain = urlunsplit(parts._replace(scheme="postgresql"))
    built = tables = False
    try:
        with psycopg.connect(plain, connect_timeout=10) as conn:
            tables = bool(
                conn.execute(
                    "select count(*) from information_schema.tables where table_schema='public'"
                ).fetchone()[0]
            )
            if tables:
                try:
                    built = bool(
                        conn.execute(
                            "select 1 from utils_dumpinfo where host = %s", [_marker(key)]
                        ).fetchone()
                    )
                except psycopg.Error:
                    built = False
    except psycopg.OperationalError:
        pass  # no such database yet
    if built and not rebuild:
        print(f"Database: {name} on {parts.hostname} (cached)")
        return url
    if tables and "bench" not in name:
        sys.exit(f"Refusing to recreate database {name!r}: use a database named *bench*.")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    print(f"Database: building {name} on {parts.hostname} ...", flush=True)
    _run_build(url, documents, key)
    return url


def pick_detail(database_url: str) -> str:
    return _django_print(
        database_url,
        "print(Document.objects.filter(type='draft', states__slug='active')"
        ".order_by('pk').values_list('name', flat=True)[500])",
    )[-1]


def document_names(database_url: str) -> list[str]:
    """Every document's name, in a fixed random order (the rotating detail scenario)."""
    names = _django_print(
        database_url, "print(*Document.objects.values_list('name', flat=True), sep='\\n')"
    )
    random.Random(0).shuffle(names)
    return names


def _django_print(database_url: str, statement: str) -> list[str]:
    code = f"import django; django.setup()\nfrom dtapi.doc.models import Document\n{statement}\n"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=_django_env(database_url),
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()


# -- the servers -----------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    settings: str
    port: int
    process: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(server: Server, database_url: str, workers: int) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    server.log = BENCH_DIR / f"server-{server.name.replace('/', '_').replace('+', '-')}.log"
    command = [
        str(BIN / "gunicorn"),
        WSGI_APPS.get(server.name, PLAIN_DJANGO),
        "--bind",
        f"127.0.0.1:{server.port}",
        "--workers",
        str(workers),
        "--timeout",
        "600",
        "--log-level",
        "warning",
    ]
    with server.log.open("w") as log:
        server.process = subprocess.Popen(
            command,
            env=_django_env(database_url, server.settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_ready(server: Server, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process and server.process.poll() is not None:
            sys.exit(f"{server.name} exited; see {server.log}")
        try:
            status, _, _ = fetch(server.base + "/api/v1/", timeout=10)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"{server.name} did not answer within {timeout} s; see {server.log}")


def stop(server: Server) -> None:
    if server.process and server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)


def warm_up(server: Server) -> None:
    """Load the URLconf, the resources and the database connection in every worker."""
    from concurrent.futures import ThreadPoolExecutor

    urls = [server.base + "/api/v1/doc/document/?limit=2", server.base + "/api/v1/doc/"] * 4
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(fetch, urls))


# -- measuring -------------------------------------------------------------------------------


@dataclass
class Row:
    scenario: str
    fmt: str
    path: str
    results: dict[str, Result] = field(default_factory=dict)
    latency: dict[str, float] = field(default_factory=dict)
    bytes: dict[str, int] = field(default_factory=dict)
    same: bool | None = None
    # Measured over these paths in turn (``path``, compared first, is not among them).
    paths: list[str] | None = None


def _same(a: bytes, b: bytes, fmt: str) -> bool:
    if fmt == "json":
        return json.loads(a) == json.loads(b)
    return a == b or _xml(a) == _xml(b)


def _xml(body: bytes):
    from lxml import etree

    def canon(element):
        return (
            element.tag,
            sorted(element.attrib.items()),
            element.text or "",
            [canon(child) for child in element],
        )

    return canon(etree.fromstring(body))


def run(args: argparse.Namespace) -> list[Row]:
    if args.database_url and not args.database_url.startswith("sqlite"):
        database_url = postgres_database(args.database_url, args.documents, args.rebuild)
    elif args.database_url:
        database_url = args.database_url
    else:
        database_url = sqlite_database(args.documents, args.rebuild)
    servers = []
    for name, settings in SERVERS:
        servers.append(Server(name, settings, free_port()))
    detail = pick_detail(database_url)
    names: list[str] = []
    rows = []
    for scenario in scenarios(detail):
        if args.only and not any(word in scenario.label for word in args.only):
            continue
        if args.quick and scenario.full_only and not args.only:
            continue
        for fmt in ("json", "xml"):
            suffix = ("&" if "?" in scenario.path else "?") + "format=xml" if fmt == "xml" else ""
            if not scenario.rotate:
                rows.append(Row(scenario.label, fmt, scenario.path + suffix))
                continue
            names = names or document_names(database_url)
            # JSON and XML start at opposite ends of the list: no object is cached already.
            first = 0 if fmt == "json" else len(names) // 2
            paths = [scenario.path.format(quote(n)) + suffix for n in names[first:] + names[:first]]
            rows.append(Row(scenario.label, fmt, paths[0], paths=paths[1:]))
    try:
        for server in servers:
            start(server, database_url, args.workers)
        for server in servers:
            wait_ready(server)
        print(f"Servers: {', '.join(f'{s.name} :{s.port} ({s.settings})' for s in servers)}")
        tool = args.tool if args.tool != "auto" or wrk_available() else "python"
        print(
            f"Load: {args.connections} connections, {args.seconds:g} s per measurement, "
            f"tool {tool}\n",
            flush=True,
        )
        for server in servers:
            warm_up(server)
        for row in rows:
            bodies = {}
            for server in servers:
                status, body, seconds = fetch(server.base + row.path)
                if status != 200:
                    sys.exit(f"{server.name} answered {status} to {row.path}")
                row.latency[server.name] = seconds
                row.bytes[server.name] = len(body)
                bodies[server.name] = body
            row.same = _same(bodies["dtapi"], bodies["tastypie"], row.fmt)
            for server in servers:
                row.results[server.name] = measure(
                    server.base + row.path,
                    args.seconds,
                    row.latency[server.name],
                    args.tool,
                    max_window=args.max_window,
                    connections=args.connections,
                    paths=row.paths,
                )
            print(format_row(row), flush=True)
    finally:
        for server in servers:
            stop(server)
    return rows


# -- reporting -------------------------------------------------------------------------------

HEADER = (
    f"{'scenario':30} {'fmt':4} {'dtapi':>9} {'tastypie':>9} {'tp+sr/pr':>9} "
    f"{'dtapi/tp':>9} {'dtapi/tp+':>9}  same"
)


def _ratio(a: float, b: float) -> str:
    return f"{a / b:8.1f}x" if b else "      n/a"


def format_row(row: Row) -> str:
    rates = [row.results[name].rate for name, _ in SERVERS]
    same = {True: "yes", False: "NO", None: "?"}[row.same]
    return (
        f"{row.scenario:30} {row.fmt:4} {rates[0]:9.1f} {rates[1]:9.1f} {rates[2]:9.1f} "
        f"{_ratio(rates[0], rates[1])} {_ratio(rates[0], rates[2])}  {same}"
    )


def report(rows: list[Row], args: argparse.Namespace) -> None:
    print("\nRequests per second (higher is better); ratios = dtapi / tastypie:")
    print(HEADER)
    print("-" * len(HEADER))
    for row in rows:
        print(format_row(row))
    different = [row for row in rows if row.same is False]
    if different:
        print("\nAnswers of dtapi and tastypie differed for:", *[r.path for r in different])
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {
                "args": vars(args),
                "rows": [
                    {
                        "scenario": r.scenario,
                        "format": r.fmt,
                        "path": r.path,
                        "same_answer": r.same,
                        "latency_s": r.latency,
                        "bytes": r.bytes,
                        "rate": {k: v.rate for k, v in r.results.items()},
                        "requests": {k: v.requests for k, v in r.results.items()},
                        "tool": {k: v.tool for k, v in r.results.items()},
                    }
                    for r in rows
                ],
            },
            indent=2,
        )
    )
    print(f"\nResults saved to {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short measurements, fewer cases")
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="only the scenarios whose label contains TEXT (repeatable), e.g. --only detail",
    )
    parser.add_argument("--database-url", help="default: a cached SQLite file under var/bench/")
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    parser.add_argument("--seconds", type=float, help="per measurement (default 8, quick 2)")
    parser.add_argument("--max-window", type=float, help="cap for slow URLs (default 30/5 s)")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--build-into", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_into:
        build_into(args.documents, args.key)
        return
    if args.seconds is None:
        args.seconds = 2.0 if args.quick else 8.0
    if args.max_window is None:
        args.max_window = 5.0 if args.quick else 30.0
    started = time.monotonic()
    rows = run(args)
    report(rows, args)
    print(f"Total time: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
