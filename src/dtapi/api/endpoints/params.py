"""Reading the form fields of write requests."""

from __future__ import annotations

from django.http import HttpRequest

from dtapi.api import errors


def require_post(request: HttpRequest) -> None:
    if request.method != "POST":
        raise errors.MethodNotAllowed(("POST",))


def searchable(value: str) -> bool:
    """Whether ``value`` can be looked up at all (PostgreSQL refuses NUL characters)."""
    return "\x00" not in value


def parse_id(value: str) -> int | None:
    """An integer primary key as the original parses one (``int()``), or None if not one."""
    try:
        return int(value)
    except ValueError:
        return None


# Row ids fit a signed 32-bit integer (AutoField); larger numbers name no row.
MAX_ID = 2**31 - 1


def id_in_range(pk: int) -> bool:
    return 0 < pk <= MAX_ID
