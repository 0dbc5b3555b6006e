"""Public read endpoints beside /api/v1: iddiff's ``rfcdiff-latest-json``, a meeting's agenda
data and a session's materials (no authentication; GET)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from dtapi.api.endpoints.params import id_in_range, parse_id, searchable
from dtapi.doc import rfcdiff
from dtapi.meeting import agenda
from dtapi.meeting.models import Session

NO_SUCH_MEETING = "No such full IETF meeting"


@require_GET
def rfcdiff_latest_json(request: HttpRequest, name: str, rev: str | None = None) -> HttpResponse:
    answer = rfcdiff.latest(name, rev)
    if answer is None:
        raise Http404("No such document")
    return HttpResponse(json.dumps(answer), content_type="application/json")


@require_GET
@cache_page(300)  # as the original: the agenda is read often and changes rarely
def agenda_data(request: HttpRequest, num: str) -> HttpResponse:
    meeting = agenda.full_ietf_meeting(num) if searchable(num) else None
    if meeting is None:
        raise Http404(NO_SUCH_MEETING)
    return JsonResponse(agenda.agenda_data(meeting), encoder=DjangoJSONEncoder)


@require_GET
def session_materials(request: HttpRequest, session_id: str) -> HttpResponse:
    pk = parse_id(session_id)
    session = (
        Session.objects.select_related("meeting").filter(pk=pk).first()
        if pk is not None and id_in_range(pk)
        else None
    )
    if session is None:
        raise Http404("No such session")
    return JsonResponse(agenda.session_materials(session))
