"""``limit``/``offset`` parsing and the ``meta`` block with root-relative next/previous links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from . import errors
from .conf import engine_settings

# The largest offset a database accepts (signed 64-bit); beyond it the original fails with 500.
MAX_OFFSET = 2**63 - 1


@dataclass(frozen=True)
class Window:
    limit: int
    offset: int

    @property
    def stop(self) -> int:
        return self.offset + self.limit


def parse_limit(params: QueryDict) -> int:
    raw = params.get("limit", engine_settings.DEFAULT_LIMIT)
    try:
        limit = int(raw)
    except ValueError:
        raise errors.BadRequest(errors.LIMIT_NOT_INTEGER, raw) from None
    if limit < 0:
        raise errors.BadRequest(errors.LIMIT_NEGATIVE, raw)
    max_limit = engine_settings.MAX_LIMIT
    if max_limit and (not limit or limit > max_limit):
        return int(max_limit)
    return limit


def parse_offset(params: QueryDict) -> int:
    raw = params.get("offset", 0)
    try:
        offset = int(raw)
    except ValueError:
        raise errors.BadRequest(errors.OFFSET_NOT_INTEGER, raw) from None
    if offset < 0:
        raise errors.BadRequest(errors.OFFSET_NEGATIVE, raw)
    if offset > MAX_OFFSET:
        raise errors.BadRequest(errors.OFFSET_TOO_LARGE, raw)
    return offset


def parse_window(params: QueryDict) -> Window:
    return Window(limit=parse_limit(params), offset=parse_offset(params))


def page_uri(list_uri: str, params: QueryDict, limit: int, offset: int) -> str:
    """The list URI with the request's parameters (order and repeats kept), ``limit`` and
    ``offset`` moved to the end."""
    query = params.copy()
    query.pop("limit", None)
    query.pop("offset", None)
    query.setlist("limit", [str(limit)])
    query.setlist("offset", [str(offset)])
    return f"{list_uri}?{query.urlencode()}"


def meta(list_uri: str, params: QueryDict, window: Window, total: int) -> dict[str, Any]:
    limit, offset = window.limit, window.offset
    previous = None
    if offset - limit >= 0:
        previous = page_uri(list_uri, params, limit, offset - limit)
    following = None
    if offset + limit < total:
        following = page_uri(list_uri, params, limit, offset + limit)
    return {
        "limit": limit,
        "next": following,
        "offset": offset,
        "previous": previous,
        "total_count": total,
    }
