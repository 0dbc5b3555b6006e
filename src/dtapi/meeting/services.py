"""Writes to meeting sessions: recording documents and the Meetecho recording name."""

from __future__ import annotations

import datetime
import re

from django.db import transaction
from django.db.models import Max

from dtapi.doc.models import DocEvent, Document, NewRevisionDocEvent, State
from dtapi.doc.services import save_with_history
from dtapi.meeting.models import Session, SessionPresentation
from dtapi.person.models import Person

__all__ = [
    "create_recording",
    "official_time",
    "sessions_in_official_order",
    "set_recording_name",
    "set_video_url",
    "video_recording",
    "video_recording_title",
]


def official_time(session: Session) -> datetime.datetime | None:
    """Start of the session's timeslot in the meeting's official schedule, if scheduled."""
    assignment = session.official_timeslotassignment()
    return assignment.timeslot.time if assignment is not None else None


def sessions_in_official_order(sessions) -> list[Session]:
    """The scheduled ones of ``sessions``, ordered by official start time (then id)."""
    timed = [(official_time(s), s.pk, s) for s in sessions]
    return [s for time, _, s in sorted(t for t in timed if t[0] is not None)]


def video_recording(session: Session) -> Document | None:
    """The session's (last) recording document whose title mentions video, if any."""
    found = [doc for doc in session.recordings() if "video" in doc.title.lower()]
    return found[-1] if found else None


def video_recording_title(acronym: str, start: datetime.datetime) -> str:
    start = start.astimezone(datetime.UTC)
    return f"Video recording for {acronym} on {start.date()} at {start.time()}"


def _next_recording_name(session: Session) -> str:
    prefix = f"recording-{session.meeting.number}-{session.group.acronym}-"
    taken = Document.objects.filter(name__startswith=prefix).values_list("name", flat=True)
    numbers = [int(m.group(1)) for n in taken if (m := re.fullmatch(r"(\d+)", n[len(prefix) :]))]
    return f"{prefix}{max(numbers, default=0) + 1}"


@transaction.atomic
def create_recording(session: Session, url: str, title: str, by: Person) -> Document:
    """Create a recording document for ``session`` pointing at ``url``, attached to it."""
    doc = Document.objects.create(
        name=_next_recording_name(session),
        type_id="recording",
        title=title,
        external_url=url,
        group=session.group,
        rev="00",
    )
    active = State.objects.filter(type_id="recording", slug="active").first()
    if active is not None:
        doc.set_state(active)
    NewRevisionDocEvent.objects.create(
        type="new_revision",
        by=by,
        doc=doc,
        rev=doc.rev,
        desc="New revision available",
        time=doc.time,
    )
    last = session.presentations.filter(document__type="recording").aggregate(m=Max("order"))
    SessionPresentation.objects.create(
        session=session, document=doc, rev=doc.rev, order=(last["m"] or 0) + 1
    )
    return doc


@transaction.atomic
def set_video_url(session: Session, url: str, by: Person, start: datetime.datetime) -> bool:
    """Point the session's video recording at ``url``; create the recording if it has none.

    ``start`` is the session's official start, for a new recording's title. Returns False
    (and changes nothing) when the recording already has that URL.
    """
    recording = video_recording(session)
    if recording is None:
        create_recording(session, url, video_recording_title(session.group.acronym, start), by)
        return True
    if recording.external_url == url:
        return False
    event = DocEvent.objects.create(
        doc=recording,
        rev=recording.rev,
        type="added_comment",
        by=by,
        desc=f"External url changed from {recording.external_url} to {url}",
    )
    recording.external_url = url
    save_with_history(recording, [event])
    return True


def set_recording_name(session: Session, name: str) -> None:
    """Set the name of the session's recording in the Meetecho player."""
    session.meetecho_recording_name = name
    session.save(update_fields=["meetecho_recording_name", "modified"])
