"""What meeting tools (Meetecho, the Secretariat) report about sessions.

``POST /api/notify/meeting/bluesheet``: ``session_id`` and ``bluesheet`` (a JSON list of
``{"name", "affiliation"}``), or (deprecated) ``meeting``, ``group``, ``item`` and ``bluesheet``.
``POST /api/notify/session/attendees``: ``attended`` = JSON ``{"session_id", "attendees"}``, the
attendees being user ids or ``{"user_id", "join_time"}`` objects.
``POST /api/notify/session/chatlog`` and ``.../polls``: ``apidata`` = JSON
``{"session_id", "chatlog"|"polls": [objects]}``, stored as a JSON document of the session.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse

from dtapi.accounts.decorators import require_api_key
from dtapi.api import errors
from dtapi.api.endpoints.meeting import (
    done,
    required,
    session_by_item,
    uses_deprecated_interface,
)
from dtapi.api.endpoints.params import id_in_range, parse_id, require_post
from dtapi.meeting import materials
from dtapi.meeting.models import Session

# RFC 3339 date-time, with its zone required (the original validates with JSON Schema's
# "date-time" format).
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _session(pk: int) -> Session | None:
    if not id_in_range(pk):
        return None
    return Session.objects.select_related("meeting", "group").filter(pk=pk).first()


# -- bluesheet ----------------------------------------------------------------------------------


def _bluesheet_session(session_id: str) -> Session:
    pk = parse_id(session_id)
    if pk is None:
        raise errors.RequestRefused(
            errors.INVALID_BLUESHEET_SESSION_ID.format(session_id=session_id)
        )
    session = _session(pk)
    if session is None:
        raise errors.RequestRefused(errors.SESSION_NOT_FOUND.format(session_id=session_id))
    return session


def _bluesheet_rows(text: str) -> list[tuple[str, str]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise errors.RequestRefused(errors.INVALID_JSON.format(value=text)) from exc
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        # dtapi: the original fails on these with a server error
        raise errors.RequestRefused(errors.INVALID_JSON.format(value=text))
    return [(str(row.get("name", "")), str(row.get("affiliation", ""))) for row in data]


@require_api_key("/api/notify/meeting/bluesheet")
def upload_bluesheet(request: HttpRequest) -> HttpResponse:
    require_post(request)
    if uses_deprecated_interface(request):
        session, [text] = session_by_item(request, "bluesheet")
    else:
        session_id = required(request, "session_id")
        text = required(request, "bluesheet")
        session = _bluesheet_session(session_id)
    rows = _bluesheet_rows(text)
    try:
        materials.upload(
            session,
            "bluesheets",
            materials.render_bluesheet(session, rows),
            "txt",
            request.user.person,
        )
    except materials.NoOfficialTimeslot as exc:
        raise errors.RequestRefused(errors.NO_OFFICIAL_TIMESLOT) from exc
    return done()


# -- attendees ----------------------------------------------------------------------------------


def _json_parameter(request: HttpRequest, name: str) -> Any:
    text = request.POST.get(name)
    if not text:
        raise errors.missing(name)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise errors.RequestRefused(errors.MALFORMED_POST) from exc


def _join_time(value: Any) -> datetime.datetime:
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise errors.RequestRefused(errors.MALFORMED_POST)
    try:
        return datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError as exc:  # e.g. month 13
        raise errors.RequestRefused(errors.MALFORMED_POST) from exc


def _attendee_times(attendees: Any) -> dict[int, datetime.datetime | None]:
    """``{user id: join time}`` from either format; anything else is a malformed post."""
    if not isinstance(attendees, list):
        raise errors.RequestRefused(errors.MALFORMED_POST)
    if all(_is_int(a) for a in attendees):
        return dict.fromkeys(attendees)
    times: dict[int, datetime.datetime | None] = {}
    for attendee in attendees:
        if (
            not isinstance(attendee, dict)
            or set(attendee) != {"user_id", "join_time"}
            or not _is_int(attendee["user_id"])
        ):
            raise errors.RequestRefused(errors.MALFORMED_POST)
        times[attendee["user_id"]] = _join_time(attendee["join_time"])
    return times


@require_api_key("/api/notify/session/attendees")
def add_session_attendees(request: HttpRequest) -> HttpResponse:
    require_post(request)
    payload = _json_parameter(request, "attended")
    if (
        not isinstance(payload, dict)
        or not _is_int(payload.get("session_id"))
        or "attendees" not in payload
    ):
        raise errors.RequestRefused(errors.MALFORMED_POST)
    times = _attendee_times(payload["attendees"])
    session = _session(payload["session_id"])
    if session is None:
        raise errors.RequestRefused(errors.INVALID_SESSION)
    ids = [pk for pk in times if id_in_range(pk)]
    users = get_user_model().objects.filter(pk__in=ids, person__isnull=False)
    found = {user.pk: user.person for user in users.select_related("person")}
    if len(found) != len(times):
        raise errors.RequestRefused(errors.INVALID_ATTENDEE)
    attendances = [materials.Attendance(found[pk], time) for pk, time in times.items()]
    try:
        materials.add_attendance(session, attendances, request.user.person)
    except materials.NoOfficialTimeslot as exc:
        raise errors.RequestRefused(errors.NO_OFFICIAL_TIMESLOT) from exc
    return done()


# -- chat logs and polls ------------------------------------------------------------------------


def _upload_json_list(request: HttpRequest, kind: str) -> HttpResponse:
    require_post(request)
    apidata = _json_parameter(request, "apidata")
    if not isinstance(apidata, dict) or not _is_int(apidata.get("session_id")):
        raise errors.RequestRefused(errors.MALFORMED_POST)
    items = apidata.get(kind)
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise errors.RequestRefused(errors.MALFORMED_POST)
    session = _session(apidata["session_id"])
    if session is None:
        raise errors.RequestRefused(errors.INVALID_SESSION)
    content = json.dumps(items).encode("utf-8")
    try:
        materials.upload(session, kind, content, "json", request.user.person)
    except materials.NoOfficialTimeslot as exc:
        raise errors.RequestRefused(errors.NO_OFFICIAL_TIMESLOT) from exc
    return done()


@require_api_key("/api/notify/session/chatlog")
def upload_chatlog(request: HttpRequest) -> HttpResponse:
    return _upload_json_list(request, "chatlog")


@require_api_key("/api/notify/session/polls")
def upload_polls(request: HttpRequest) -> HttpResponse:
    return _upload_json_list(request, "polls")
