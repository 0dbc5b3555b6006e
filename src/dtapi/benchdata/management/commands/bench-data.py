"""``dtapi bench-data --documents N --events M [--seed S]``: a synthetic Datatracker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dtapi.benchdata.generator import existing_marker, generate, marker_text


class Command(BaseCommand):
    help = (
        "Fill the database of the current settings with a deterministic synthetic set of "
        "documents, events, people, groups, ballots and meetings, built from the real "
        "vocabularies (for benchmarks at the real Datatracker's size). Running it again with "
        "the same arguments does nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--documents", type=int, required=True, help="number of documents")
        parser.add_argument("--events", type=int, required=True, help="number of document events")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args: Any, documents: int, events: int, seed: int, **options: Any) -> None:
        if documents < 1 or events < documents:
            raise CommandError("--documents must be at least 1 and --events at least --documents")
        wanted = marker_text(documents, events, seed)
        found = existing_marker()
        if found == wanted:
            self.stdout.write(f"This database already holds {wanted}: nothing to do.")
            return
        if found is not None:
            raise CommandError(
                f"This database already holds another synthetic set ({found}); "
                "generate into an empty (migrated) database."
            )
        self.stdout.write(f"Generating {wanted} ...")
        counts = generate(documents, events, seed, out=self.stdout.write, quiet=options["quiet"])
        summary = ", ".join(f"{value} {key}" for key, value in counts.items())
        self.stdout.write(f"Done: {summary}.")
