"""The engine's gzip, as a middleware: ``dtapi.engine.middleware.ApiGZipMiddleware``.

Django's ``GZipMiddleware`` for the answers of the engine's views only (they mark themselves
with :func:`mark_for_gzip`), and only while ``DTAPI["GZIP"]`` is on: the site's other pages are
sent as they are. It belongs above ``CorsMiddleware`` and ``ConditionalGetMiddleware`` in
``MIDDLEWARE``, so that the ETag and a 304 are those of the uncompressed body and ``Vary`` lists
``Accept-Encoding`` last.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware

from .conf import engine_settings

_MARK = "dtapi_gzip"


def mark_for_gzip(response: HttpResponse) -> None:
    setattr(response, _MARK, True)


class ApiGZipMiddleware(GZipMiddleware):
    replay_safe = True  # the answer depends on Accept-Encoding only, a header replay keys on

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not getattr(response, _MARK, False) or not engine_settings.GZIP:
            return response
        return super().process_response(request, response)
