"""Mixed read load on a running dtapi (a node, or the balancer of deploy/cluster.sh), with faults.

    .venv/bin/python bench/load.py --url http://127.0.0.1:8102 --connections 64 --seconds 60
    # PostgreSQL restarted mid-load (any command, run at --at seconds):
    .venv/bin/python bench/load.py --url http://127.0.0.1:8106 --seconds 40 --at 10 \\
        --run "deploy/cluster.sh stop replica; sleep 5; deploy/cluster.sh start replica"
    # one gunicorn worker of a node SIGKILLed mid-load (its master's pid file):
    .venv/bin/python bench/load.py --url http://127.0.0.1:8103 --seconds 30 --at 10 \\
        --kill-worker var/cluster/run/node1.pid

``--connections`` keep-alive connections (one thread each) send GETs drawn from a mixed read
workload of the real data: lists, details, filtered lists and ``/doc/<name>/doc.json``, the URLs
sampled from the server itself first. Reported: requests, requests/s, statuses, errors (any
status but 200, or no answer), latency p50/p90/p99/max, and per second the statuses; for 503s
whether each carried ``Retry-After`` and how long the slowest took (failing fast), and when
answers were 200 again after the fault (recovery). ``--json FILE`` saves it all.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Sample:
    at: float  # seconds since the start, when the answer (or failure) came
    status: int  # 0: no answer (connection refused, reset, timed out)
    seconds: float
    retry_after: str | None
    kind: str


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    events: list[tuple[float, str]] = field(default_factory=list)


def _get(base: str, path: str, timeout: float = 30) -> tuple[int, bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def workload(base: str, seed: int = 1) -> list[tuple[str, str]]:
    """(kind, path) pairs from the server's own data: lists, details, filters, doc.json."""
    rng = random.Random(seed)

    def objects(path: str) -> list[dict]:
        status, body = _get(base, path)
        if status != 200:
            raise SystemExit(f"load: {path} answered {status}: {body[:200]!r}")
        return json.loads(body)["objects"]

    rfcs = [o["name"] for o in objects("/api/v1/doc/document/?type=rfc&limit=200&offset=7000")]
    drafts = [o["name"] for o in objects("/api/v1/doc/document/?type=draft&limit=200&offset=3000")]
    people = [o["id"] for o in objects("/api/v1/person/person/?limit=200&offset=2000")]
    groups = [(o["id"], o["acronym"]) for o in objects("/api/v1/group/group/?type=wg&limit=100")]
    if not (rfcs and drafts and people and groups):
        raise SystemExit("load: the server holds too little data (load ../shared/data)")
    paths: list[tuple[str, str]] = []
    for limit in (20, 50, 100):
        for offset in (0, 500, 5000):
            paths.append(("list", f"/api/v1/doc/document/?limit={limit}&offset={offset}"))
    paths += [
        ("list", "/api/v1/person/person/?limit=20"),
        ("list", "/api/v1/group/group/?limit=50"),
        ("list", "/api/v1/doc/docevent/?limit=20"),
        ("list", "/api/v1/doc/relateddocument/?limit=20"),
        ("list", "/api/v1/group/role/?limit=20"),
    ]
    for name in rng.sample(rfcs, 60):
        paths.append(("detail", f"/api/v1/doc/document/{name}/"))
    for pk in rng.sample(people, 40):
        paths.append(("detail", f"/api/v1/person/person/{pk}/"))
    for pk, acronym in rng.sample(groups, min(20, len(groups))):
        paths.append(("detail", f"/api/v1/group/group/{pk}/"))
        paths.append(("filter", f"/api/v1/group/role/?group__acronym={acronym}"))
    for name in rng.sample(rfcs, 20):
        paths.append(("filter", f"/api/v1/doc/relateddocument/?source__name={name}"))
        paths.append(("filter", f"/api/v1/doc/docevent/?doc__name={name}&limit=10"))
    for prefix in ("rfc1", "rfc7", "rfc9", "draft-ietf-quic", "draft-ietf-http"):
        paths.append(("filter", f"/api/v1/doc/document/?name__startswith={quote(prefix)}&limit=20"))
    paths += [
        ("filter", "/api/v1/doc/document/?type=rfc&std_level=std&limit=20"),
        ("filter", "/api/v1/group/group/?type=wg&state=active&limit=50"),
        ("filter", "/api/v1/person/person/?name__icontains=smith"),
        ("filter", "/api/v1/doc/document/?title__icontains=transport&limit=20"),
    ]
    for name in rng.sample(rfcs, 30) + rng.sample(drafts, 20):
        paths.append(("doc.json", f"/doc/{name}/doc.json"))
    rng.shuffle(paths)
    return paths


def _client(
    base: str, paths: list[tuple[str, str]], deadline: float, t0: float, run: Run, seed: int
) -> None:
    parts = urlsplit(base)
    rng = random.Random(seed)
    conn: http.client.HTTPConnection | None = None
    local: list[Sample] = []
    while time.perf_counter() < deadline:
        kind, path = paths[rng.randrange(len(paths))]
        if conn is None:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            status, retry_after = response.status, response.getheader("Retry-After")
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException):
            status, retry_after = 0, None
            conn.close()
            conn = None
        now = time.perf_counter()
        local.append(Sample(now - t0, status, now - started, retry_after, kind))
        if status == 0:
            time.sleep(0.05)  # refused: do not spin
    if conn is not None:
        conn.close()
    with run.lock:
        run.samples.extend(local)


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _fault(args: argparse.Namespace, t0: float, run: Run) -> None:
    time.sleep(args.at)
    if args.kill_worker:
        master = int(Path(args.kill_worker).read_text().strip())
        children = subprocess.run(
            ["pgrep", "-P", str(master)], capture_output=True, text=True
        ).stdout.split()
        if not children:
            run.events.append((time.perf_counter() - t0, f"no worker of {master} to kill"))
            return
        victim = int(children[0])
        os.kill(victim, signal.SIGKILL)
        run.events.append((time.perf_counter() - t0, f"SIGKILL gunicorn worker {victim}"))
    if args.run:
        run.events.append((time.perf_counter() - t0, f"run: {args.run}"))
        subprocess.run(args.run, shell=True, cwd=REPO, check=False)
        run.events.append((time.perf_counter() - t0, "run: done"))


def report(run: Run, seconds: float, connections: int) -> dict:
    samples = sorted(run.samples, key=lambda s: s.at)
    ok = [s for s in samples if s.status == 200]
    errors = [s for s in samples if s.status != 200]
    unavailable = [s for s in samples if s.status == 503]
    by_second: dict[int, Counter] = defaultdict(Counter)
    for s in samples:
        by_second[int(s.at)][s.status] += 1
    latencies = [s.seconds for s in samples]
    result = {
        "connections": connections,
        "seconds": seconds,
        "requests": len(samples),
        "rate": round(len(samples) / seconds, 1),
        "statuses": dict(sorted(Counter(s.status for s in samples).items())),
        "errors": len(errors),
        "p50_ms": round(_percentile(latencies, 50) * 1000, 1),
        "p90_ms": round(_percentile(latencies, 90) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 99) * 1000, 1),
        "max_ms": round(max(latencies, default=0) * 1000, 1),
        "ok_p50_ms": round(_percentile([s.seconds for s in ok], 50) * 1000, 1),
        "ok_p99_ms": round(_percentile([s.seconds for s in ok], 99) * 1000, 1),
        "by_kind": {
            kind: {
                "requests": sum(1 for s in samples if s.kind == kind),
                "p50_ms": round(
                    _percentile([s.seconds for s in samples if s.kind == kind], 50) * 1000, 1
                ),
                "p99_ms": round(
                    _percentile([s.seconds for s in samples if s.kind == kind], 99) * 1000, 1
                ),
            }
            for kind in sorted({s.kind for s in samples})
        },
        "events": [(round(t, 2), what) for t, what in run.events],
        "timeline": {sec: dict(sorted(c.items())) for sec, c in sorted(by_second.items())},
    }
    if unavailable:
        result["503"] = {
            "count": len(unavailable),
            "with_retry_after": sum(1 for s in unavailable if s.retry_after),
            "first_at": round(unavailable[0].at, 2),
            "last_at": round(unavailable[-1].at, 2),
            "p50_ms": round(_percentile([s.seconds for s in unavailable], 50) * 1000, 1),
            "max_ms": round(max(s.seconds for s in unavailable) * 1000, 1),
        }
    if errors:
        last_error = errors[-1].at
        after = [s for s in samples if s.at > last_error]
        result["errors_first_at"] = round(errors[0].at, 2)
        result["errors_last_at"] = round(last_error, 2)
        result["all_200_after_last_error"] = all(s.status == 200 for s in after)
        result["other_errors"] = dict(Counter(s.status for s in errors if s.status != 503))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--url", default="http://127.0.0.1:8102", help="the server (node or balancer)"
    )
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--at", type=float, default=10, help="when the fault happens (seconds)")
    parser.add_argument("--run", help="a shell command run at --at (e.g. restart PostgreSQL)")
    parser.add_argument(
        "--kill-worker", metavar="PIDFILE", help="SIGKILL a worker of this gunicorn master at --at"
    )
    parser.add_argument("--json", help="save the report here")
    parser.add_argument("--timeline", action="store_true", help="print statuses per second")
    args = parser.parse_args(argv)

    paths = workload(args.url)
    print(
        f"load: {len(paths)} URLs, {args.connections} connections, {args.seconds:.0f} s on {args.url}"
    )
    run = Run()
    t0 = time.perf_counter()
    deadline = t0 + args.seconds
    threads = [
        threading.Thread(target=_client, args=(args.url, paths, deadline, t0, run, i), daemon=True)
        for i in range(args.connections)
    ]
    if args.run or args.kill_worker:
        threads.append(threading.Thread(target=_fault, args=(args, t0, run), daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = report(run, time.perf_counter() - t0, args.connections)
    timeline = result.pop("timeline")
    print(json.dumps(result, indent=1))
    if args.timeline or args.run or args.kill_worker:
        for sec, statuses in timeline.items():
            print(f"  {sec:4d}s  {statuses}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({**result, "timeline": timeline}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
