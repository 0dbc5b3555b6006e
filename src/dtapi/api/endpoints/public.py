"""Public read endpoints beside /api/v1: iddiff's ``rfcdiff-latest-json``, a meeting's agenda
data and a session's materials (no authentication; GET)."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from dtapi.doc import rfcdiff


@require_GET
def rfcdiff_latest_json(request: HttpRequest, name: str, rev: str | None = None) -> HttpResponse:
    answer = rfcdiff.latest(name, rev)
    if answer is None:
        raise Http404("No such document")
    return HttpResponse(json.dumps(answer), content_type="application/json")


__all__ = ["JsonResponse", "rfcdiff_latest_json"]
