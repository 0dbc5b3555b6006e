"""``dtapi oidc-key generate|show``: the ID-token signing keys (RS256 and ES256)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dtapi.oidc import keys
from dtapi.signing import keyfiles


class Command(BaseCommand):
    help = (
        "Generate the OpenID Connect ID-token keys into files (default in VAR_DIR), or show them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        generate = sub.add_parser("generate", help="create the RS256 and ES256 key files")
        generate.add_argument("--alg", choices=keys.ALGORITHMS, action="append")
        generate.add_argument(
            "--force",
            action="store_true",
            help="replace existing keys (tokens signed with the old ones stop verifying)",
        )
        sub.add_parser("show", help="print the published JWK Set")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "generate":
            for alg in options["alg"] or keys.ALGORITHMS:
                path = keys.key_file(alg)
                try:
                    keyfiles.write_pem(
                        path,
                        keyfiles.generate_pem(keys.SPECS[alg].kind),
                        overwrite=options["force"],
                    )
                except FileExistsError:
                    self.stdout.write(f"{alg}: {path} exists (use --force to replace it)")
                    continue
                self.stdout.write(f"{alg}: wrote a new key to {path}")
            keys.reset()
        try:
            self.stdout.write(json.dumps(keys.jwks(), indent=2, sort_keys=True))
        except keys.KeyNotAvailable as exc:
            raise CommandError(str(exc)) from exc
