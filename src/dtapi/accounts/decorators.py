"""``require_api_key(path)``: authenticate a request by a personal API key for ``path``.

``path`` names an entry of :data:`dtapi.accounts.endpoints.ENDPOINTS`, which says which roles
may use the endpoint; the decorator refuses a path that is not in the table (at import).
The checks run in the original Datatracker's order, each with its text (all plain text):

1. method other than GET or POST: 405 "Method not allowed";
2. no ``apikey`` (POST form field for POST, query parameter for GET): 400 "Missing apikey
   parameter";
3. not the string of a valid key: 403 "Invalid apikey" -- or (dtapi) 429 with ``Retry-After``
   when the client's address presented too many invalid keys lately (a valid key is never
   refused for that; ``accounts.throttle``);
4. the request path is not the key's endpoint, exactly: 400 "Apikey endpoint mismatch";
5. the owner is not staff and has not logged in interactively within
   ``APIKEY_LOGIN_LIMIT_DAYS`` days: 400 "Too long since last regular login";
6. the owner holds none of the entry's roles (when it names any): 403, an HTML page saying
   "Restricted to role: <role>" (or "roles: <a>, <b>").

Then the request runs as the key's owner (``request.user``; no session is created and
``last_login`` is not touched), inside one database transaction that also counts the use
and logs a ``PersonApiKeyEvent``. The view may raise
:class:`~dtapi.accounts.errors.RequestRefused`; its writes are then rolled back (the use stays
counted) and the refusal is the answer. An ``AttributeError`` escaping the view is answered
400 "Bad or missing parameters", as the original does.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters

from dtapi.accounts import apikeys, errors, throttle
from dtapi.accounts.conf import accounts_settings
from dtapi.accounts.endpoints import endpoint
from dtapi.accounts.roles import has_role, role_refusal
from dtapi.ratelimit.headers import rate_limit_headers

__all__ = ["require_api_key"]

logger = logging.getLogger(__name__)


def _presented_key(request: HttpRequest) -> str | None:
    if request.method == "POST":
        try:
            return request.POST.get("apikey")
        except MultiPartParserError as exc:
            raise errors.RequestRefused(errors.MALFORMED_BODY) from exc
    if request.method == "GET":
        return request.GET.get("apikey")
    raise errors.MethodNotAllowed(("GET", "POST"))


def _recent_login(user: Any) -> bool:
    if user.is_staff:
        return True
    if user.last_login is None:
        return False
    limit = datetime.timedelta(days=accounts_settings.APIKEY_LOGIN_LIMIT_DAYS)
    return timezone.now() - user.last_login <= limit


def _authenticate(request: HttpRequest) -> Any:
    """Run checks 1-5; return the key, or raise RequestRefused."""
    presented = _presented_key(request)
    if not presented:
        raise errors.RequestRefused(errors.MISSING_APIKEY)
    key = apikeys.find_key(presented)
    user = key.person.user if key is not None else None
    if key is None or user is None or not user.is_active:
        count = throttle.record_failure(request)
        if count.exceeded:
            raise errors.RequestRefused(
                errors.TOO_MANY_INVALID_KEYS,
                HTTPStatus.TOO_MANY_REQUESTS,
                rate_limit_headers(count, refused=True),
            )
        raise errors.RequestRefused(
            errors.INVALID_APIKEY, HTTPStatus.FORBIDDEN, rate_limit_headers(count, refused=False)
        )
    if request.path_info != key.endpoint:
        raise errors.RequestRefused(errors.ENDPOINT_MISMATCH)
    if not _recent_login(user):
        raise errors.RequestRefused(errors.STALE_LOGIN)
    return key


def require_api_key(
    path: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Authenticate by a personal API key for ``path`` (see the module text); CSRF-exempt.

    The wrapped view carries ``api_key_endpoint`` (the path), which the system check matches
    against the URLconf and the table.
    """
    entry = endpoint(path)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                key = _authenticate(request)
            except errors.RequestRefused as refusal:
                return refusal.response()
            request.user = key.person.user
            with transaction.atomic():
                apikeys.record_use(key)
                if entry.roles and not has_role(request.user, *entry.roles):
                    return role_refusal(request, entry.roles)
                try:
                    with transaction.atomic():
                        return view(request, *args, **kwargs)
                except errors.RequestRefused as refusal:
                    return refusal.response()
                except AttributeError:
                    logger.exception("AttributeError in %s (key id %s)", request.path, key.pk)
                    return errors.RequestRefused(errors.BAD_PARAMETERS).response()

        protected = csrf_exempt(sensitive_post_parameters("apikey")(wrapper))
        protected.api_key_endpoint = entry.path  # type: ignore[attr-defined]
        return protected

    return decorator
