"""``dtapi export [app.resource ...] --out DIR [--gzip]``: every object as NDJSON files."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dtapi.database.limits import lift_statement_timeout


class Command(BaseCommand):
    help = "Export resources (default: all) as NDJSON in the API's object shape, with a manifest."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("resources", nargs="*", help="app.resource (default: every resource)")
        parser.add_argument("--out", required=True, help="the folder to write")
        parser.add_argument("--gzip", action="store_true", help="write .ndjson.gz files")

    def handle(self, *args: Any, **opts: Any) -> None:
        lift_statement_timeout()
        from dtapi.mirror.exports import export

        try:
            manifest = export(opts["resources"], opts["out"], gz=opts["gzip"], out=sys.stderr)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(r["count"] for r in manifest["resources"].values())
        self.stdout.write(
            f"{len(manifest['resources'])} resources, {total} objects in {opts['out']}\n"
        )
