"""The answer to a login refused by the attempt limit (django-axes' ``AXES_LOCKOUT_CALLABLE``)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# dtapi: %s is "15 minutes".
LOGIN_LOCKED = (
    "Too many failed login attempts for this account or from this address. "
    "Logging in is blocked for %s; try again later."
)

POLICY = "login"


def cooloff_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def _duration(seconds: int) -> str:
    if seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"
    return f"{seconds} second" if seconds == 1 else f"{seconds} seconds"


def login_lockout(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """429, plain text, ``Retry-After`` and the RateLimit headers.

    Each attempt during the lockout starts the cool-off again
    (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``), so the wait is the whole cool-off.
    """
    seconds = cooloff_seconds()
    response = HttpResponse(
        LOGIN_LOCKED % _duration(seconds),
        status=HTTPStatus.TOO_MANY_REQUESTS,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    response["RateLimit-Policy"] = f'"{POLICY}";q={settings.AXES_FAILURE_LIMIT};w={seconds}'
    response["RateLimit"] = f'"{POLICY}";r=0;t={seconds}'
    response["Cache-Control"] = "no-store"
    return response
