"""``dtapi apitoken``: issue, list and disable application tokens (``X-Api-Key``).

    dtapi apitoken add --endpoint ietf.api.views.draft_aliases --client postfix
    dtapi apitoken add --endpoint /api/email/ --endpoint /api/email/test/ --client mailman
    dtapi apitoken list
    dtapi apitoken disable 3

``add`` prints the new token once (only its hash is kept). An endpoint is given by its name
or its path (``dtapi apitoken list --endpoints`` shows both).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dtapi.accounts import apptokens
from dtapi.accounts.endpoints import TOKEN_ENDPOINTS
from dtapi.accounts.models import AppApiToken


class Command(BaseCommand):
    help = "Issue (add), list or disable application API tokens (the X-Api-Key header)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="issue a token; prints it once")
        add.add_argument(
            "--endpoint",
            action="append",
            required=True,
            help="endpoint name or path (repeatable)",
        )
        add.add_argument("--client", required=True, help="who the token is for")
        add.add_argument("--description", default="")
        listing = sub.add_parser("list", help="list tokens (never the tokens themselves)")
        listing.add_argument(
            "--endpoints", action="store_true", help="list the endpoints tokens can be for"
        )
        disable = sub.add_parser("disable", help="disable a token by its id")
        disable.add_argument("id", type=int)

    def handle(self, *args, **options) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _add(self, options: dict) -> None:
        try:
            row, token = apptokens.issue(
                options["client"], options["endpoint"], options["description"]
            )
        except KeyError as exc:
            known = ", ".join(e.name for e in TOKEN_ENDPOINTS)
            raise CommandError(f"Unknown endpoint {exc.args[0]}; known: {known}") from exc
        endpoints = ", ".join(row.endpoints.order_by("endpoint").values_list("endpoint", flat=True))
        self.stderr.write(f"Issued token {row.pk} for {row.client}: {endpoints}")
        self.stdout.write(token)

    def _list(self, options: dict) -> None:
        if options["endpoints"]:
            for entry in TOKEN_ENDPOINTS:
                self.stdout.write(f"{entry.name}  {entry.path}  ({entry.description})")
            return
        for row in AppApiToken.objects.order_by("pk").prefetch_related("endpoints"):
            endpoints = ", ".join(sorted(e.endpoint for e in row.endpoints.all()))
            state = "enabled" if row.enabled else "disabled"
            self.stdout.write(
                f"{row.pk}  {row.client}  {state}  {row.created:%Y-%m-%d}  {endpoints}"
            )

    def _disable(self, options: dict) -> None:
        if not AppApiToken.objects.filter(pk=options["id"]).update(enabled=False):
            raise CommandError(f"No token {options['id']}")
        self.stdout.write(f"Disabled token {options['id']}")
