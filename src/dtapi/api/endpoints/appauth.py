"""``/api/appauth/authortools`` and ``/api/appauth/bibxml``: services that let people sign in
with a personal API key ask whether a key is good. Any account may have such a key; a good
one answers ``{"success": true}``, a bad one the key check's refusal."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from dtapi.accounts.decorators import require_api_key


def _success() -> JsonResponse:
    return JsonResponse({"success": True})


@require_api_key("/api/appauth/authortools")
def authortools(request: HttpRequest) -> JsonResponse:
    return _success()


@require_api_key("/api/appauth/bibxml")
def bibxml(request: HttpRequest) -> JsonResponse:
    return _success()
