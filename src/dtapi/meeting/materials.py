"""Session materials that meeting tools upload: bluesheets, chat logs, poll results, attendance.

A session has at most one document of each of these types (``bluesheets``, ``chatlog``,
``polls``), attached through ``SessionPresentation``. The first upload creates it at revision
``00``, named after the meeting, the group and the session's official start as the original
Datatracker names them (``chatlog-119-mars-202403180930``); each later upload is the next
revision. Every revision's file is kept in the storage ``"materials"`` as
``<meeting number>/<type>/<name>-<rev>.<ext>``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.template.loader import render_to_string

from dtapi.doc.models import Document, NewRevisionDocEvent, State
from dtapi.doc.services import save_with_history
from dtapi.meeting.models import Attended, Registration, Session
from dtapi.name.models import DocTypeName
from dtapi.person.models import Person

__all__ = [
    "NoOfficialTimeslot",
    "Attendance",
    "add_attendance",
    "read_revision",
    "render_bluesheet",
    "upload",
]


class NoOfficialTimeslot(Exception):
    """The session is not in the official schedule, so a new document has no name."""


@dataclass(frozen=True)
class Attendance:
    person: Person
    time: datetime.datetime | None


def _file_path(session: Session, doc: Document, ext: str) -> str:
    return f"{session.meeting.number}/{doc.type_id}/{doc.name}-{doc.rev}.{ext}"


def _new_document(session: Session, type_slug: str) -> Document:
    assignment = session.official_timeslotassignment()
    if assignment is None:
        raise NoOfficialTimeslot(session.pk)
    doc_type = DocTypeName.objects.get(slug=type_slug)
    start = assignment.timeslot.time.astimezone(datetime.UTC)
    meeting = session.meeting
    if meeting.type_id == "ietf":
        name = f"{doc_type.prefix}-{meeting.number}-{session.group.acronym}-{start:%Y%m%d%H%M}"
        title = f"{doc_type.name} IETF{meeting.number}: {session.group.acronym}: {start:%a %H:%M}"
    else:
        name = f"{doc_type.prefix}-{meeting.number}-{start:%Y%m%d%H%M}"
        title = f"{doc_type.name} {meeting.number}: {start:%a %H:%M}"
    doc = Document.objects.create(
        name=name, type_id=type_slug, title=title, group=session.group, rev="00"
    )
    active = State.objects.filter(type_id=type_slug, slug="active").first()
    if active is not None:
        doc.set_state(active)
    session.presentations.create(document=doc, rev=doc.rev)
    return doc


@transaction.atomic
def upload(session: Session, type_slug: str, content: bytes, ext: str, by: Person) -> Document:
    """Store ``content`` as the next revision of the session's ``type_slug`` document.

    Raises :class:`NoOfficialTimeslot` when the document is new and the session has no
    official timeslot. The file is written before the transaction commits; a failure
    after it leaves a file no document points at, never a document without its file.
    """
    presentation = (
        session.presentations.filter(document__type=type_slug).select_related("document").first()
    )
    if presentation is None:
        doc = _new_document(session, type_slug)
    else:
        doc = presentation.document
        doc.rev = f"{int(doc.rev or '0') + 1:02d}"
        presentation.rev = doc.rev
        presentation.save(update_fields=["rev"])
    path = _file_path(session, doc, ext)
    store = storages["materials"]
    if store.exists(path):
        store.delete(path)
    store.save(path, ContentFile(content))
    doc.uploaded_filename = f"{doc.name}-{doc.rev}.{ext}"
    event = NewRevisionDocEvent.objects.create(
        type="new_revision",
        doc=doc,
        rev=doc.rev,
        by=by,
        desc=f"New revision available: {doc.rev}",
    )
    save_with_history(doc, [event])
    return doc


def read_revision(session: Session, doc: Document, ext: str) -> bytes:
    """The stored file of ``doc``'s current revision."""
    with storages["materials"].open(_file_path(session, doc, ext), "rb") as f:
        return f.read()


def render_bluesheet(session: Session, rows: list[tuple[str, str]]) -> bytes:
    """The text bluesheet of ``rows`` (name, affiliation)."""
    text = render_to_string("meeting/bluesheet.txt", {"session": session, "rows": rows})
    return text.encode("utf-8")


def attendee_rows(session: Session) -> list[tuple[str, str]]:
    """(name, affiliation) of the session's recorded attendees, by name; the affiliation is
    the one the attendee registered for the meeting with."""
    affiliations = dict(
        Registration.objects.filter(meeting=session.meeting, person__isnull=False).values_list(
            "person_id", "affiliation"
        )
    )
    rows = [
        (attended.person.plain_name(), affiliations.get(attended.person_id, ""))
        for attended in session.attended_set.select_related("person")
    ]
    return sorted(rows)


@transaction.atomic
def add_attendance(session: Session, attendances: Iterable[Attendance], by: Person) -> None:
    """Record who attended ``session`` (a person already recorded keeps the first time).

    For an interim meeting the bluesheet is regenerated from the attendance, as the original
    does: interims have no paper bluesheets.
    """
    for attendance in attendances:
        Attended.objects.get_or_create(
            session=session, person=attendance.person, defaults={"time": attendance.time}
        )
    if session.meeting.type_id == "interim":
        upload(session, "bluesheets", render_bluesheet(session, attendee_rows(session)), "txt", by)
