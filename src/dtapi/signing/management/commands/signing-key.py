"""``dtapi signing-key generate|show``: create or display the JWS signing key (ES256)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dtapi.signing import keyfiles, keys


class Command(BaseCommand):
    help = (
        "Generate the ES256 signing key into a file (default in VAR_DIR), or show its public key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        generate = sub.add_parser("generate", help="create a new P-256 private key file")
        generate.add_argument("--file", type=Path, help="where to write it (default: the setting)")
        generate.add_argument(
            "--force", action="store_true", help="replace an existing key (rotates the key)"
        )
        sub.add_parser("show", help="print the key id, public JWK and public PEM")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "generate":
            self.generate(options["file"] or keys.key_file(), options["force"])
        self.show()

    def generate(self, path: Path, force: bool) -> None:
        try:
            keyfiles.write_pem(path, keyfiles.generate_pem(keys.KEY_KIND), overwrite=force)
        except FileExistsError as exc:
            raise CommandError(f"{path} exists; use --force to replace the key") from exc
        keys.reset()
        self.stdout.write(f"Wrote a new signing key to {path}")

    def show(self) -> None:
        try:
            self.stdout.write(f"kid: {keys.kid()}")
            self.stdout.write(json.dumps(keys.public_jwk(), indent=2, sort_keys=True))
            self.stdout.write(keys.public_pem().rstrip())
        except keys.KeyNotAvailable as exc:
            raise CommandError(str(exc)) from exc
