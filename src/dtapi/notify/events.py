"""What each event says: the ``data`` of a notification, built from the changed objects.

Every object is named by its /api/v1 resource URI and by the values a subscriber needs
without fetching it (document name, position slug, state slug, ...).
"""

from __future__ import annotations

from typing import Any

from dtapi.doc.models import (
    BallotPositionDocEvent,
    Document,
    NewRevisionDocEvent,
    State,
    StateDocEvent,
)
from dtapi.engine.conf import engine_settings
from dtapi.engine.encoding import format_datetime, uri_segment
from dtapi.meeting.models import Session


def uri(app: str, model: str, key: Any) -> str:
    """The /api/v1 resource URI of one object."""
    return f"{engine_settings.url_prefix}{app}/{model}/{uri_segment(key)}/"


def _document(doc: Document) -> dict[str, Any]:
    return {
        "name": doc.name,
        "uri": uri("doc", "document", doc.name),
        "rev": doc.rev,
        "type": doc.type_id,
    }


def _person(person_id: int, name: str) -> dict[str, Any]:
    return {"id": person_id, "name": name, "uri": uri("person", "person", person_id)}


def ballot_position(event: BallotPositionDocEvent) -> dict[str, Any]:
    """A balloter's position was recorded."""
    ballot = event.ballot
    return {
        "event": uri("doc", "ballotpositiondocevent", event.pk),
        "time": format_datetime(event.time),
        "document": _document(event.doc),
        "ballot": None
        if ballot is None
        else {
            "uri": uri("doc", "ballotdocevent", ballot.pk),
            "type": ballot.ballot_type.slug,
        },
        "balloter": _person(event.balloter_id, event.balloter.plain_name()),
        "by": _person(event.by_id, event.by.plain_name()),
        "position": {
            "slug": event.pos_id,
            "name": event.pos.name,
            "uri": uri("name", "ballotpositionname", event.pos_id),
        },
        "discuss": event.discuss,
        "comment": event.comment,
    }


def session_recording(session: Session) -> dict[str, Any]:
    """The recordings of a session, as they are now (after the change)."""
    recordings = (
        session.presentations.filter(document__type="recording")
        .select_related("document")
        .order_by("order", "document__name")
    )
    return {
        "session": {"id": session.pk, "uri": uri("meeting", "session", session.pk)},
        "meeting": {
            "number": session.meeting.number,
            "uri": uri("meeting", "meeting", session.meeting_id),
        },
        "group": {
            "acronym": session.group.acronym,
            "uri": uri("group", "group", session.group_id),
        },
        "meetecho_recording_name": session.meetecho_recording_name,
        "recordings": [
            {
                "name": p.document.name,
                "uri": uri("doc", "document", p.document.name),
                "title": p.document.title,
                "external_url": p.document.external_url,
            }
            for p in recordings
        ],
    }


def doc_state(
    doc: Document, state_type_id: str, event: StateDocEvent | None = None
) -> dict[str, Any]:
    """A document's state of one state type, as it is now (None: no state of that type)."""
    state: State | None = doc.states.filter(type_id=state_type_id).first()
    return {
        "document": _document(doc),
        "state_type": {"slug": state_type_id, "uri": uri("doc", "statetype", state_type_id)},
        "state": None
        if state is None
        else {
            "id": state.pk,
            "slug": state.slug,
            "name": state.name,
            "uri": uri("doc", "state", state.pk),
        },
        "event": None
        if event is None
        else {
            "uri": uri("doc", "statedocevent", event.pk),
            "by": _person(event.by_id, event.by.plain_name()),
            "desc": event.desc,
        },
    }


def new_revision(event: NewRevisionDocEvent) -> dict[str, Any]:
    """A new revision of a draft was posted (e.g. a confirmed submission)."""
    from dtapi.submit.models import Submission

    doc = event.doc
    submission = (
        Submission.objects.filter(name=doc.name, rev=event.rev)
        .exclude(state_id="cancel")
        .order_by("-pk")
        .first()
    )
    return {
        "event": uri("doc", "newrevisiondocevent", event.pk),
        "time": format_datetime(event.time),
        "document": {**_document(doc), "rev": event.rev, "title": doc.title},
        "by": _person(event.by_id, event.by.plain_name()),
        "desc": event.desc,
        "submission": None
        if submission is None
        else {"id": submission.pk, "uri": uri("submit", "submission", submission.pk)},
    }
