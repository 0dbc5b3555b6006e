"""GET /api/meeting/<num>/agenda-data and /api/meeting/session/<id>/materials."""

from __future__ import annotations

import datetime

import pytest

from dtapi.meeting.models import FloorPlan, Room, SessionPresentation
from tests import factories as f

pytestmark = pytest.mark.django_db

START = datetime.datetime(2024, 3, 18, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def meeting(settings):
    settings.DTAPI_BASE_URL = "https://dt.example.org"
    found = f.meeting("119", city="Brisbane", days=7, time_zone="Australia/Brisbane")
    area = f.group("art", type_id="area")
    mars = f.group("mars", parent=area)
    session = f.session(found, mars, start=START, name="MARS session")
    floor = FloorPlan.objects.create(
        meeting=found, name="Level 1", short="L1", order=1, image="floorplan/l1.png"
    )
    room = Room.objects.create(
        meeting=found, name="Room A", floorplan=floor, x1=1, y1=2, x2=3, y2=4
    )
    slot = session.timeslotassignments.get().timeslot
    slot.location = room
    slot.save()
    agenda = f.document("agenda-119-mars", type_id="agenda", rev="01", uploaded_filename="a.md")
    slides = f.document(
        "slides-119-mars-intro", type_id="slides", rev="02", uploaded_filename="s.pdf"
    )
    minutes = f.document("minutes-119-mars", type_id="minutes", rev="00", uploaded_filename="m.md")
    for order, doc in enumerate((agenda, slides, minutes)):
        SessionPresentation.objects.create(session=session, document=doc, rev=doc.rev, order=order)
    return found


def test_agenda_data(client, meeting):
    r = client.get("/api/meeting/119/agenda-data")
    assert r.status_code == 200
    data = r.json()
    assert set(data) == {
        "meeting",
        "categories",
        "isCurrentMeeting",
        "usesNotes",
        "schedule",
        "floors",
    }
    assert data["meeting"] == {
        "number": "119",
        "city": "Brisbane",
        "startDate": "2024-03-16",
        "endDate": "2024-03-22",
        "updated": data["meeting"]["updated"],
        "timezone": "Australia/Brisbane",
        "infoNote": "",
        "warningNote": "",
    }
    assert data["usesNotes"] is True
    [item] = data["schedule"]
    assert (item["acronym"], item["room"], item["location"]) == (
        "mars",
        "Room A",
        {"short": "L1", "name": "Level 1"},
    )
    assert item["startDateTime"] == "2024-03-18T09:30:00Z"
    assert item["duration"] == 3600
    assert item["groupParent"] == {"acronym": "art"}
    assert item["agenda"] == {
        "url": "https://dt.example.org/meeting/119/materials/agenda-119-mars-01"
    }
    assert item["flags"] == {"agenda": True, "showAgenda": True}
    assert data["categories"] == [
        [
            {
                "label": "ART",
                "keyword": "art",
                "is_bof": False,
                "children": [{"label": "mars", "keyword": "mars", "is_bof": False}],
            }
        ]
    ]
    [floor] = data["floors"]
    assert floor["rooms"][0] | {} == {
        "id": floor["rooms"][0]["id"],
        "name": "Room A",
        "functionalName": "",
        "slug": "room-a",
        "left": 1,
        "right": 3,
        "top": 2,
        "bottom": 4,
    }


def test_agenda_data_needs_a_full_ietf_meeting(client, meeting):
    f.meeting("interim-2024-mars-01", type_id="interim")
    for number in ("999", "interim-2024-mars-01"):
        r = client.get(f"/api/meeting/{number}/agenda-data")
        assert r.status_code == 404
    assert client.post("/api/meeting/119/agenda-data").status_code == 405


def test_session_materials(client, meeting):
    session = meeting.session_set.get()
    r = client.get(f"/api/meeting/session/{session.pk}/materials")
    assert r.status_code == 200
    base = "https://dt.example.org/meeting/119/materials/"
    slides = session.materials.get(type="slides")
    minutes = session.materials.get(type="minutes")
    assert r.json() == {
        "url": base + "agenda-119-mars-01",
        "slides": {
            "decks": [
                {
                    "id": slides.pk,
                    "title": slides.title,
                    "rev": "02",
                    "url": base + "slides-119-mars-intro-02",
                    "ext": "pdf",
                    "order": 1,
                }
            ]
        },
        "minutes": {
            "id": minutes.pk,
            "title": minutes.title,
            "url": base + "minutes-119-mars-00",
            "ext": "md",
        },
    }


def test_session_materials_without_any(client):
    session = f.session(f.meeting("120"), f.group("mars"))
    r = client.get(f"/api/meeting/session/{session.pk}/materials")
    assert r.json() == {"url": None, "slides": {"decks": []}, "minutes": None}
    assert client.get("/api/meeting/session/99999/materials").status_code == 404
    assert client.get("/api/meeting/session/99999999999999/materials").status_code == 404


def test_agenda_data_queries_do_not_grow_with_sessions(
    client, meeting, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/meeting/119/agenda-data").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(5):
        group = f.group(f"wg{n}", parent=f.group(f"area{n}", type_id="area"))
        session = f.session(meeting, group, start=START + datetime.timedelta(hours=n + 1))
        doc = f.document(f"agenda-119-wg{n}", type_id="agenda", rev="00")
        SessionPresentation.objects.create(session=session, document=doc, rev="00")
    assert count() == before


def test_agenda_data_skips_timeslots_without_sessions(client, meeting):
    from dtapi.meeting.models import SchedTimeSessAssignment, TimeSlot

    slot = TimeSlot.objects.create(meeting=meeting, type_id="break", name="Break", time=START)
    SchedTimeSessAssignment.objects.create(timeslot=slot, session=None, schedule=meeting.schedule)
    r = client.get("/api/meeting/119/agenda-data")
    assert [item["acronym"] for item in r.json()["schedule"]] == ["mars"]
