"""The claims dtapi releases about a user, computed from their Person record.

:class:`PersonClaims` computes each group of claims once per request; ``scopes.CLAIM_SCOPES``
says which scope releases which claim. A user without a Person gets only ``sub``.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import Q

from dtapi.group.models import Group, Role
from dtapi.meeting.models import Meeting, Registration
from dtapi.person.models import Person

# Which roles earn which badge ("dot"): (badge, test on (role slug, group acronym, group type)).
_DOT_RULES: tuple[tuple[str, Any], ...] = (
    ("chair", lambda role, acronym, gtype: role == "chair" and gtype == "wg"),
    (
        "iesg",
        lambda role, acronym, gtype: (
            (acronym == "iesg" and role in ("ad", "pre-ad"))
            or (acronym == "iab" and role == "chair")
        ),
    ),
    ("iab", lambda role, acronym, gtype: acronym == "iab" and role == "member"),
    ("irsg", lambda role, acronym, gtype: acronym == "irsg"),
    ("llc", lambda role, acronym, gtype: acronym == "llc-board"),
    ("trust", lambda role, acronym, gtype: acronym == "ietf-trust"),
    (
        "nomcom",
        lambda role, acronym, gtype: acronym.startswith("nomcom") and role in ("chair", "member"),
    ),
)


class PersonClaims:
    """Claims about one user; each property is computed on first use."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def person(self) -> Person | None:
        return Person.objects.filter(user_id=self.user.pk).first()

    # --- profile ------------------------------------------------------------------------------

    def name(self) -> str | None:
        return self.person.plain_name() if self.person else None

    def given_name(self) -> str | None:
        return self.person.first_name() if self.person else None

    def family_name(self) -> str | None:
        return self.person.last_name() if self.person else None

    def nickname(self) -> str | None:
        # The Datatracker has no nicknames and always released "-".
        return "-" if self.person else None

    def picture(self) -> str | None:
        if self.person is None or not self.person.photo:
            return None
        url = self.person.photo.url
        return url if "://" in url else settings.DTAPI_BASE_URL + url

    # --- email --------------------------------------------------------------------------------

    def email(self) -> str | None:
        """The primary (or newest active) address, else the newest inactive one."""
        if self.person is None:
            return None
        found = self.person.email() or self.person.email_set.order_by("-time").first()
        return found.address if found else None

    # --- roles, dots, pronouns ----------------------------------------------------------------

    @cached_property
    def _active_roles(self) -> list[tuple[str, str, str]]:
        """(role slug, group acronym, group type) of the person's roles in active groups."""
        if self.person is None:
            return []
        rows = (
            Role.objects.filter(person=self.person, group__state__in=Group.ACTIVE_STATE_IDS)
            .order_by("name_id", "group__acronym")
            .values_list("name_id", "group__acronym", "group__type_id")
        )
        return [(name, acronym, gtype or "") for name, acronym, gtype in rows]

    def roles(self) -> list[list[str]] | None:
        if self.person is None:
            return None
        return [[name, acronym] for name, acronym, _gtype in self._active_roles]

    def dots(self) -> list[str] | None:
        if self.person is None:
            return None
        return [dot for dot, test in _DOT_RULES if any(test(*role) for role in self._active_roles)]

    def pronouns(self) -> str | None:
        return self.person.pronouns() if self.person else None

    # --- current meeting registration ---------------------------------------------------------

    @cached_property
    def _registration(self) -> dict[str, Any]:
        """meeting, ticket_type, reg_type and affiliation for the current IETF meeting."""
        if self.person is None:
            return {}
        meeting = Meeting.get_current_meeting()
        if meeting is None:
            return {}
        addresses = list(self.person.email_set.values_list("address", flat=True))
        registrations = list(
            Registration.objects.filter(meeting=meeting)
            .filter(Q(person=self.person) | Q(person__isnull=True, email__in=addresses))
            .prefetch_related("tickets")
            .order_by("pk")
        )
        if not registrations:
            return {}
        tickets = [t for r in registrations for t in r.tickets.all()]
        return {
            "meeting": meeting.number,
            "ticket_type": " ".join(sorted({t.ticket_type_id for t in tickets})),
            "reg_type": " ".join(sorted({t.attendance_type_id for t in tickets})),
            "affiliation": next((r.affiliation for r in registrations if r.affiliation), ""),
        }

    def meeting(self) -> str | None:
        return self._registration.get("meeting")

    def ticket_type(self) -> str | None:
        return self._registration.get("ticket_type")

    def reg_type(self) -> str | None:
        return self._registration.get("reg_type")

    def affiliation(self) -> str | None:
        return self._registration.get("affiliation")


CLAIMS = (
    "name",
    "given_name",
    "family_name",
    "nickname",
    "picture",
    "email",
    "roles",
    "dots",
    "pronouns",
    "meeting",
    "ticket_type",
    "reg_type",
    "affiliation",
)


def is_empty(value: Any) -> bool:
    """Claims with no value are left out of responses."""
    return value is None or value == "" or value == []
