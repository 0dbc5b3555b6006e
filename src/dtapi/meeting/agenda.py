"""A meeting's agenda as data (``/api/meeting/<num>/agenda-data``) and a session's materials
(``/api/meeting/session/<id>/materials``), in the original Datatracker's shapes.

Material links point at ``<DTAPI_BASE_URL>/meeting/<number>/materials/<name>-<rev>``, where
the original serves them; dtapi keeps the documents' records, not their files.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Prefetch

from dtapi.meeting.models import (
    FloorPlan,
    Meeting,
    Room,
    SchedTimeSessAssignment,
    Session,
    SessionPresentation,
)

__all__ = ["agenda_data", "full_ietf_meeting", "session_materials"]

# Sessions of these types are not on the public agenda.
_HIDDEN_TYPES = ("offagenda", "reserved", "unavail")


def full_ietf_meeting(number: str) -> Meeting | None:
    return Meeting.objects.filter(number=number, type="ietf").first()


def _iso(value: datetime.datetime | datetime.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def material_url(meeting: Meeting, doc: Any) -> str:
    return f"{settings.DTAPI_BASE_URL}/meeting/{meeting.number}/materials/{doc.name}-{doc.rev}"


def _ext(doc: Any) -> str:
    name = doc.uploaded_filename or ""
    return name.rsplit(".", 1)[1] if "." in name else ""


def _categories(assignments: list[SchedTimeSessAssignment]) -> list[list[dict[str, Any]]]:
    """Agenda filter categories: the sessions' groups under their parents (areas), by name."""
    children: dict[Any, dict[str, dict[str, Any]]] = defaultdict(dict)
    for assignment in assignments:
        group = assignment.session.group
        children[group.parent][group.acronym] = {
            "label": group.acronym,
            "keyword": group.acronym,
            "is_bof": group.state_id == "bof",
        }
    categories = []
    for parent in sorted(children, key=lambda p: p.acronym if p is not None else "~"):
        categories.append(
            {
                "label": parent.acronym.upper() if parent is not None else "Other",
                "keyword": parent.acronym if parent is not None else "other",
                "is_bof": False,
                "children": [children[parent][k] for k in sorted(children[parent])],
            }
        )
    return [categories]


def _materials(session_ids: list[int]) -> dict[tuple[int, str], list[Any]]:
    """``{(session id, type): [documents in presentation order]}`` of agendas and recordings,
    deleted ones left out (one query for the whole agenda, not two per session)."""
    found: dict[tuple[int, str], list[Any]] = defaultdict(list)
    presentations = (
        SessionPresentation.objects.filter(
            session_id__in=session_ids, document__type__in=("agenda", "recording")
        )
        .select_related("document")
        .prefetch_related("document__states")
        .order_by("order", "pk")
    )
    for p in presentations:
        doc = p.document
        if any(st.type_id == doc.type_id and st.slug == "deleted" for st in doc.states.all()):
            continue
        found[(p.session_id, doc.type_id)].append(doc)
    return found


def _schedule_item(
    meeting: Meeting,
    assignment: SchedTimeSessAssignment,
    materials: dict[tuple[int, str], list[Any]],
) -> dict[str, Any]:
    session, slot = assignment.session, assignment.timeslot
    group = session.group
    room = slot.location if slot.show_location else None
    floor = room.floorplan if room is not None else None
    agendas = materials.get((session.pk, "agenda"), [])
    agenda = agendas[0] if agendas else None
    recordings = [
        {"id": doc.pk, "name": doc.name, "title": doc.title, "url": doc.external_url}
        for doc in materials.get((session.pk, "recording"), [])
    ]
    keywords = [group.acronym, *([group.parent.acronym] if group.parent else [])]
    return {
        "id": assignment.pk,
        "sessionId": session.pk,
        "room": room.name if room is not None else None,
        "location": {"short": floor.short, "name": floor.name} if floor is not None else {},
        "acronym": group.acronym,
        "duration": int(slot.duration.total_seconds()),
        "name": session.name or slot.name,
        "slotName": slot.name,
        "startDateTime": _iso(slot.time),
        "status": session.current_status,
        "type": slot.type_id,
        "purpose": session.purpose_id,
        "isBoF": group.state_id == "bof",
        "filterKeywords": keywords,
        "groupAcronym": group.acronym,
        "groupName": group.name,
        "groupParent": {"acronym": group.parent.acronym} if group.parent else {},
        "note": session.agenda_note,
        "remoteInstructions": session.remote_instructions,
        "flags": {"agenda": agenda is not None, "showAgenda": slot.type_id == "regular"},
        "agenda": {"url": material_url(meeting, agenda) if agenda is not None else None},
        "orderInMeeting": None,
        "short": session.short,
        "sessionToken": f"{group.acronym}-{session.pk}",
        "links": {
            "chat": f"https://zulip.ietf.org/#narrow/stream/{session.chat_room_name()}",
            "chatArchive": None,
            "recordings": recordings,
            "videoStream": None,
            "audioStream": None,
            "webex": None,
            "onsiteTool": None,
            "calendar": None,
        },
    }


def _floor(floor: FloorPlan) -> dict[str, Any]:
    if not floor.image:
        return {}
    rooms = [
        {
            "id": room.pk,
            "name": room.name,
            "functionalName": room.functional_name,
            "slug": room.name.lower().replace(" ", "-"),
            "left": room.x1,
            "right": room.x2,
            "top": room.y1,
            "bottom": room.y2,
        }
        for room in floor.room_set.all()
    ]
    return {
        "id": floor.pk,
        "image": floor.image.name,
        "name": floor.name,
        "short": floor.short,
        "width": None,
        "height": None,
        "rooms": rooms,
    }


def _assignments(meeting: Meeting) -> list[SchedTimeSessAssignment]:
    schedules = meeting.official_schedules()
    found = (
        SchedTimeSessAssignment.objects.filter(schedule__in=schedules, session__isnull=False)
        .exclude(timeslot__type__in=_HIDDEN_TYPES)
        .select_related(
            "timeslot__location__floorplan",
            "session__group__parent",
            "session__meeting",
        )
        .order_by("timeslot__time", "session__group__acronym", "pk")
    )
    assignments = list(found)
    statuses = Session.objects.with_current_status().filter(
        pk__in=[a.session_id for a in assignments]
    )
    by_pk = {s.pk: s.current_status for s in statuses}
    for assignment in assignments:
        assignment.session.current_status = by_pk.get(assignment.session_id, "")
    return assignments


def agenda_data(meeting: Meeting) -> dict[str, Any]:
    assignments = _assignments(meeting)
    materials = _materials([a.session_id for a in assignments])
    current = Meeting.get_current_meeting()
    number = meeting.get_number()
    floors = (
        FloorPlan.objects.filter(meeting=meeting)
        .order_by("order")
        .prefetch_related(Prefetch("room_set", queryset=Room.objects.order_by("pk")))
    )
    return {
        "meeting": {
            "number": meeting.number,
            "city": meeting.city,
            "startDate": _iso(meeting.date),
            "endDate": _iso(meeting.end_date()),
            "updated": _iso(meeting.updated()),
            "timezone": meeting.time_zone,
            "infoNote": meeting.agenda_info_note,
            "warningNote": meeting.agenda_warning_note,
        },
        "categories": _categories(assignments),
        "isCurrentMeeting": current is not None and current.pk == meeting.pk,
        "usesNotes": number is not None and number >= 108,
        "schedule": [_schedule_item(meeting, a, materials) for a in assignments],
        "floors": [_floor(floor) for floor in floors],
    }


def session_materials(session: Session) -> dict[str, Any]:
    meeting = session.meeting
    agenda = session.agenda()
    minutes = session.minutes()
    slides = session.presentations.filter(document__type="slides").select_related("document")
    decks = [
        {
            "id": p.document.pk,
            "title": p.document.title,
            "rev": p.rev or p.document.rev,
            "url": material_url(meeting, p.document),
            "ext": _ext(p.document),
            "order": p.order,
        }
        for p in slides.order_by("order", "pk")
    ]
    return {
        "url": material_url(meeting, agenda) if agenda is not None else None,
        "slides": {"decks": decks},
        "minutes": (
            {
                "id": minutes.pk,
                "title": minutes.title,
                "url": material_url(meeting, minutes),
                "ext": _ext(minutes),
            }
            if minutes is not None
            else None
        ),
    }
