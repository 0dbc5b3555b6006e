"""The scopes a client can ask for, what they mean, and which claims each one releases.

Standard OpenID Connect scopes plus the Datatracker's own (``roles``, ``dots``, ``pronouns``,
``registration``). DOT reads them through :class:`ClientScopes`
(``OAUTH2_PROVIDER["SCOPES_BACKEND_CLASS"]``), which also applies each client's
``allowed_scopes``.
"""

from __future__ import annotations

from typing import Any

from oauth2_provider.scopes import BaseScopes

# scope -> description shown on the consent page
SCOPES: dict[str, str] = {
    "openid": "Sign you in with your datatracker account",
    "profile": "Your name and photo (if you have one)",
    "email": "Your email address",
    "roles": "The roles you hold in IETF groups, as the datatracker knows them",
    "dots": "The badges shown next to your name (chair, IESG, IAB, NomCom, ...)",
    "pronouns": "Your pronouns",
    "registration": "Your registration for the current IETF meeting: meeting number, "
    "affiliation, registration type and ticket type",
}

DEFAULT_SCOPES = ["openid"]

# claim -> the scope that releases it
CLAIM_SCOPES: dict[str, str] = {
    "sub": "openid",
    "name": "profile",
    "given_name": "profile",
    "family_name": "profile",
    "nickname": "profile",
    "picture": "profile",
    "email": "email",
    "roles": "roles",
    "dots": "dots",
    "pronouns": "pronouns",
    "meeting": "registration",
    "ticket_type": "registration",
    "reg_type": "registration",
    "affiliation": "registration",
}


class ClientScopes(BaseScopes):
    """Every scope above, narrowed to a client's ``allowed_scopes`` when it has any."""

    def get_all_scopes(self) -> dict[str, str]:
        return SCOPES

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        allowed = application.scope_list() if application is not None else None
        if allowed is None:
            return list(SCOPES)
        return [scope for scope in SCOPES if scope in allowed]

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        available = self.get_available_scopes(application, request)
        return [scope for scope in DEFAULT_SCOPES if scope in available]
