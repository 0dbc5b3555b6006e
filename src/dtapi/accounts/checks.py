"""System checks of the accounts app."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from dtapi.accounts.roles import ROLES
from dtapi.person.models import PERSON_API_KEY_VALUES


@register()
def key_endpoint_roles_are_known(**kwargs: Any) -> list[Error]:
    """Every role an API key endpoint needs must be defined in ``accounts.roles.ROLES``."""
    return [
        Error(
            f"API key endpoint {endpoint} needs role {role!r}, which dtapi.accounts.roles "
            "does not define.",
            id="dtapi.accounts.E001",
        )
        for endpoint, _label, role in PERSON_API_KEY_VALUES
        if role is not None and role not in ROLES
    ]
