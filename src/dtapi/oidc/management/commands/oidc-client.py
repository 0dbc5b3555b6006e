"""``dtapi oidc-client add|list|remove``: operators register OpenID Connect clients."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dtapi.oidc import clients, keys
from dtapi.oidc.models import Client
from dtapi.oidc.scopes import SCOPES


class Command(BaseCommand):
    help = "Register, list or remove OpenID Connect clients (relying parties)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="register a client; prints its id (and secret)")
        add.add_argument("--name", required=True)
        add.add_argument(
            "--redirect-uri",
            action="append",
            required=True,
            dest="redirect_uris",
            help="an exact redirect URI (repeat for several)",
        )
        add.add_argument(
            "--post-logout-redirect-uri", action="append", dest="post_logout_redirect_uris"
        )
        add.add_argument(
            "--public",
            action="store_true",
            help="a public client (no secret; PKCE S256 required)",
        )
        add.add_argument(
            "--scopes",
            nargs="+",
            metavar="SCOPE",
            help=f"scopes it may request (default: all of {' '.join(SCOPES)})",
        )
        add.add_argument("--algorithm", choices=keys.ALGORITHMS, default="RS256")
        add.add_argument(
            "--skip-consent", action="store_true", help="do not ask users for permission"
        )
        sub.add_parser("list", help="list the registered clients")
        remove = sub.add_parser("remove", help="delete a client and its tokens")
        remove.add_argument("client_id")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_add(self, **options: Any) -> None:
        scopes = [s for item in options["scopes"] or [] for s in item.replace(",", " ").split()]
        try:
            registered = clients.register(
                options["name"],
                options["redirect_uris"],
                public=options["public"],
                scopes=scopes or None,
                algorithm=options["algorithm"],
                post_logout_redirect_uris=options["post_logout_redirect_uris"],
                skip_authorization=options["skip_consent"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"client_id: {registered.client.client_id}")
        if registered.secret:
            self.stdout.write(f"client_secret: {registered.secret}")
            self.stdout.write("(the secret is stored hashed: keep it now, it is not shown again)")

    def handle_list(self, **options: Any) -> None:
        for client in Client.objects.order_by("name", "pk"):
            self.stdout.write(
                f"{client.client_id}  {client.client_type:<12} {client.algorithm}  "
                f"{client.name!r}  {client.redirect_uris}"
            )

    def handle_remove(self, client_id: str, **options: Any) -> None:
        deleted, _ = Client.objects.filter(client_id=client_id).delete()
        if not deleted:
            raise CommandError(f"No client {client_id}")
        self.stdout.write(f"Removed client {client_id}")
