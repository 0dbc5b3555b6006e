"""Which format to answer in: ``?format=``, then the ``Accept`` header, then JSON.

HTML (the explorer, ``renderers/html.py``) is offered first, so that it loses every tie: only
``?format=html`` or an ``Accept`` header that rates ``text/html`` above JSON and XML (a
browser's) gets it; ``*/*``, no header and ``application/json`` get JSON as before.
"""

from __future__ import annotations

import mimeparse
from django.http import HttpRequest

from .errors import InvalidAcceptHeader

JSON = "application/json"
XML = "application/xml"
HTML = "text/html"

FORMATS = {"json": JSON, "xml": XML, "html": HTML}
# Offered to mimeparse in reverse order of preference, as the original does.
_OFFERED = [HTML, XML, JSON]


def determine_format(request: HttpRequest) -> str:
    """The MIME type to answer with; raises :class:`InvalidAcceptHeader` for a bad header."""
    requested = request.GET.get("format")
    if requested in FORMATS:
        return FORMATS[requested]
    accept = request.META.get("HTTP_ACCEPT", "*/*")
    if accept != "*/*":
        try:
            best = mimeparse.best_match(_OFFERED, accept)
        except ValueError:
            raise InvalidAcceptHeader() from None
        if best:
            return str(best)
    return JSON


def error_format(request: HttpRequest) -> str:
    """The format for an error body: as negotiated, or JSON when negotiation itself fails."""
    if request.GET.get("callback") is not None:
        return JSON
    try:
        return determine_format(request)
    except InvalidAcceptHeader:
        return JSON


def content_type(mime: str) -> str:
    """The ``Content-Type`` header value: JSON has no charset parameter, the others do."""
    return mime if mime == JSON else f"{mime}; charset=utf-8"
