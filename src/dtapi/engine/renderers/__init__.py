"""Wire data -> response bytes, per format."""

from __future__ import annotations

from typing import Any

from ..negotiation import XML
from . import json, xml


def render(data: Any, mime: str) -> bytes:
    """Bytes of ``data`` (wire values only) in the format ``mime`` (JSON unless XML)."""
    if mime == XML:
        return xml.render(data)
    return json.render(data)


__all__ = ["render"]
