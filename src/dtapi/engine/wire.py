"""Types of wire data: what views produce and renderers write (no Django, no models)."""

from __future__ import annotations

from typing import Any


class WireObject(dict[str, Any]):
    """One resource object on the wire (the XML renderer writes it as ``<object>``)."""
