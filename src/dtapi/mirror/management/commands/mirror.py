"""``dtapi mirror --from URL``: copy a compatible /api/v1 into this database, then keep it current.

dtapi mirror --from https://datatracker.ietf.org [--resources doc.document,person.person]
             [--concurrency 4] [--full] [--no-feed]
dtapi mirror --from-export DIR [--from URL]
dtapi mirror status
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dtapi.database.limits import lift_statement_timeout


class Command(BaseCommand):
    help = "Mirror a compatible /api/v1 (the Datatracker, another dtapi) into this database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", nargs="?", choices=["run", "status"], default="run")
        parser.add_argument(
            "--from", dest="source", help="the source's base URL (https://datatracker.ietf.org)"
        )
        parser.add_argument(
            "--from-export", dest="export_dir", help="start from a `dtapi export` folder"
        )
        parser.add_argument("--resources", default="", help="app.resource,... (default: all)")
        parser.add_argument(
            "--concurrency", type=int, default=4, help="requests in flight (default 4)"
        )
        parser.add_argument("--page-size", type=int, default=1000)
        parser.add_argument(
            "--overlap", type=float, default=3600.0, help="seconds re-read before the last pass"
        )
        parser.add_argument(
            "--full", action="store_true", help="copy everything again (no deletions)"
        )
        parser.add_argument(
            "--no-feed", action="store_true", help="never follow the source's change feed"
        )
        parser.add_argument("--retries", type=int, default=8)
        parser.add_argument("--timeout", type=float, default=60.0)
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args: Any, **opts: Any) -> None:
        lift_statement_timeout()
        if opts["action"] == "status":
            from dtapi.mirror.status import status_text

            self.stdout.write(status_text(opts.get("source")))
            return
        if not opts["source"] and not opts["export_dir"]:
            raise CommandError("give --from URL (or --from-export DIR)")
        from dtapi.mirror.service import mirror

        only = [r.strip() for r in opts["resources"].split(",") if r.strip()]
        try:
            report = mirror(
                opts["source"],
                resources=only or None,
                concurrency=opts["concurrency"],
                page_size=opts["page_size"],
                overlap=opts["overlap"],
                full=opts["full"],
                use_feed=not opts["no_feed"],
                retries=opts["retries"],
                timeout=opts["timeout"],
                export_dir=opts["export_dir"],
                out=sys.stderr,
                progress=None if not opts["no_progress"] else False,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} resource(s) failed; `dtapi mirror status` shows them"
            )
