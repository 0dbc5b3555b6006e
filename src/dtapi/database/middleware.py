"""Middleware shared by every view outside the /api/v1 engine (which answers its own errors)."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse

from dtapi.database.limits import configured_timeout, duration_text, is_statement_timeout

# dtapi: plain text, the style of the /api/ endpoints' answers. %s is "30 seconds".
STATEMENT_TIMEOUT = (
    "The database took longer than %s on this request and cancelled it. Please try again later."
)


class StatementTimeoutMiddleware:
    """Answer 503 (not a 500 page) when the statement timeout cancelled a view's query.

    Such a view (a write API call, a JSON page) is not made expensive by its parameters, so a
    cancelled query means a busy or locked database: worth retrying later.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_statement_timeout(exception):
            return None
        # No timeout of dtapi's: the server's own limit struck.
        limit = duration_text(configured_timeout()) or "its time limit"
        return HttpResponse(
            STATEMENT_TIMEOUT % limit,
            status=HTTPStatus.SERVICE_UNAVAILABLE,
            content_type="text/plain; charset=utf-8",
        )
