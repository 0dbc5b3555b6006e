"""The /api/ site's own pages: the help page and /api/version."""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_safe

import dtapi
from dtapi.accounts.conf import accounts_settings
from dtapi.accounts.endpoints import ENDPOINTS
from dtapi.api.holdings import holdings, newest_load
from dtapi.utils.models import DumpInfo

logger = logging.getLogger(__name__)

DUMPTIME_FORMAT = "%Y-%m-%d %H:%M:%S %z"


@require_safe
def version(request: HttpRequest) -> JsonResponse:
    """``{"version": ..., "dumptime": ...}``: dtapi's version and when its data was made.

    The original answers the time of the database dump it serves. Here that is the newest of
    a dump's time (``DumpInfo``, stored as wall-clock time of the zone named in its ``tz`` and
    shown in that zone with its offset: ``2022-08-31 07:10:01 -0700``) and the time the newest
    data load finished (shown in UTC: ``2025-03-01 12:30:00 +0000``); null before either.
    """
    times: list[datetime.datetime] = []
    info = DumpInfo.objects.order_by("-date").first()
    if info is not None:
        try:
            zone = ZoneInfo(info.tz)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        times.append(info.date.replace(tzinfo=zone))
    load = newest_load()
    if load is not None:
        times.append(load.finished.astimezone(datetime.UTC))
    dumptime = max(times).strftime(DUMPTIME_FORMAT) if times else None
    return JsonResponse({"version": dtapi.__version__, "dumptime": dumptime})


def _signing_key() -> dict[str, str] | None:
    """The public signing key as JWK and PEM text, if the signing app is there and has one."""
    try:
        from dtapi.signing import keys
    except ImportError:
        return None
    try:
        return {"jwk": json.dumps(keys.public_jwk(), indent=2), "pem": keys.public_pem()}
    except ImproperlyConfigured as exc:
        logger.warning("no signing key to show on /api/: %s", exc)
        return None


def _issuer() -> str | None:
    try:
        from dtapi.oidc.issuer import issuer
    except ImportError:
        return None
    return issuer()


def _key_endpoints() -> list[dict[str, Any]]:
    return [
        {
            "path": entry.path,
            "role": ", ".join(entry.roles) or "anyone with an account",
            "description": entry.description,
        }
        for entry in ENDPOINTS
    ]


def _jwks_url() -> str | None:
    try:
        resolve("/api/signing/jwks")
    except Resolver404:
        return None
    return "/api/signing/jwks"


@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    """The API notes: what this instance holds, what the API offers and how to use it."""
    context = {
        "base_url": settings.DTAPI_BASE_URL,
        "version": dtapi.__version__,
        "signing_key": _signing_key(),
        "jwks_url": _jwks_url(),
        "issuer": _issuer(),
        "key_endpoints": _key_endpoints(),
        "login_limit_days": accounts_settings.APIKEY_LOGIN_LIMIT_DAYS,
        "holdings": holdings(),
        "newest_load": newest_load(),
    }
    return render(request, "api/index.html", context)
