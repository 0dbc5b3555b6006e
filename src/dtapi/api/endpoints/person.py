"""Persons as JSON: ``POST /api/v2/person/person`` (Robot; the mail archive looks up senders)
and ``GET /api/export/personal-information/`` (a signed-in person's own data).

``/api/v2/person/person``: every POST field but ``apikey``, ``_expand`` and ``_key`` is a
Django lookup on persons (``email=<address>``), and so is every query parameter but those
(``not__<lookup>`` excludes); ``_expand`` (comma-separated) embeds relations, ``_key`` names
the field the answer is keyed by. No POST filter: 400 "No filters provided". A lookup the
database cannot apply: 200 ``{"error": ...}``, as the original answers.
"""

from __future__ import annotations

from http import HTTPStatus

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from dtapi.accounts.decorators import require_api_key
from dtapi.api import errors
from dtapi.person import export

_CONTROL = ("apikey", "_expand", "_key")
_EXCLUDE = "not__"


def _json(data: dict) -> HttpResponse:
    return HttpResponse(export.dumps(data), content_type="application/json")


@require_api_key("/api/v2/person/person")
def person_lookup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # The original's class view fails on a GET; its catch-all answers this.
        raise errors.RequestRefused(errors.BAD_PARAMETERS)
    filters = {k: v for k, v in request.POST.items() if k not in _CONTROL}
    if not filters:
        raise errors.RequestRefused(errors.NO_FILTERS)
    excludes = {}
    for name, value in request.GET.items():
        if name in _CONTROL:
            continue
        if name.startswith(_EXCLUDE):
            excludes[name.removeprefix(_EXCLUDE)] = value
        else:
            filters[name] = value
    expand = (request.POST.get("_expand") or request.GET.get("_expand") or "").split(",")
    key = request.POST.get("_key") or request.GET.get("_key") or "pk"
    try:
        return _json(export.export(export.filtered(filters, excludes), expand, key))
    except export.ExportError as exc:
        return JsonResponse({"error": str(exc)}, status=HTTPStatus.OK)


@require_GET
@login_required
def personal_information(request: HttpRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404("No person record for this account")
    return _json(export.personal_information(person))
