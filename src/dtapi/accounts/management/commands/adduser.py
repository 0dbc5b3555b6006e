"""``dtapi adduser``: create a login with a person, an email address and roles."""

from __future__ import annotations

import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dtapi.accounts.apikeys import endpoints_for
from dtapi.accounts.users import AccountError, create_account, parse_role


class Command(BaseCommand):
    help = (
        "Create a user with a person, a primary email address and roles, e.g. "
        '`dtapi adduser --username ad1 --name "Alex Director" --email ad1@example.org '
        "--role ad:ops`. A role's group must exist (--create-group makes a missing one). "
        "Asks for the password unless --password-stdin or --no-password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--name", required=True, help="full name of the person")
        parser.add_argument("--ascii", default="", help="name in ASCII (derived when omitted)")
        parser.add_argument("--email", required=True, help="primary email address")
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            metavar="ROLE:GROUP",
            help="role slug and group acronym, e.g. ad:ops or recman:ietf (repeatable); "
            "the group must exist unless --create-group",
        )
        parser.add_argument(
            "--create-group",
            action="store_true",
            help="create a missing group of a role: an area for ad/pre-ad, an ietf group for "
            "recman (without it, an unknown acronym is refused)",
        )
        parser.add_argument("--staff", action="store_true", help="may use the admin")
        parser.add_argument("--superuser", action="store_true", help="all admin permissions")
        how = parser.add_mutually_exclusive_group()
        how.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )
        how.add_argument(
            "--no-password",
            action="store_true",
            help="create the user without a usable password (set one with changepassword)",
        )

    def handle(self, *args, **options):
        try:
            roles = [parse_role(text) for text in options["role"]]
        except AccountError as exc:
            raise CommandError(str(exc)) from exc
        password = self._password(options)
        try:
            person, notes = create_account(
                username=options["username"],
                name=options["name"],
                ascii_name=options["ascii"],
                email=options["email"],
                roles=roles,
                password=password,
                is_staff=options["staff"],
                is_superuser=options["superuser"],
                create_group=options["create_group"],
            )
        except AccountError as exc:
            raise CommandError(str(exc)) from exc
        for note in notes:
            self.stdout.write(note)
        held = ", ".join(f"{r.role} in {r.group}" for r in roles) or "no roles"
        self.stdout.write(
            self.style.SUCCESS(f"Created user {options['username']!r} (person {person.pk}, {held})")
        )
        endpoints = [path for path, _label in endpoints_for(person.user)]
        self.stdout.write(
            "API keys it may create: "
            + (", ".join(endpoints) if endpoints else "none (no role grants an endpoint)")
        )

    def _password(self, options) -> str | None:
        if options["no_password"]:
            return None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            if not sys.stdin.isatty():
                raise CommandError("No terminal: use --password-stdin or --no-password")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match")
        if not password:
            raise CommandError("Empty password")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        return password
