"""Which format to answer in: ``?format=``, then the ``Accept`` header, then the default.

The formats are the renderers' table (:data:`dtapi.engine.renderers.RENDERERS`).
"""

from __future__ import annotations

import mimeparse
from django.http import HttpRequest

from .errors import InvalidAcceptHeader
from .renderers import BY_NAME, DEFAULT, JSON, RENDERERS, content_type

# mimeparse prefers the *last* of equally rated types: offered in reverse order of preference,
# as the original does.
_OFFERED = [media for media, renderer in reversed(RENDERERS.items()) if renderer.negotiable]


def determine_format(request: HttpRequest) -> str:
    """The media type to answer with; raises :class:`InvalidAcceptHeader` for a bad header."""
    requested = request.GET.get("format")
    if requested in BY_NAME:
        return BY_NAME[requested]
    accept = request.META.get("HTTP_ACCEPT", "*/*")
    if accept != "*/*":
        try:
            best = mimeparse.best_match(_OFFERED, accept)
        except ValueError:
            raise InvalidAcceptHeader() from None
        if best:
            return str(best)
    return DEFAULT


def error_format(request: HttpRequest) -> str:
    """The format for an error body: as negotiated, or JSON when negotiation itself fails."""
    if request.GET.get("callback") is not None:
        return JSON
    try:
        return determine_format(request)
    except InvalidAcceptHeader:
        return JSON


__all__ = ["content_type", "determine_format", "error_format"]
