"""Meetecho's endpoints: a session's video recording URL and its recording name.

``POST /api/meeting/session/video/url`` takes ``session_id`` and ``url``, or (deprecated)
``meeting``, ``group``, ``item`` (1-based, in official start order) and ``url``.
``POST /api/meeting/session/recording-name`` takes ``session_id`` and ``name``.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import HttpRequest, HttpResponse

from dtapi.accounts.decorators import require_api_key
from dtapi.api import errors
from dtapi.api.endpoints.params import id_in_range, parse_id, require_post, searchable
from dtapi.doc.models import Document
from dtapi.meeting import services
from dtapi.meeting.models import Session

_URL_MAX_LENGTH = Document._meta.get_field("external_url").max_length
_NAME_MAX_LENGTH = Session._meta.get_field("meetecho_recording_name").max_length
_DEPRECATED_PARAMETERS = ("meeting", "group", "item")


def done() -> HttpResponse:
    return HttpResponse(errors.DONE, content_type="text/plain; charset=utf-8")


def required(request: HttpRequest, name: str) -> str:
    value = request.POST.get(name)
    if value is None:
        raise errors.missing(name)
    return value


def session_by_id(session_id: str) -> Session:
    pk = parse_id(session_id)
    if pk is None:
        raise errors.RequestRefused(errors.INVALID_SESSION_ID)  # literal braces, see errors
    session = (
        Session.objects.select_related("meeting", "group").filter(pk=pk).first()
        if id_in_range(pk)
        else None
    )
    if session is None:
        raise errors.RequestRefused(errors.SESSION_NOT_FOUND.format(session_id=session_id))
    return session


def _check_url(url: str) -> None:
    try:
        if len(url) > _URL_MAX_LENGTH or not searchable(url):
            raise ValidationError("not storable")
        URLValidator()(url)
    except ValidationError as exc:
        raise errors.RequestRefused(errors.INVALID_URL.format(url=url)) from exc


def _set_video_url(request: HttpRequest, session: Session, url: str) -> bool:
    start = services.official_time(session)
    if start is None and services.video_recording(session) is None:
        # Without a timeslot there is no time for the new recording's title.
        raise errors.RequestRefused(errors.SESSION_NOT_SCHEDULED)
    return services.set_video_url(session, url, request.user.person, start)


def session_by_item(request: HttpRequest, *extra: str) -> tuple[Session, list[str]]:
    """The deprecated interface: the session is the ``item``-th of a group's in a meeting.

    Reads ``meeting``, ``group``, ``item`` and the ``extra`` parameters (all required, in
    that order); returns the session and the extra values.
    """
    values = []
    for name in (*_DEPRECATED_PARAMETERS, *extra):
        values.append(request.POST.get(name))
        if not values[-1]:
            raise errors.missing(name)
    number, acronym, item = values[:3]
    sessions = Session.objects.select_related("meeting", "group")
    sessions = sessions.filter(meeting__number=number) if searchable(number) else sessions.none()
    if not sessions.exists():
        raise errors.RequestRefused(errors.NO_SESSIONS_FOR_MEETING.format(meeting=number))
    sessions = sessions.filter(group__acronym=acronym) if searchable(acronym) else sessions.none()
    if not sessions.exists():
        raise errors.RequestRefused(
            errors.NO_SESSIONS_FOR_GROUP.format(meeting=number, group=acronym)
        )
    ordered = services.sessions_in_official_order(sessions)
    if not re.fullmatch(r"[0-9]+", item):
        raise errors.RequestRefused(errors.ITEM_NOT_NUMERIC.format(item=item))
    index = int(item) if len(item) <= 9 else 0  # longer numbers are past any list's end
    if not 1 <= index <= len(ordered):
        raise errors.RequestRefused(errors.NO_SUCH_ITEM.format(item=item))
    return ordered[index - 1], values[3:]


def uses_deprecated_interface(request: HttpRequest) -> bool:
    return any(name in request.POST for name in _DEPRECATED_PARAMETERS)


def _video_url_by_item(request: HttpRequest) -> HttpResponse:
    session, [url] = session_by_item(request, "url")
    _check_url(url)
    if not _set_video_url(request, session, url):
        raise errors.RequestRefused(errors.SAME_URL)
    return done()


@require_api_key("/api/meeting/session/video/url")
def set_session_video_url(request: HttpRequest) -> HttpResponse:
    require_post(request)
    if uses_deprecated_interface(request):
        return _video_url_by_item(request)
    session_id = required(request, "session_id")
    url = required(request, "url")
    session = session_by_id(session_id)
    _check_url(url)
    _set_video_url(request, session, url)
    return done()


@require_api_key("/api/meeting/session/recording-name")
def set_session_recording_name(request: HttpRequest) -> HttpResponse:
    require_post(request)
    session_id = required(request, "session_id")
    name = required(request, "name")
    session = session_by_id(session_id)
    if len(name) > _NAME_MAX_LENGTH or not searchable(name):
        raise errors.RequestRefused(errors.INVALID_NAME.format(max_length=_NAME_MAX_LENGTH))
    services.set_recording_name(session, name)
    return done()
