"""Creating accounts: an auth user with a person, an email address and roles."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from dtapi.group.models import Group, Role
from dtapi.name.models import GroupStateName, GroupTypeName, RoleName
from dtapi.person.models import Email, Person, validate_name_characters

__all__ = ["AccountError", "RoleSpec", "create_account", "parse_role"]

# Groups a role implies when the group does not exist yet: role slug -> group type. The
# Secretariat's roles live in the group "secretariat" of type "ietf".
_GROUP_TYPE_FOR_ROLE = {"ad": "area", "pre-ad": "area", "recman": "ietf"}
_KNOWN_GROUPS = {"secretariat": ("ietf", "IETF Secretariat"), "ietf": ("ietf", "IETF")}


class AccountError(ValueError):
    """The account cannot be created as asked; the message says why."""


@dataclass(frozen=True)
class RoleSpec:
    role: str  # RoleName slug, e.g. "ad"
    group: str  # Group acronym, e.g. "ops"


def parse_role(text: str) -> RoleSpec:
    """Parse ``role:group`` (``ad:ops``, ``recman:ietf``)."""
    role, sep, group = text.partition(":")
    if not sep or not role or not group:
        raise AccountError(f"Role {text!r} is not of the form ROLE:GROUP, e.g. ad:ops")
    return RoleSpec(role.strip(), group.strip())


def _ascii(name: str) -> str:
    """``name`` without accents and other non-ASCII characters."""
    decomposed = unicodedata.normalize("NFKD", name)
    return decomposed.encode("ascii", "ignore").decode("ascii").strip() or name


def _group_for(spec: RoleSpec, create_group: bool) -> tuple[Group, bool]:
    """The group of a role. A missing group is an error (a typo must not create an area)
    unless ``create_group``; the IETF and the Secretariat, which every instance has, are
    always created when missing."""
    group = Group.objects.filter(acronym=spec.group).first()
    if group is not None:
        return group, False
    if spec.group in _KNOWN_GROUPS:
        type_slug, name = _KNOWN_GROUPS[spec.group]
    elif not create_group:
        raise AccountError(
            f"No group {spec.group!r} (see /api/v1/group/group/?acronym={spec.group}); "
            "check the acronym, or add --create-group to create it"
        )
    elif spec.role in _GROUP_TYPE_FOR_ROLE:
        type_slug, name = _GROUP_TYPE_FOR_ROLE[spec.role], spec.group.upper()
    else:
        raise AccountError(
            f"No group {spec.group!r}, and --create-group cannot tell what kind of group a "
            f"{spec.role!r} role belongs to; create the group first (e.g. in the admin)"
        )
    if not GroupTypeName.objects.filter(slug=type_slug).exists() or not (
        GroupStateName.objects.filter(slug="active").exists()
    ):
        raise AccountError("The built-in vocabulary is missing; run `dtapi migrate` first")
    group = Group.objects.create(
        acronym=spec.group, name=name, type_id=type_slug, state_id="active"
    )
    return group, True


@transaction.atomic
def create_account(
    *,
    username: str,
    name: str,
    email: str,
    ascii_name: str = "",
    roles: list[RoleSpec] = (),  # type: ignore[assignment]
    password: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
    create_group: bool = False,
) -> tuple[Person, list[str]]:
    """Create a user, its person, a primary email address and the given roles.

    Without a password the user cannot log in until one is set (``dtapi changepassword``).
    A role's group must exist, unless ``create_group`` (then an ``ad``/``pre-ad`` role's group
    is created as an area, a ``recman`` role's as an ``ietf`` group). Returns the person and
    notes on what else was created (groups). Raises
    :class:`AccountError` when the username or address is taken or a role cannot be given.
    """
    try:
        validate_name_characters(name)
        validate_email(email)
    except ValidationError as exc:
        raise AccountError(" ".join(exc.messages)) from exc
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise AccountError(f"User {username!r} already exists")
    if Email.objects.filter(address=email).exists():
        raise AccountError(f"The address {email!r} already belongs to someone")
    notes: list[str] = []
    for spec in roles:
        if not RoleName.objects.filter(slug=spec.role).exists():
            raise AccountError(f"No role {spec.role!r}; see /api/v1/name/rolename/")
    # Groups are checked (and made) before the user, so a refused role leaves nothing behind.
    groups = []
    for spec in roles:
        group, created = _group_for(spec, create_group)
        groups.append(group)
        if created:
            notes.append(f"Created group {group.acronym!r} ({group.type_id})")
    user = user_model.objects.create_user(
        username=username,
        email=email,
        password=password,
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    person = Person.objects.create(
        user=user, name=name, ascii=ascii_name or _ascii(name), time=timezone.now()
    )
    address = Email.objects.create(
        address=email, person=person, primary=True, active=True, origin=username
    )
    for spec, group in zip(roles, groups, strict=True):
        Role.objects.get_or_create(name_id=spec.role, group=group, person=person, email=address)
    return person, notes
