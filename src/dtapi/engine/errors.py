"""Every error the engine answers, with its HTTP status and exact text, in one place.

The texts are the original API's (django-tastypie's) where it has one, so that clients see the
same bodies. Where the original fails with a 500, dtapi answers 400 with a message of its own;
those are marked "dtapi" below.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus

from django.core.exceptions import FieldError, ValidationError
from django.db import DatabaseError
from django.utils.html import escape

from dtapi.database.availability import (
    RETRY_AFTER,
    UNAVAILABLE,
    is_database_unavailable,
    unavailable_headers,
)
from dtapi.database.limits import configured_timeout, duration_text, is_statement_timeout

# -- messages (wire text) -----------------------------------------------------------------

# Pagination.
LIMIT_NOT_INTEGER = "Invalid limit '%s' provided. Please provide a positive integer."
LIMIT_NEGATIVE = "Invalid limit '%s' provided. Please provide a positive integer >= 0."
OFFSET_NOT_INTEGER = "Invalid offset '%s' provided. Please provide an integer."
OFFSET_NEGATIVE = "Invalid offset '%s' provided. Please provide a positive integer >= 0."
OFFSET_TOO_LARGE = (  # dtapi
    "Invalid offset '%s' provided. Please provide a positive integer below 9223372036854775808."
)

# Filtering.
FILTER_NOT_VALID_FIELD = "The '%s' field is not a valid field name"
FILTER_NOT_ALLOWED = "The '%s' field does not allow filtering."
FILTER_TYPE_NOT_ALLOWED = "'%s' is not an allowed filter on the '%s' field."
FILTER_NO_ATTRIBUTE = "The '%s' field has no 'attribute' for searching with."
FILTER_NO_RELATIONS = "The '%s' field does not support relations."
FILTER_TOO_DEEP = "Lookups are not allowed more than one level deep on the '%s' field."
FILTER_MISMATCHED_TYPE = "Invalid resource lookup data provided (mismatched type)."
INVALID_LOOKUP = "Invalid resource lookup: %s."  # a filter that fails only when the query runs
FILTER_NEEDS_LIST = (  # dtapi
    "The '%s' filter on the '%s' field needs a comma-separated list of values."
)
FILTER_RANGE_NEEDS_TWO = (  # dtapi
    "The 'range' filter on the '%s' field needs exactly two comma-separated values."
)
FILTER_BAD_REGEX = "Invalid regular expression '%s' provided for the '%s' field."  # dtapi
# A valid pattern beyond dtapi's bounds (dtapi.database.limits.check_regex); %s: the reason.
FILTER_REGEX_REFUSED = (  # dtapi
    "The regular expression provided for the '%s' field is refused: %s."
)
FILTER_DURATION_UNSUPPORTED = (  # dtapi (SQLite cannot compare durations)
    "Filtering on the '%s' field is not supported by this server's database."
)
QUERY_FAILED = "The database could not run this query: %s"  # dtapi
# The statement timeout (DTAPI_STATEMENT_TIMEOUT) stopped the query: 400, as retrying the same
# request will not help. %s is "30 seconds" (or the server's limit when dtapi sets none).
QUERY_TIMEOUT = (  # dtapi
    "The query took longer than %s and was cancelled. Narrow it with filters or a smaller limit."
)
QUERY_TIMEOUT_UNKNOWN = "the database's time limit"  # dtapi

# Ordering.
ORDER_NO_FIELD = "No matching '%s' field for ordering on."
ORDER_NOT_ALLOWED = "The '%s' field does not allow ordering."
ORDER_NO_ATTRIBUTE = "The '%s' field has no 'attribute' for ordering with."

# Formats and detail lookups.
INVALID_ACCEPT = "Invalid Accept header"
MULTIPLE_OBJECTS = "More than one resource is found at this URI."
CANNED_ERROR = "Sorry, this request could not be processed. Please try again later."


def sanitize(text: str) -> str:
    """HTML-escape an error text as the original does, but keep quotes readable.

    So ``>`` goes out as ``&gt;`` while ``'`` and ``"`` stay as they are.
    """
    return escape(text).replace("&#x27;", "'").replace("&quot;", '"')


# -- exception classes ----------------------------------------------------------------------


class ApiError(Exception):
    """An error answered with ``status`` and a body ``{key: message}`` in the negotiated format
    (or, where :attr:`plain` is set, with that text as it is: the original's bare answers)."""

    status: HTTPStatus = HTTPStatus.BAD_REQUEST
    key = "error"
    headers: dict[str, str] = {}  # noqa: RUF012 - read-only, response headers to add
    plain: str | None = None

    def __init__(self, message: str, *args: object) -> None:
        super().__init__(message % args if args else message)

    @property
    def message(self) -> str:
        return sanitize(str(self.args[0]))

    def body(self) -> dict[str, str]:
        return {self.key: self.message}


class BadRequest(ApiError):
    """400 ``{"error": "..."}``."""


class InvalidFilter(BadRequest):
    """400: a filter parameter that names a resource field cannot be applied."""


class InvalidSort(BadRequest):
    """400: an ``order_by`` that is not allowed."""


class ValidationFailed(BadRequest):
    """400 from a Django ``ValidationError``: the body is the text of its message list."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("%s", str(messages))


class LookupMismatch(ApiError):
    """404 with the canned body, for a detail id of the wrong type (``/person/person/abc/``)."""

    status = HTTPStatus.NOT_FOUND
    key = "error_message"

    def __init__(self) -> None:
        super().__init__(CANNED_ERROR)


class QueryTimeout(BadRequest):
    """400: the database cancelled the request's query at the statement timeout."""

    def __init__(self, seconds: float) -> None:
        super().__init__(QUERY_TIMEOUT, duration_text(seconds) or QUERY_TIMEOUT_UNKNOWN)


class InternalError(ApiError):
    """500 with the canned body: an unexpected exception (logged; no details to the client)."""

    status = HTTPStatus.INTERNAL_SERVER_ERROR
    key = "error_message"

    def __init__(self) -> None:
        super().__init__(CANNED_ERROR)


class DatabaseUnavailable(ApiError):
    """503 with ``Retry-After``: the database cannot be reached (dtapi.database.availability)."""

    status = HTTPStatus.SERVICE_UNAVAILABLE

    def __init__(self) -> None:
        super().__init__(UNAVAILABLE, RETRY_AFTER)
        self.headers = unavailable_headers()


class InvalidAcceptHeader(BadRequest):
    def __init__(self) -> None:
        super().__init__(INVALID_ACCEPT)


class NotFound(ApiError):
    """404 with an empty body: no object at this detail URI (the original's bare answer)."""

    status = HTTPStatus.NOT_FOUND
    plain = ""

    def __init__(self) -> None:
        super().__init__("")


class MultipleFound(ApiError):
    """300 with a bare text: more than one object at this detail URI."""

    status = HTTPStatus.MULTIPLE_CHOICES
    plain = MULTIPLE_OBJECTS

    def __init__(self) -> None:
        super().__init__(MULTIPLE_OBJECTS)


class BareBadRequest(ApiError):
    """400 with an empty body (an app's top level with a bad ``Accept`` header)."""

    plain = ""

    def __init__(self) -> None:
        super().__init__("")


# -- translating what Django and the database raise ----------------------------------------------


class Stage(enum.Enum):
    """What the engine was doing when an exception came: the same exception means different
    things (and gets different texts, the original's) at different stages."""

    FILTER = "filter"  # building a queryset from the request's filters
    COUNT = "count"  # counting a list (the original's paginator patch)
    ROWS = "rows"  # fetching rows and running the to-many loaders
    KEY = "key"  # turning a detail URI's key into a query parameter


def translate(exc: BaseException, stage: Stage | None = None) -> ApiError | None:
    """The answer for ``exc`` raised at ``stage`` (``None``: outside any), or ``None`` when it
    is not the request's fault (a server error)."""
    if isinstance(exc, ApiError):
        return exc
    if is_statement_timeout(exc):
        return QueryTimeout(configured_timeout())
    if is_database_unavailable(exc):  # 503 + Retry-After, at any stage
        return DatabaseUnavailable()
    if stage is None:
        return None
    if isinstance(exc, ValidationError):
        return ValidationFailed(exc.messages)
    if isinstance(exc, FieldError):
        if stage is Stage.FILTER:
            return InvalidFilter(INVALID_LOOKUP, exc)
        return BadRequest("%s", str(exc))
    if isinstance(exc, (ValueError, TypeError, OverflowError)):  # Overflow: SQLite, > 64 bits
        if stage is Stage.KEY:
            return LookupMismatch()
        if stage is Stage.COUNT and isinstance(exc, ValueError):  # ``isnull=maybe``
            return BadRequest(INVALID_LOOKUP, exc)
        return InvalidFilter(FILTER_MISMATCHED_TYPE)
    if isinstance(exc, DatabaseError):
        return BadRequest(QUERY_FAILED, str(exc).strip())
    return None


@contextmanager
def translating(stage: Stage) -> Iterator[None]:
    """Run a block whose exceptions, where the request caused them, become :class:`ApiError`."""
    try:
        yield
    except Exception as exc:
        error = translate(exc, stage)
        if error is None or error is exc:
            raise
        raise error from None
