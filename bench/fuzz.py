"""Schemathesis against a running dtapi: generated requests for every operation of
``/api/v1/openapi.json``; counts the answers >= 500 from the server's own access logs.

    .venv/bin/python bench/fuzz.py --url http://127.0.0.1:8102 \\
        --access-log var/cluster/log/node1.access.log --access-log var/cluster/log/node2.access.log
    .venv/bin/python bench/fuzz.py --url http://127.0.0.1:8106 --access-log var/bench/sqlite.access.log

``--examples`` per operation (default 13: 812 operations x 13 >= 10,000 requests); the count
of requests and of statuses is taken from the access logs (the lines written during the run;
the log format of deploy/cluster.sh, status after the quoted request), so it is what the server
answered, whatever schemathesis counts. Exit status 1 when any answer was >= 500.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>[^"]*)" (?P<status>\d{3}) ')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8102")
    parser.add_argument("--access-log", action="append", default=[], type=Path, required=True)
    parser.add_argument("--examples", type=int, default=13, help="generated cases per operation")
    parser.add_argument("--workers", default="4")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    offsets = {log: log.stat().st_size if log.exists() else 0 for log in args.access_log}
    started = time.monotonic()
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{args.url}/api/v1/openapi.json",
        "--phases",
        "fuzzing",
        "--max-examples",
        str(args.examples),
        "--checks",
        "not_a_server_error",
        "--workers",
        args.workers,
        "--seed",
        str(args.seed),
        "--suppress-health-check",
        "all",
        "--generation-database",
        "none",
        "--no-color",
    ]
    print("fuzz:", " ".join(command), flush=True)
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    summary = [line for line in done.stdout.splitlines() if line.strip()][-25:]

    statuses: Counter[int] = Counter()
    server_errors: list[str] = []
    for log, offset in offsets.items():
        with log.open("rb") as f:
            f.seek(offset)
            for raw in f:
                match = LINE.search(raw.decode("utf-8", "replace"))
                if not match or "/api/v1/" not in match["path"]:
                    continue
                # HAProxy's health checks are GET /api/v1/ from the balancer; not generated.
                if match["path"] == "/api/v1/":
                    continue
                status = int(match["status"])
                statuses[status] += 1
                if status >= 500:
                    server_errors.append(f"{status} {match['method']} {match['path']}")
    total = sum(statuses.values())
    print("\n".join(summary))
    print(
        f"\nfuzz: {total} requests answered in {elapsed:.0f} s ({args.examples} examples/operation)"
    )
    print("fuzz: statuses", dict(sorted(statuses.items())))
    print(f"fuzz: responses >= 500: {len(server_errors)}")
    for line in server_errors[:20]:
        print("   ", line)
    return 1 if server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
