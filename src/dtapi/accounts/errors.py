"""Every message the accounts app answers with, and the exception that carries one.

The key-check and role texts are the original Datatracker's, which clients match on
(``test_apikey_errors``, Meetecho, the registration system). Texts marked "dtapi" are ours.
"""

from __future__ import annotations

from http import HTTPStatus

from django.http import HttpResponse

# -- require_api_key, in the order the checks run ---------------------------------------------
METHOD_NOT_ALLOWED = "Method not allowed"
MISSING_APIKEY = "Missing apikey parameter"
INVALID_APIKEY = "Invalid apikey"
ENDPOINT_MISMATCH = "Apikey endpoint mismatch"
STALE_LOGIN = "Too long since last regular login"
# An AttributeError escaping a view (the original's catch-all for bad input).
BAD_PARAMETERS = "Bad or missing parameters"
TOO_MANY_INVALID_KEYS = "Too many invalid apikeys, try again later"  # dtapi
MALFORMED_BODY = "Malformed request body"  # dtapi

# -- the role check of require_api_key -----------------------------------------------------------
RESTRICTED_TO_ROLE = "Restricted to role: {roles}"
RESTRICTED_TO_ROLES = "Restricted to roles: {roles}"

# -- /accounts/apikey/ pages --------------------------------------------------------------------
KEY_DISABLED = "Disabled key {key}"
KEY_NOT_DISABLED = "Key validation failed; key not disabled"
NO_ENDPOINTS = "Your roles do not allow API keys for any endpoint."  # dtapi


def restricted_to(roles: tuple[str, ...]) -> str:
    """The role-check refusal text for one or several roles."""
    template = RESTRICTED_TO_ROLE if len(roles) == 1 else RESTRICTED_TO_ROLES
    return template.format(roles=", ".join(roles))


class RequestRefused(Exception):
    """Refuse a request with ``status`` and a plain-text ``message`` (the API's error style).

    Raised by API views and the checks in front of them; :meth:`response` turns it into the
    answer. ``headers`` adds response headers (``Allow``, ``Retry-After``).
    """

    def __init__(
        self,
        message: str,
        status: HTTPStatus = HTTPStatus.BAD_REQUEST,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.headers = headers or {}

    def response(self) -> HttpResponse:
        response = HttpResponse(
            self.message, status=self.status, content_type="text/plain; charset=utf-8"
        )
        for name, value in self.headers.items():
            response[name] = value
        return response


class MethodNotAllowed(RequestRefused):
    def __init__(self, allowed: tuple[str, ...] = ("POST",)) -> None:
        super().__init__(
            METHOD_NOT_ALLOWED, HTTPStatus.METHOD_NOT_ALLOWED, {"Allow": ", ".join(allowed)}
        )
