"""``dtapi load SOURCE ...``: load real IETF data (see ``dtapi load --help``).

Thin: parses options and calls ``dtapi.loaders.<source>.load(...)``. Problems with the input
come back as a ``CommandError`` naming the file, the record or line and the problem; nothing is
written then.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dtapi.database.limits import lift_statement_timeout
from dtapi.database.maintenance import refresh_statistics
from dtapi.loaders import records
from dtapi.loaders.base import LoadError, Report

SOURCES = {
    "dumpdata": "Datatracker dumpdata JSON files (also 2012-2013 exports and the names fixture)",
    "rfc-json": "RFC Editor per-RFC JSON: a JSON-lines file or a directory of rfcNNNN.json",
    "rfc-index": "the RFC Editor's rfc-index.xml or rfc-index.txt (RFCs and BCP/STD/FYI)",
    "subseries": "relaton BCP/STD/FYI subseries YAML files (a directory or files)",
    "groups": "a list of groups active today (metanorma groups.yaml): creates or activates "
    "them and gives drafts and RFCs their group from the draft name",
    "shared-data": "everything in the shared data folder, in order (default: ../shared/data)",
}


class Command(BaseCommand):
    help = "Load real IETF data into the database (idempotent, one transaction per load)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="source", metavar="SOURCE", required=True)
        p = sub.add_parser("dumpdata", help=SOURCES["dumpdata"])
        p.add_argument("files", nargs="+", metavar="FILE")
        p.add_argument(
            "-e",
            "--exclude",
            action="append",
            default=[],
            metavar="MODEL",
            help="skip records of an app label or app_label.ModelName (repeatable)",
        )
        p.add_argument(
            "--vocabulary",
            choices=["fill", "replace"],
            default="fill",
            help="rows of built-in vocabulary tables that exist: fill in their description "
            "only (default) or replace them",
        )
        p.add_argument(
            "--keep-existing",
            action="store_true",
            help="leave rows that exist alone: only insert new ones (and fill in missing "
            "charter links)",
        )
        p.add_argument(
            "--naive-timezone",
            default=None,
            metavar="TZ",
            help="zone of datetimes without one (default America/Los_Angeles, the reference "
            "server's zone before 2022; timeslot times use the meeting's zone)",
        )
        p = sub.add_parser("rfc-json", help=SOURCES["rfc-json"])
        p.add_argument("path", metavar="PATH")
        p = sub.add_parser("rfc-index", help=SOURCES["rfc-index"])
        p.add_argument("path", metavar="FILE")
        p.add_argument(
            "--format",
            choices=["auto", "xml", "txt"],
            default="auto",
            help="input format (default: from the file name or content)",
        )
        p = sub.add_parser("subseries", help=SOURCES["subseries"])
        p.add_argument("paths", nargs="+", metavar="PATH")
        p = sub.add_parser("groups", help=SOURCES["groups"])
        p.add_argument("path", metavar="FILE")
        p.add_argument(
            "--rfc-json",
            default=None,
            metavar="PATH",
            help="RFC Editor JSON records: working groups are named after the 'source' of "
            "their newest RFC",
        )
        p = sub.add_parser("shared-data", help=SOURCES["shared-data"])
        p.add_argument("path", nargs="?", default=None, metavar="DIR")
        p.add_argument(
            "--if-changed",
            action="store_true",
            help="load only if the folder's contents differ from the last shared-data load's "
            "(what `make run` does at every start)",
        )
        for p in sub.choices.values():
            p.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, **options):
        source = options["source"]
        using = options["database"]
        # Bulk work: no statement timeout on this command's connection (DTAPI_STATEMENT_TIMEOUT
        # bounds requests, not maintenance).
        lift_statement_timeout(using)
        start = time.monotonic()
        if source == "shared-data":
            from dtapi.loaders import shared_data

            options["path"] = options["path"] or str(shared_data.default_dir())
        inputs = [p for p in options.get("files") or options.get("paths") or [options["path"]]]
        digest = records.fingerprint(inputs)
        if source == "shared-data" and options["if_changed"]:
            same = records.loaded_already("shared-data", digest, using=using)
            if same is not None:
                self.stdout.write(
                    f"{options['path']}: unchanged since its load of "
                    f"{same.time:%Y-%m-%d %H:%M:%S} UTC (same contents): nothing to load."
                )
                return None
            last = records.newest_of_kind("shared-data", using=using)
            reason = (
                "never loaded"
                if last is None
                else f"changed since its load of {last.time:%Y-%m-%d %H:%M:%S} UTC"
            )
            self.stdout.write(
                f"Loading {options['path']} ({reason}); this takes a minute or two, "
                "step by step below..."
            )
        try:
            report = self._load(source, options, using)
        except LoadError as exc:
            raise CommandError(str(exc)) from None
        report.seconds = time.monotonic() - start
        label = " ".join([source, *(str(Path(p).resolve()) for p in inputs)])
        records.record(report, source=label, digest=digest, using=using)
        refresh_statistics(using)
        self.stdout.write(self.style.SUCCESS(f"Loaded {source} in {report.seconds:.1f}s."))
        return None

    def _load(self, source: str, options: dict, using: str) -> Report:
        """Run the loader of ``source``; it prints its progress."""
        if source == "dumpdata":
            from dtapi.loaders import dumpdata

            kwargs = {}
            if options["naive_timezone"]:
                kwargs["naive_tz"] = options["naive_timezone"]
            return dumpdata.load(
                options["files"],
                exclude=options["exclude"],
                vocabulary=options["vocabulary"],
                keep_existing=options["keep_existing"],
                using=using,
                on_file=self._file_done,
                **kwargs,
            )
        if source == "shared-data":
            from dtapi.loaders import shared_data

            return shared_data.load(options["path"], using=using, out=self._step_done)
        if source == "rfc-json":
            from dtapi.loaders import rfc_json

            report = rfc_json.load(options["path"], using=using)
        elif source == "rfc-index":
            from dtapi.loaders import rfc_index

            report = rfc_index.load(options["path"], format=options["format"], using=using)
        elif source == "subseries":
            from dtapi.loaders import subseries

            report = subseries.load(options["paths"], using=using)
        elif source == "groups":
            from dtapi.loaders import groups

            report = groups.load(options["path"], rfc_json=options["rfc_json"], using=using)
        else:  # pragma: no cover - argparse rejects other values
            raise CommandError(f"unknown source {source!r}")
        self._print(report)
        return report

    # --- output ------------------------------------------------------------------------------

    def _file_done(self, path: Path | None, report: Report) -> None:
        title = str(path) if path else "finishing (references, synthesised rows)"
        self.stdout.write(f"{title}: {report.seconds:.1f}s")
        for line in report.lines():
            self.stdout.write(line)

    def _print(self, report: Report) -> None:
        self.stdout.write(f"{report.title}: {report.seconds:.1f}s")
        for line in report.lines():
            self.stdout.write(line)

    def _step_done(self, text: str) -> None:
        self.stdout.write(text)
