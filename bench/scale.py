"""Cost against the size of the data: the clients' queries at two sizes on PostgreSQL.

    .venv/bin/python bench/scale.py                       # both sizes (generated once)
    .venv/bin/python bench/scale.py --repeat 15 --only events

Each size lives in its own PostgreSQL database, filled once by ``dtapi bench-data`` (the
default: 2x10^4 documents / 10^5 events and 2x10^5 / 10^6 in ``dtapi_scale_small`` and
``dtapi_scale_big``; a database that already holds its set is used as it is). For each size a
child process serves the queries real clients make (clients.md: ietfdata sends
``order_by=id&limit=100``) through Django's full request path (test client: middleware, URL
resolution, the engine, rendering; no HTTP), several times each with different documents,
people, groups and meetings, and reports p50/p99 in ms, the time of the list's ``COUNT`` and
the shape of each SQL plan. The parent prints, per query, both sizes and the ratio big/small
(the goal: <= 1.5), and the deep page against the first page at each size (goal: <= 3).
Results are also written to ``var/bench/scale.json``.

Timings on a shared machine move by +-30 %: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG = "postgres://postgres@127.0.0.1:5432/"
SIZES = {
    "small": (20_000, 100_000, "dtapi_scale_small"),
    "big": (200_000, 1_000_000, "dtapi_scale_big"),
}


# -- the child: one size ------------------------------------------------------------------------


def _pick(rng: random.Random, values: list[Any], n: int) -> list[Any]:
    return [values[int(len(values) * (i + rng.random()) / n)] for i in range(n)]


def queries(repeat: int) -> dict[str, list[str]]:
    """The query set: per label, ``repeat`` URLs (different objects, chosen the same way at
    every size)."""
    from django.db import connection

    rng = random.Random(16)

    def column(sql: str) -> list[Any]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [row[0] for row in cursor.fetchall()]

    drafts = column("SELECT id FROM doc_document WHERE type_id = 'draft' ORDER BY id")
    names = column("SELECT name FROM doc_document WHERE type_id = 'draft' ORDER BY id")
    rfcs = column("SELECT id FROM doc_document WHERE type_id = 'rfc' ORDER BY id")
    groups = column("SELECT id FROM group_group WHERE type_id = 'wg' ORDER BY id")
    authors = column("SELECT DISTINCT person_id FROM doc_documentauthor ORDER BY 1")
    people = column("SELECT id FROM person_person ORDER BY id")
    chairs = column("SELECT DISTINCT person_id FROM group_role ORDER BY 1")
    meetings = column("SELECT id FROM meeting_meeting WHERE type_id = 'ietf' ORDER BY id")
    iesg = column(
        "SELECT id FROM doc_state WHERE type_id = 'draft-iesg' AND slug IN "
        "('iesg-eva', 'ad-eval', 'lc', 'pub-req', 'approved', 'rfcqueue') ORDER BY id"
    )
    events = column("SELECT count(*) FROM doc_docevent")[0]
    docs = column("SELECT count(*) FROM doc_document")[0]
    years = list(range(2000, 2025))
    v = "/api/v1"
    tail = "order_by=id&limit=100"
    deep_docs = min(100_000, docs - 100)
    deep_events = min(100_000, events - 100)

    def year_range(year: int) -> str:
        # a year holds more than a page of state changes at both sizes: full pages compared
        return f"time__gte={year}-01-01T00:00:00Z&time__lt={year + 1}-01-01T00:00:00Z"

    n = repeat
    return {
        "document by name (detail)": [f"{v}/doc/document/{x}/" for x in _pick(rng, names, n)],
        "events of a document": [
            f"{v}/doc/docevent/?doc={x}&{tail}" for x in _pick(rng, drafts, n)
        ],
        "new revisions of a document": [
            f"{v}/doc/docevent/?doc={x}&type=new_revision&{tail}" for x in _pick(rng, drafts, n)
        ],
        "events of a type in a year": [
            f"{v}/doc/docevent/?type=changed_state&{year_range(x)}&{tail}"
            for x in _pick(rng, years, n)
        ],
        "documents of a group": [
            f"{v}/doc/document/?group={x}&{tail}" for x in _pick(rng, groups, n)
        ],
        "documents in an IESG state": [
            f"{v}/doc/document/?states={x}&{tail}" for x in _pick(rng, iesg, n)
        ],
        "drafts, type filter": [f"{v}/doc/document/?type=draft&{tail}"] * n,
        "authors of a person": [
            f"{v}/doc/documentauthor/?person={x}&{tail}" for x in _pick(rng, authors, n)
        ],
        "relations from a document": [
            f"{v}/doc/relateddocument/?source={x}&{tail}" for x in _pick(rng, drafts, n)
        ],
        "relations to an RFC": [
            f"{v}/doc/relateddocument/?target={x}&{tail}" for x in _pick(rng, rfcs, n)
        ],
        "e-mail of a person": [
            f"{v}/person/email/?person={x}&order_by=address&limit=100"
            for x in _pick(rng, people, n)
        ],
        "roles of a person": [f"{v}/group/role/?person={x}&{tail}" for x in _pick(rng, chairs, n)],
        "sessions of a meeting": [
            f"{v}/meeting/session/?meeting={x}&{tail}" for x in _pick(rng, meetings, n)
        ],
        "documents, first page": [f"{v}/doc/document/?{tail}"] * n,
        f"documents, offset {deep_docs}": [f"{v}/doc/document/?{tail}&offset={deep_docs}"] * n,
        "events, first page": [f"{v}/doc/docevent/?{tail}"] * n,
        f"events, offset {deep_events}": [f"{v}/doc/docevent/?{tail}&offset={deep_events}"] * n,
        "events (newest first), first page": [f"{v}/doc/docevent/?limit=100"] * n,
        f"events (newest first), offset {deep_events}": [
            f"{v}/doc/docevent/?limit=100&offset={deep_events}"
        ]
        * n,
    }


def _shape(cursor: Any, sql: str, params: Any) -> str:
    """The plan's scan/join nodes, outermost first: 'Limit > Nested Loop > Index Scan(t)'."""
    cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
    plan = cursor.fetchone()[0][0]["Plan"]
    nodes: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        name = node["Node Type"]
        if "Relation Name" in node:
            index = node.get("Index Name")
            name += f"({node['Relation Name']}{'/' + index if index else ''})"
        nodes.append(name)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    return " > ".join(nodes)


def child(repeat: int, only: list[str]) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtapi.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dtapi.engine import detail_cache

    client = Client()
    results: dict[str, Any] = {}
    timings: list[tuple[str, float]] = []

    def timer(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((sql, time.perf_counter() - start))

    for label, urls in queries(repeat).items():
        if only and not any(word in label for word in only):
            continue
        client.get(urls[0])  # warm: the plan, the connection, Python's caches
        times, counts, statuses = [], [], set()
        plans: list[str] = []
        for url in urls:
            detail_cache.clear()  # an uncached detail each time
            timings.clear()
            with connection.execute_wrapper(timer):
                start = time.perf_counter()
                answer = client.get(url)
                times.append(time.perf_counter() - start)
            statuses.add(answer.status_code)
            counts += [t for sql, t in timings if sql.lstrip().startswith("SELECT COUNT(")]
        # plan shapes of the last request's queries
        with CaptureQueriesContext(connection) as captured:
            detail_cache.clear()
            client.get(urls[-1])
        with connection.cursor() as cursor:
            for query in captured.captured_queries[:3]:
                plans.append(_shape(cursor, query["sql"], None))
        times.sort()
        results[label] = {
            "p50": statistics.median(times) * 1000,
            "p99": times[min(len(times) - 1, int(len(times) * 0.99))] * 1000,
            "count_ms": statistics.median(counts) * 1000 if counts else None,
            "status": sorted(statuses),
            "plans": plans,
            "example": urls[-1],
        }
        print(f"  {label}: p50 {results[label]['p50']:.1f} ms", file=sys.stderr)
    return results


# -- the parent: generate, run both sizes, compare -------------------------------------------


def ensure(size: str, args: argparse.Namespace) -> str:
    documents, events, name = SIZES[size]
    url = PG + name
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)
    dtapi = str(ROOT / ".venv" / "bin" / "dtapi")
    subprocess.run([dtapi, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [dtapi, "bench-data", "--documents", str(documents), "--events", str(events)],
        env=env,
        check=True,
    )
    # As autovacuum does after a bulk load, in its own time: index-only scans need the
    # visibility map, which a VACUUM racing other sessions' open transactions may leave unset.
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "VACUUM", name], check=True
    )
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=21, help="requests per query (default 21)")
    parser.add_argument("--only", action="append", default=[], help="queries whose label has TEXT")
    parser.add_argument("--size", action="append", choices=list(SIZES), help="only this size")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        json.dump(child(args.repeat, args.only), sys.stdout)
        return
    runs: dict[str, dict[str, Any]] = {}
    for size in args.size or list(SIZES):
        url = ensure(size, args)
        print(
            f"{size}: {SIZES[size][0]} documents, {SIZES[size][1]} events ({url})", file=sys.stderr
        )
        command = [sys.executable, __file__, "--child", "--repeat", str(args.repeat)]
        for word in args.only:
            command += ["--only", word]
        env = {**os.environ, "DATABASE_URL": url}
        done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        sys.stderr.write(done.stderr)
        runs[size] = json.loads(done.stdout)
    if len(runs) == len(SIZES):
        report(runs)
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "scale.json").write_text(json.dumps(runs, indent=1))


def _deep_key(label: str) -> str:
    return label.split(", offset")[0] + ", first page"


def report(runs: dict[str, dict[str, Any]]) -> None:
    small, big = runs["small"], runs["big"]
    print(
        "\n| query | p50 small | p50 big | big/small | p99 small | p99 big | count small | count big |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for label in small:
        s, b = small[label], big.get(_match(label, big), {})
        if not b:
            continue
        ratio = b["p50"] / s["p50"]
        cs = f"{s['count_ms']:.2f}" if s["count_ms"] is not None else "-"
        cb = f"{b['count_ms']:.2f}" if b["count_ms"] is not None else "-"
        print(
            f"| {_generic(label)} | {s['p50']:.1f} | {b['p50']:.1f} | {ratio:.2f}x | "
            f"{s['p99']:.1f} | {b['p99']:.1f} | {cs} | {cb} |"
        )
    print("\nDeep page / first page (p50):")
    for size, run in runs.items():
        for label, result in run.items():
            if ", offset" in label and _deep_key(label) in run:
                first = run[_deep_key(label)]["p50"]
                print(
                    f"  {size}: {label}: {result['p50']:.1f} / {first:.1f} ms = {result['p50'] / first:.2f}x"
                )
    print("\nPlan shapes (big; count, page, first loader):")
    for label, result in big.items():
        print(f"  {label}:")
        for plan in result["plans"]:
            print(f"    {plan}")


def _generic(label: str) -> str:
    return label.split(", offset")[0] + ", deep page" if ", offset" in label else label


def _match(label: str, run: dict[str, Any]) -> str:
    generic = _generic(label)
    for other in run:
        if _generic(other) == generic:
            return other
    return label


if __name__ == "__main__":
    main()
