#!/usr/bin/env python3
"""What the explorer's HTML pages cost, against the JSON answer of the same request.

    DATABASE_URL=... .venv/bin/python bench/explorer_bench.py            # about a minute
    .venv/bin/python bench/explorer_bench.py --seconds 0.5               # quicker

Runs in one process on the configured database (``make load`` fills it with the real data),
through dtapi's WSGI application as gunicorn calls it (the site's middleware included, no
network). For each request it alternates a JSON GET (no ``Accept``, as API clients send) and a
browser's GET (``Accept: text/html,...``) of the same URL for a fixed time, and prints the
median time of each and their ratio. The goal is HTML <= 2x JSON. Times are the process's CPU
time (SQLite runs in the process), so that other work on a shared machine does not count.

Details are measured with the detail cache off (every request queries and renders), and with
it on (both formats are then served from the cache entry's rendered bodies); the indexes' object
counts are kept for the cache's lifetime, so they are measured warm, and the first (cold)
top-level page is reported apart.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtapi.settings")

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def environ(path: str, accept: str | None) -> dict[str, Any]:
    target, _, query = path.partition("?")
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": target,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if accept is not None:
        env["HTTP_ACCEPT"] = accept
    return env


def call(app: Callable[..., Any], path: str, accept: str | None) -> tuple[str, int]:
    status: list[str] = []

    def start_response(line: str, headers: Any, exc_info: Any = None) -> None:
        status.append(line)

    result = app(environ(path, accept), start_response)
    try:
        size = sum(len(chunk) for chunk in result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return status[0], size


def measure(app: Callable[..., Any], path: str, seconds: float) -> dict[str, Any]:
    times: dict[str | None, list[float]] = {None: [], BROWSER: []}
    sizes: dict[str | None, int] = {}
    for accept in times:  # warm up: templates compiled, counts and fragments kept
        status, sizes[accept] = call(app, path, accept)
        if not status.startswith("200"):
            raise SystemExit(f"{path} ({accept or 'JSON'}): {status}")
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop or len(times[None]) < 5:
        for accept, found in times.items():
            start = time.process_time()
            call(app, path, accept)
            found.append(time.process_time() - start)
    json_ms = statistics.median(times[None]) * 1000
    html_ms = statistics.median(times[BROWSER]) * 1000
    return {
        "json_ms": json_ms,
        "html_ms": html_ms,
        "ratio": html_ms / json_ms,
        "json_kb": sizes[None] / 1024,
        "html_kb": sizes[BROWSER] / 1024,
        "n": len(times[None]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test.utils import override_settings

    from dtapi.doc.models import Document
    from dtapi.engine.conf import engine_settings
    from dtapi.wsgi import django_application as app

    doc = Document.objects.filter(type="rfc").order_by("-rfc_number").first()
    if doc is None:
        raise SystemExit("no RFC in the database: run `make load` (or set DATABASE_URL)")
    state = doc.states.first()
    detail = f"/api/v1/doc/document/{doc.name}/"
    cases = [
        ("top level /api/v1/", "/api/v1/"),
        ("app /api/v1/doc/", "/api/v1/doc/"),
        ("documents, 20 per page", "/api/v1/doc/document/?limit=20&offset=100"),
        ("documents, 100 per page", "/api/v1/doc/document/?limit=100&offset=100"),
        ("RFCs, 20", "/api/v1/doc/document/?type=rfc"),
        ("document events, 20", "/api/v1/doc/docevent/?limit=20"),
        ("people, 20", "/api/v1/person/person/"),
        ("schema of documents", "/api/v1/doc/document/schema/"),
        ("set of 2 documents", f"/api/v1/doc/document/set/{doc.name};rfc9000/"),
    ]
    if state is not None:
        cases.append(("a state (detail)", f"/api/v1/doc/state/{state.pk}/"))

    print(f"database: {django.db.connection.vendor}, {args.seconds:.1f} s per measurement")
    start = time.perf_counter()
    call(app, "/api/v1/", BROWSER)
    print(
        f"first /api/v1/ page (cold: counts every resource): {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    header = f"{'request':34} {'JSON ms':>8} {'HTML ms':>8} {'HTML/JSON':>9} {'JSON KB':>8} {'HTML KB':>8} {'n':>5}"
    print(header)
    print("-" * len(header))

    def row(label: str, path: str) -> None:
        r = measure(app, path, args.seconds)
        print(
            f"{label:34} {r['json_ms']:8.2f} {r['html_ms']:8.2f} {r['ratio']:8.2f}x "
            f"{r['json_kb']:8.1f} {r['html_kb']:8.1f} {r['n']:5}"
        )

    for label, path in cases:
        row(label, path)
    with override_settings(DTAPI={**engine_settings_dict(), "DETAIL_CACHE_SECONDS": 0}):
        row(f"document {doc.name}, cache off", detail)
    row(f"document {doc.name}, cached", detail)
    del engine_settings


def engine_settings_dict() -> dict[str, Any]:
    from django.conf import settings

    return dict(getattr(settings, "DTAPI", {}))


if __name__ == "__main__":
    main()
