#!/usr/bin/env python3
"""How long a draft submission takes: the API call, and the background processing.

    .venv/bin/python bench/submission_bench.py              # 10 calls, a 50-page v3 draft
    .venv/bin/python bench/submission_bench.py --pages 100 --calls 20

Runs against a scratch SQLite database (var/bench/submission.sqlite3, kept between runs) and
a scratch storage folder, through Django's full request path (middleware included, in
process, no network):

* ``POST /api/submission`` of a 50-page (by default) draft: the time until the answer (the
  upload form's checks, the staged file, the queued task); the goal is < 1 s;
* the worker's processing of each such submission (xml2rfc: v3 prep, .txt and .html, the
  checks, the confirmation mail): the goal is < 10 s for 50 pages.

Prints min / median / max of each. Timings on a shared machine are noisy; the goals have
wide margins.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=50, help="pages of the draft (about)")
    parser.add_argument("--calls", type=int, default=10, help="submissions to make")
    args = parser.parse_args()

    var = ROOT / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    db = var / "submission.sqlite3"  # kept between runs (migrating takes a while)
    storage = Path(tempfile.mkdtemp(prefix="dtapi-bench-storage-"))
    os.environ.update(
        DATABASE_URL=f"sqlite:///{db}",
        DTAPI_STORAGE_DIR=str(storage),
        DJANGO_SETTINGS_MODULE="dtapi.settings",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client

    from dtapi.submit.models import Submission
    from dtapi.tasks.worker import Worker
    from tests import factories as f
    from tests.submit import drafts

    call_command("migrate", verbosity=0)
    from dtapi.person.models import Email

    if not Email.objects.filter(address="alice@example.org", person__user__isnull=False).exists():
        f.user_person("alice", name="Alice Example")  # address alice@example.org
    run = int(time.time())
    sections = max(1, round(args.pages * 110 / 48))  # 110 sections render as about 48 pages
    client = Client()
    worker = Worker("bench")
    # A running server is warm: imports, URL map, templates, the first connection.
    client.get("/api/submission")
    client.post("/api/submission", {"user": "alice@example.org"})
    calls, runs, pages = [], [], []
    try:
        for n in range(args.calls):
            xml = drafts.v3(f"draft-doe-bench-{run}-{n}", "00", sections=sections)
            upload = SimpleUploadedFile("draft.xml", xml, content_type="application/xml")
            started = time.perf_counter()
            answer = client.post("/api/submission", {"user": "alice@example.org", "xml": upload})
            calls.append(time.perf_counter() - started)
            assert answer.status_code == 200, answer.content
            started = time.perf_counter()
            assert worker.run_once()
            runs.append(time.perf_counter() - started)
            submission = Submission.objects.get(pk=answer.json()["id"])
            assert submission.state_id == "auth", submission.state_id
            pages.append(submission.pages)
    finally:
        shutil.rmtree(storage, ignore_errors=True)

    def row(name: str, values: list[float], goal: float) -> str:
        ok = "ok" if max(values) < goal else "OVER"
        return (
            f"{name:<34} min {min(values):6.3f}s  median {statistics.median(values):6.3f}s  "
            f"max {max(values):6.3f}s   goal < {goal:g}s: {ok}"
        )

    print(f"{args.calls} submissions of a {pages[0]}-page v3 draft ({len(xml) // 1024} KiB XML)")
    print(row("POST /api/submission (answer)", calls, 1.0))
    print(row("processing (worker, xml2rfc)", runs, 10.0))


if __name__ == "__main__":
    main()
