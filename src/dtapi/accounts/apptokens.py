"""Application API tokens (header ``X-Api-Key``): issuing, checking, and the view decorator.

A token is valid for an endpoint name (``ietf.api.views.draft_aliases``, see
:data:`dtapi.accounts.endpoints.TOKEN_ENDPOINTS`) when an enabled :class:`AppApiToken` with
that endpoint has its hash, or, as on the original, when the setting
``APP_API_TOKENS = {"<endpoint name>": ["<token>", ...]}`` lists it (a bare string is one
token, compared whole). A request without a valid token is answered 403 with an empty body,
before anything else is looked at.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt

from dtapi.accounts.endpoints import token_endpoint
from dtapi.accounts.models import AppApiToken, AppApiTokenEndpoint

__all__ = ["issue", "is_valid_token", "requires_api_token", "token_hash"]

HEADER = "HTTP_X_API_KEY"


def token_hash(token: str) -> str:
    return hashlib.sha384(token.encode("utf-8")).hexdigest()


def _configured(endpoint: str) -> list[str]:
    tokens = getattr(settings, "APP_API_TOKENS", {}).get(endpoint, [])
    return [tokens] if isinstance(tokens, str) else list(tokens)


def is_valid_token(endpoint: str, token: str | None) -> bool:
    """Whether ``token`` may call the endpoint named ``endpoint``."""
    if not token:
        return False
    found = AppApiToken.objects.filter(
        token_hash=token_hash(token), enabled=True, endpoints__endpoint=endpoint
    ).exists()
    if found:
        return True
    return any(hmac.compare_digest(token.encode(), t.encode()) for t in _configured(endpoint))


@transaction.atomic
def issue(client: str, endpoints: Iterable[str], description: str = "") -> tuple[AppApiToken, str]:
    """A new token for ``client`` valid for ``endpoints`` (names or paths); (row, token).

    Raises ``KeyError`` for an endpoint that is not in the table.
    """
    names = sorted({token_endpoint(e).name for e in endpoints})
    if not names:
        raise ValueError("a token needs at least one endpoint")
    token = secrets.token_urlsafe(40)
    row = AppApiToken.objects.create(
        token_hash=token_hash(token), client=client, description=description
    )
    AppApiTokenEndpoint.objects.bulk_create(
        AppApiTokenEndpoint(token=row, endpoint=name) for name in names
    )
    return row, token


def requires_api_token(name: str) -> Callable[[Callable[..., HttpResponse]], Any]:
    """Let through only requests whose ``X-Api-Key`` is valid for the endpoint ``name``."""
    entry = token_endpoint(name)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_valid_token(entry.name, request.META.get(HEADER)):
                return HttpResponseForbidden()
            return view(request, *args, **kwargs)

        protected = csrf_exempt(wrapper)
        protected.api_token_endpoint = entry.name  # type: ignore[attr-defined]
        return protected

    return decorator
