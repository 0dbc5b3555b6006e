"""Mirror benchmark: a loaded dtapi mirrored into an empty database through a faulty proxy,
an incremental run after a handful of changes (time windows, and the change feed), and the
bulk export's rows per second against paging the API.

    .venv/bin/python bench/mirror_bench.py --source-db var/bench/source.sqlite3

The source database is what `make run` serves (the real data of ../shared/data, loaded with
`dtapi load shared-data`); the target is a fresh SQLite file (tables and vocabulary).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent

from tests.mirror.proxy import FaultyProxy  # noqa: E402

SETTINGS = "tests.mirror.source_settings"

MAKE_TARGET = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
from dtapi.name.vocabulary import install_vocabulary
install_vocabulary()
"""

CHANGES = """
import django; django.setup()
from django.utils import timezone
from dtapi.person.models import Person, Alias
from dtapi.doc.models import Document, DocEvent
p = Person.objects.order_by("id").first()
p.name = p.name + " (edited)"
p.save()
doc = Document.objects.order_by("id").first()
for i in range(3):
    DocEvent.objects.create(doc=doc, by=p, type="added_comment", desc=f"bench {i}", time=timezone.now())
Alias.objects.bulk_create([Alias(person=p, name="Bench Alias")])
Alias.objects.order_by("id").first().delete()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(db: Path, var: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PYTHONPATH": str(REPO),
        "DTAPI_VAR_DIR": str(var),
        "DTAPI_STATEMENT_TIMEOUT": "0",
    }


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if done.returncode not in (0, 1):
        print(done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{cmd} failed")
    return seconds, done.stdout + done.stderr


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source-db", required=True)
    parser.add_argument("--resource", default="doc.docevent", help="for export vs paging")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mirror-bench-"))
    source_db = Path(args.source_db).resolve()
    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "dtapi.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env_for(source_db, work / "srcvar"),
        cwd=REPO,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if requests.get(url + "/api/v1/", timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        target = work / "target.sqlite3"
        tenv = env_for(target, work / "tvar")
        subprocess.run([str(BIN / "python"), "-c", MAKE_TARGET], env=tenv, cwd=REPO, check=True)
        results: dict[str, float] = {}
        with FaultyProxy(
            url, 0, every_429=50, every_5xx=70, every_drop=90, retry_after="1"
        ) as proxy:
            cmd = [
                str(BIN / "dtapi"),
                "mirror",
                "--from",
                proxy.url,
                "--no-progress",
                "--concurrency",
                str(args.concurrency),
            ]
            results["full"], out = timed(cmd, tenv)
            print("\n".join(out.strip().splitlines()[-200:]))
            print(f"proxy faults injected: {dict(proxy.counts)}")
            subprocess.run(
                [str(BIN / "python"), "-c", CHANGES],
                env=env_for(source_db, work / "srcvar"),
                cwd=REPO,
                check=True,
            )
            results["incremental (feed)"], out = timed(cmd, tenv)
            print(out.strip().splitlines()[-1])
            subprocess.run(
                [str(BIN / "python"), "-c", CHANGES],
                env=env_for(source_db, work / "srcvar"),
                cwd=REPO,
                check=True,
            )
            results["incremental (time windows)"], out = timed([*cmd, "--no-feed"], tenv)
            print(out.strip().splitlines()[-1])
        app, _, name = args.resource.partition(".")
        started = time.monotonic()
        rows = 0
        offset = 0
        session = requests.Session()
        while True:
            page = session.get(
                f"{url}/api/v1/{app}/{name}/",
                params={"limit": 1000, "offset": offset, "order_by": "id"},
            ).json()
            rows += len(page["objects"])
            offset += 1000
            if offset >= page["meta"]["total_count"]:
                break
        paging = rows / (time.monotonic() - started)
        speeds = []
        for _ in range(2):  # rendered while streamed, then the kept file
            started = time.monotonic()
            response = session.get(f"{url}/api/export/{app}/{name}.ndjson", stream=True)
            lines = sum(chunk.count(b"\n") for chunk in response.iter_content(65536))
            speeds.append(lines / (time.monotonic() - started))
        streaming, kept = speeds
        seconds, _ = timed(
            [str(BIN / "dtapi"), "export", args.resource, "--out", str(work / "export")],
            env_for(source_db, work / "srcvar"),
        )
        command = lines / seconds
        print()
        print(f"{'run':32} {'seconds':>8}  ratio to full")
        for label, value in results.items():
            print(f"{label:32} {value:8.1f}  {value / results['full']:.3f}")
        print()
        print(f"{args.resource}: {rows} rows")
        print(f"paging /api/v1 (limit=1000)      {paging:9.0f} rows/s")
        print(
            f"/api/export/...ndjson (rendered) {streaming:9.0f} rows/s  {streaming / paging:.1f}x"
        )
        print(f"/api/export/...ndjson (kept)     {kept:9.0f} rows/s  {kept / paging:.1f}x")
        print(f"dtapi export (incl. start-up)    {command:9.0f} rows/s  {command / paging:.1f}x")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
