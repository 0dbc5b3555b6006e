"""The meeting app's departures: ``agenda`` alias, computed ``updated``, timedeltas, assignments."""

from __future__ import annotations

import datetime

import pytest

from dtapi.meeting.models import Meeting, SchedTimeSessAssignment, Schedule, Session, TimeSlot

from . import factories as f

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture
def meetings(db):
    owner, group = f.person(), f.group()
    result = []
    for n in range(3):
        meeting = Meeting.objects.create(
            number=str(120 + n), type_id="ietf", date=datetime.date(2024, 3, n + 1)
        )
        schedule = Schedule.objects.create(meeting=meeting, name=f"s{n}", owner=owner)
        meeting.schedule = schedule
        meeting.save()
        session = Session.objects.create(
            meeting=meeting,
            purpose_id="regular",
            type_id="regular",
            group=group,
            requested_duration=datetime.timedelta(hours=1, minutes=30),
        )
        slot = TimeSlot.objects.create(
            meeting=meeting,
            type_id="regular",
            name="Slot",
            time=datetime.datetime(2024, 3, n + 1, 9, tzinfo=UTC),
            duration=datetime.timedelta(days=1),
        )
        SchedTimeSessAssignment.objects.create(timeslot=slot, session=session, schedule=schedule)
        result.append(meeting)
    result.append(
        Meeting.objects.create(
            number="interim-x", type_id="interim", date=datetime.date(2024, 5, 1)
        )
    )
    return result


def test_meeting_fields(client, meetings):
    objects = {
        o["number"]: o for o in client.get("/api/v1/meeting/meeting/?limit=0").json()["objects"]
    }
    for meeting in meetings:
        obj = objects[meeting.number]
        expected = meeting.updated()
        assert obj["updated"] == (
            expected.strftime("%Y-%m-%dT%H:%M:%SZ") if expected else "1970-01-01T00:00:00Z"
        )
        assert obj["agenda"] == obj["schedule"]
        assert "group_conflict_types" not in obj and "overview" not in obj


@pytest.mark.parametrize("limit", [1, 4])
def test_meeting_queries_bounded(client, meetings, django_assert_max_num_queries, limit):
    # count + page + updated (timeslots, sessions, schedules, assignments; none when no schedule)
    with django_assert_max_num_queries(6):
        client.get(f"/api/v1/meeting/meeting/?limit={limit}")


def test_session_and_timeslot(client, meetings):
    session = client.get("/api/v1/meeting/session/?limit=1").json()["objects"][0]
    assert session["requested_duration"] == "1:30:00"
    assert session["assignments"] == [
        f"/api/v1/meeting/schedtimesessassignment/{a.id}/"
        for a in SchedTimeSessAssignment.objects.filter(session_id=session["id"])
    ]
    slot = client.get("/api/v1/meeting/timeslot/?limit=1").json()["objects"][0]
    assert slot["duration"] == "1 day, 0:00:00"
    assert slot["sessions"] == [
        f"/api/v1/meeting/session/{s.id}/"
        for s in TimeSlot.objects.get(pk=slot["id"]).sessions.all()
    ]
    assert client.get("/api/v1/meeting/session/?order_by=-scheduled").status_code == 200
