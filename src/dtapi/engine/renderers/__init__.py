"""The output formats: one table, media type -> :class:`Renderer`.

A new format is one entry here (and its module beside this one); negotiation, error bodies, the
detail cache, ``Content-Type`` and the OpenAPI document all read the table. Its order is the
order of preference: the first entry is the default, and an ``Accept`` header that rates two
formats equally gets the earlier one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import json, xml

JSON = "application/json"
XML = "application/xml"
HTML = "text/html"


@dataclass(frozen=True)
class Renderer:
    """How to write wire data in one format."""

    #: the ``?format=`` value that asks for it
    name: str
    #: wire data (see :mod:`dtapi.engine.wire`) -> body bytes, UTF-8
    render: Callable[[Any], bytes]
    #: whether ``Content-Type`` carries ``; charset=utf-8`` (the original's JSON has none)
    charset: bool = True
    #: whether an ``Accept`` header can choose it (otherwise only ``?format=`` does)
    negotiable: bool = True

    def content_type(self, media_type: str) -> str:
        return f"{media_type}; charset=utf-8" if self.charset else media_type


def _html(data: Any) -> bytes:
    # The explorer's page (html.py, imported when first used: it needs the engine loaded).
    from .html import render_bound

    return render_bound(data)


RENDERERS: dict[str, Renderer] = {
    JSON: Renderer("json", json.render, charset=False),
    XML: Renderer("xml", xml.render),
    # Last, so that it loses every tie: only ?format=html or an Accept header that rates
    # text/html above JSON and XML (a browser's) gets it.
    HTML: Renderer("html", _html),
}
DEFAULT = JSON
#: ``?format=`` value -> media type
BY_NAME: dict[str, str] = {renderer.name: media for media, renderer in RENDERERS.items()}


def render(data: Any, media_type: str) -> bytes:
    """Bytes of ``data`` (wire values only) in the format ``media_type`` (a key of the table)."""
    return RENDERERS[media_type].render(data)


def content_type(media_type: str) -> str:
    """The ``Content-Type`` header value for ``media_type``."""
    return RENDERERS[media_type].content_type(media_type)


__all__ = [
    "BY_NAME",
    "DEFAULT",
    "HTML",
    "JSON",
    "RENDERERS",
    "XML",
    "Renderer",
    "content_type",
    "render",
]
