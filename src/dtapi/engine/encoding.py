"""Python values -> wire values: the one place where dates, times and URIs are formatted.

Wire values are the simple types both renderers understand: ``str``, ``int``, ``float``,
``bool``, ``None``, lists and dicts. Types follow the original's field classes: a
``decimal`` is sent as a string, a duration as ``str(timedelta)``, a datetime in UTC with
second precision and a trailing ``Z``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import quote

UTC = datetime.UTC

# Characters Django's reverse() leaves unescaped in a URL path (RFC 3986 sub-delims + "/~:@").
_URI_SAFE = "!$&'()*+,;=/~:@"


def format_datetime(value: datetime.datetime) -> str:
    """``2023-09-03T12:34:56Z``: UTC, microseconds dropped."""
    if value.tzinfo is not None and value.utcoffset():
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


@lru_cache(maxsize=65536)
def _quote_text(text: str) -> str:
    return quote(text, safe=_URI_SAFE)


def uri_segment(value: Any) -> str:
    """A detail id as it appears in a resource URI (percent-encoded like Django's reverse)."""
    if type(value) is int:
        return str(value)
    return _quote_text(str(value))


def _nullable(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def encode(value: Any) -> Any:
        return None if value is None else convert(value)

    return encode


def _decimal(value: Any) -> str:
    return str(value)


def _isoformat(value: Any) -> str:
    return str(value.isoformat())


def _date(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat()


class WireType(NamedTuple):
    """How a schema type goes on the wire: its encoder and the JSON Schema of the result."""

    #: non-null Python value -> wire value
    encode: Callable[[Any], Any]
    #: the JSON Schema of a non-null wire value (OpenAPI); a pattern where the text has a form
    schema: dict[str, Any]


_STRING: dict[str, Any] = {"type": "string"}

#: Wire type (the schema's "type") -> encoder and JSON Schema, for the plan and for OpenAPI.
WIRE_TYPES: dict[str, WireType] = {
    "string": WireType(str, _STRING),
    "integer": WireType(int, {"type": "integer"}),
    "boolean": WireType(bool, {"type": "boolean"}),
    "float": WireType(float, {"type": "number"}),
    "decimal": WireType(_decimal, _STRING),  # sent as text
    "date": WireType(
        _date, {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    ),
    "datetime": WireType(
        format_datetime,
        {
            "type": "string",
            "format": "date-time",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
        },
    ),
    "time": WireType(_isoformat, {"type": "string", "pattern": r"^\d{2}:\d{2}:\d{2}(\.\d{6})?$"}),
    "timedelta": WireType(
        str, {"type": "string", "pattern": r"^(-?\d+ days?, )?\d{1,2}:\d{2}:\d{2}(\.\d{6})?$"}
    ),
}
# Anything else (a file name, a computed value of its own type) is sent as ``str(value)``.
_DEFAULT = WIRE_TYPES["string"]


def wire_type(name: str) -> WireType:
    return WIRE_TYPES.get(name, _DEFAULT)


def encoder_for(wire_type_name: str) -> Callable[[Any], Any]:
    """The value encoder for a schema type; ``None`` passes through as ``None``."""
    return _nullable(wire_type(wire_type_name).encode)


def encode_any(value: Any) -> Any:
    """Encode a value of unknown type (schema defaults, computed results)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [encode_any(item) for item in value]
    if isinstance(value, dict):
        return {str(key): encode_any(item) for key, item in value.items()}
    return str(value)
