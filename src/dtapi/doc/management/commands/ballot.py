"""``dtapi ballot open|close``: open or close a document's ballot, as the Secretariat does."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dtapi.doc.ballots import BallotError, close_ballot, find_document, issue_ballot
from dtapi.person.models import Email, Person

# Where positions on each kind of ballot are recorded.
POSITION_API = "/api/iesg/position"


class Command(BaseCommand):
    help = (
        "Open a ballot on a document (`dtapi ballot open --doc NAME [--type approve]`), as the "
        "Secretariat does when a ballot is issued, or close the open one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        opening = sub.add_parser(
            "open",
            help="issue a ballot: move the document into its balloting state, record the ballot",
        )
        opening.add_argument("--doc", required=True, metavar="NAME", help="document name")
        opening.add_argument(
            "--type",
            dest="ballot_type",
            metavar="TYPE",
            help="ballot type slug (/api/v1/doc/ballottype/): approve (default for drafts), "
            "irsg-approve, rsab-approve (defaults in the IRTF and editorial streams), conflrev, "
            "statchg, r-extrev, r-wo-ext",
        )
        closing = sub.add_parser("close", help="close the document's open ballot")
        closing.add_argument("--doc", required=True, metavar="NAME", help="document name")
        for each in (opening, closing):
            each.add_argument(
                "--by",
                metavar="WHO",
                help='who records it: a username, email address or person id (default: "(System)")',
            )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            doc = find_document(options["doc"])
            by = _person(options["by"]) if options["by"] else None
            if action == "open":
                self._open(doc, options["ballot_type"], by)
            else:
                closed = close_ballot(doc, by=by)
                self.stdout.write(
                    self.style.SUCCESS(f"Closed ballot {closed.ballot_type.name!r} on {doc.name}")
                )
        except BallotError as exc:
            raise CommandError(str(exc)) from exc

    def _open(self, doc: Any, ballot_type: str | None, by: Person | None) -> None:
        issued = issue_ballot(doc, ballot_type, by=by)
        for note in issued.notes:
            self.stdout.write(self.style.WARNING(f"Note: {note}"))
        moved = (
            f"{issued.state.type.label}: {issued.state.name}"
            + (f" (was {issued.previous_state.name})" if issued.previous_state else "")
            if issued.previous_state != issued.state
            else f"{issued.state.type.label} stays {issued.state.name}"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Opened ballot {issued.ballot.ballot_type.name!r} on {doc.name} "
                f"(event {issued.ballot.pk}); {moved}"
            )
        )
        self.stdout.write(
            f"Positions: POST {POSITION_API} with doc={doc.name}; the ballot: "
            f"/api/v1/doc/ballotdocevent/{issued.ballot.pk}/"
        )


def _person(who: str) -> Person:
    """A person by username, email address or id."""
    found: Person | None = None
    if who.isdigit():
        found = Person.objects.filter(pk=int(who)).first()
    elif "@" in who:
        email = Email.objects.filter(address=who).select_related("person").first()
        found = email.person if email is not None else None
    else:
        user = get_user_model().objects.filter(username=who).first()
        found = getattr(user, "person", None) if user is not None else None
    if found is None:
        raise BallotError(f"No person {who!r} (give a username, email address or person id)")
    return found
