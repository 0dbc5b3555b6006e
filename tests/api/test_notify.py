"""POST /api/notify/meeting/bluesheet, /api/notify/session/attendees, .../chatlog, .../polls
(ported from the original's ``test_api_upload_bluesheet``, ``test_deprecated_api_upload_bluesheet``,
``test_api_add_session_attendees[_deprecated]`` and ``test_api_upload_polls_and_chatlog``)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from dtapi.accounts.apikeys import key_string
from dtapi.doc.models import Document, NewRevisionDocEvent
from dtapi.meeting.models import Attended, Registration
from tests import factories as f

pytestmark = pytest.mark.django_db

BLUESHEET = "/api/notify/meeting/bluesheet"
ATTENDEES = "/api/notify/session/attendees"
CHATLOG = "/api/notify/session/chatlog"
POLLS = "/api/notify/session/polls"
START = datetime.datetime(2024, 3, 18, 9, 30, tzinfo=datetime.UTC)


def text(r) -> str:
    return r.content.decode()


@pytest.fixture(autouse=True)
def materials_dir(settings, tmp_path: Path) -> Path:
    folder = tmp_path / "materials"
    settings.STORAGES = {
        **settings.STORAGES,
        "materials": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


@pytest.fixture
def recman():
    return f.recording_manager("recman")


@pytest.fixture
def mars_session():
    return f.session(f.meeting("119"), f.group("mars"), start=START)


def assert_key_errors(client, endpoint, holder, roles="role: Recording Manager") -> str:
    """The key and role checks in front of every endpoint; returns a working key."""
    r = client.post(endpoint, {})
    assert (r.status_code, text(r)) == (400, "Missing apikey parameter")
    r = client.post(endpoint, {"apikey": "foobar"})
    assert (r.status_code, text(r)) == (403, "Invalid apikey")
    ad = f.area_director()
    r = client.post(endpoint, {"apikey": key_string(f.api_key(ad, endpoint))})
    assert r.status_code == 403
    assert f"Restricted to {roles}" in text(r)
    stale = f.recording_manager(last_login=timezone.now() - datetime.timedelta(days=365))
    r = client.post(endpoint, {"apikey": key_string(f.api_key(stale, endpoint))})
    assert (r.status_code, text(r)) == (400, "Too long since last regular login")
    apikey = key_string(f.api_key(holder, endpoint))
    r = client.post(endpoint + "/extra", {"apikey": apikey})
    assert (r.status_code, text(r)) == (400, "Apikey endpoint mismatch")
    r = client.get(endpoint, {"apikey": apikey})
    assert (r.status_code, text(r)) == (405, "Method not allowed")
    return apikey


# -- bluesheet ----------------------------------------------------------------------------------

PEOPLE = [
    {"name": "Alice Ørsted", "affiliation": "Example Corp"},
    {"name": "Bob Brown", "affiliation": "University of Nowhere"},
]


def bluesheet_doc(session) -> Document:
    return session.materials.get(type="bluesheets")


def test_upload_bluesheet(client, recman, mars_session, materials_dir):
    apikey = assert_key_errors(
        client, BLUESHEET, recman, roles="roles: Recording Manager, Secretariat"
    )

    def post(**data):
        return client.post(BLUESHEET, {"apikey": apikey, **data})

    sid = str(mars_session.pk)
    cases = [
        ({}, "Missing session_id parameter"),
        ({"session_id": sid}, "Missing bluesheet parameter"),
        ({"session_id": "99999", "bluesheet": "[]"}, "Session not found with session_id '99999'"),
        ({"session_id": "foo", "bluesheet": "[]"}, "Invalid session_id 'foo'"),
        ({"session_id": sid, "bluesheet": "foobar"}, "Invalid json value: 'foobar'"),
        ({"session_id": sid, "bluesheet": '{"a": 1}'}, "Invalid json value: '{\"a\": 1}'"),
    ]
    for data, message in cases:
        r = post(**data)
        assert (r.status_code, text(r)) == (400, message), data
    assert not mars_session.materials.exists()

    r = post(session_id=sid, bluesheet=json.dumps(PEOPLE))
    assert (r.status_code, text(r)) == (200, "Done")
    doc = bluesheet_doc(mars_session)
    assert (doc.name, doc.rev) == ("bluesheets-119-mars-202403180930", "00")
    assert doc.title == "Bluesheets IETF119: mars: Mon 09:30"
    assert doc.get_state_slug("bluesheets") == "active"
    stored = (materials_dir / "119/bluesheets/bluesheets-119-mars-202403180930-00.txt").read_text()
    for person in PEOPLE:
        assert person["name"] in stored and person["affiliation"] in stored
    assert "2 attendees." in stored

    r = post(session_id=sid, bluesheet=json.dumps(PEOPLE[:1]))
    assert (r.status_code, text(r)) == (200, "Done")
    doc = bluesheet_doc(mars_session)
    assert doc.rev == "01"
    assert mars_session.presentations.get(document=doc).rev == "01"
    event = NewRevisionDocEvent.objects.filter(doc=doc).order_by("-id").first()
    assert (event.desc, event.by) == ("New revision available: 01", recman)
    assert (materials_dir / "119/bluesheets/bluesheets-119-mars-202403180930-01.txt").exists()


def test_deprecated_upload_bluesheet(client, recman, mars_session):
    apikey = key_string(f.api_key(recman, BLUESHEET))

    def post(**data):
        return client.post(BLUESHEET, {"apikey": apikey, **data})

    full = {"meeting": "119", "group": "mars", "item": "1", "bluesheet": json.dumps(PEOPLE)}
    cases = [
        ({"group": "mars"}, "Missing meeting parameter"),
        ({"meeting": "119"}, "Missing group parameter"),
        ({"meeting": "119", "group": "mars"}, "Missing item parameter"),
        ({"meeting": "119", "group": "mars", "item": "1"}, "Missing bluesheet parameter"),
        ({**full, "meeting": "1"}, "No sessions found for meeting '1'"),
        ({**full, "group": "bogous"}, "No sessions found in meeting '119' for group 'bogous'"),
        ({**full, "item": "foo"}, "Expected a numeric value for 'item', found 'foo'"),
        ({**full, "item": "5"}, "No item '5' found in list of sessions for group"),
        ({**full, "bluesheet": "foobar"}, "Invalid json value: 'foobar'"),
    ]
    for data, message in cases:
        r = post(**data)
        assert (r.status_code, text(r)) == (400, message), data
    r = post(**full)
    assert (r.status_code, text(r)) == (200, "Done")
    assert bluesheet_doc(mars_session).rev == "00"


def test_secretariat_may_upload_bluesheets(client, mars_session):
    secr = f.user_person()
    f.role(secr, "secr", f.group_named("secretariat", type_id="ietf"))
    apikey = key_string(f.api_key(secr, BLUESHEET))
    r = client.post(BLUESHEET, {"apikey": apikey, "session_id": mars_session.pk, "bluesheet": "[]"})
    assert (r.status_code, text(r)) == (200, "Done")


def test_unscheduled_session_gets_no_new_document(client, recman):
    session = f.session(f.meeting("119"), f.group("mars"))
    apikey = key_string(f.api_key(recman, BLUESHEET))
    r = client.post(BLUESHEET, {"apikey": apikey, "session_id": session.pk, "bluesheet": "[]"})
    assert (r.status_code, text(r)) == (400, "Could not find official timeslot for session")
    assert not Document.objects.filter(type="bluesheets").exists()


# -- attendees ----------------------------------------------------------------------------------


def test_add_session_attendees_deprecated(client, recman, mars_session):
    apikey = assert_key_errors(client, ATTENDEES, recman)
    one, two = f.user_person(), f.user_person()

    def post(attended):
        return client.post(ATTENDEES, {"apikey": apikey, "attended": attended})

    r = client.post(ATTENDEES, {"apikey": apikey})
    assert (r.status_code, text(r)) == (400, "Missing attended parameter")
    malformed = [
        "foobar",
        json.dumps([]),
        json.dumps({}),
        json.dumps({"session_id": mars_session.pk}),
        json.dumps({"session_id": "x", "attendees": []}),
        json.dumps({"session_id": mars_session.pk, "attendees": "x"}),
        json.dumps({"session_id": mars_session.pk, "attendees": [1, "x"]}),
        json.dumps({"session_id": True, "attendees": []}),
    ]
    for payload in malformed:
        r = post(payload)
        assert (r.status_code, text(r)) == (400, "Malformed post"), payload
    r = post(json.dumps({"session_id": 99999, "attendees": [one.user.pk]}))
    assert (r.status_code, text(r)) == (400, "Invalid session")
    r = post(json.dumps({"session_id": mars_session.pk, "attendees": [one.user.pk, 99999]}))
    assert (r.status_code, text(r)) == (400, "Invalid attendee")
    assert not Attended.objects.exists()
    r = post(json.dumps({"session_id": mars_session.pk, "attendees": [one.user.pk, two.user.pk]}))
    assert (r.status_code, text(r)) == (200, "Done")
    assert set(Attended.objects.values_list("person", flat=True)) == {one.pk, two.pk}
    # Reported again: no duplicates.
    r = post(json.dumps({"session_id": mars_session.pk, "attendees": [one.user.pk]}))
    assert (r.status_code, text(r)) == (200, "Done")
    assert Attended.objects.count() == 2
    # An IETF meeting's bluesheet is not generated from attendance.
    assert not mars_session.materials.filter(type="bluesheets").exists()


def test_add_session_attendees(client, recman, mars_session):
    apikey = key_string(f.api_key(recman, ATTENDEES))
    one, two = f.user_person(), f.user_person()

    def post(attendees, session_id=mars_session.pk):
        payload = json.dumps({"session_id": session_id, "attendees": attendees})
        return client.post(ATTENDEES, {"apikey": apikey, "attended": payload})

    malformed = [
        [{"user_id": one.user.pk}],
        [{"user_id": one.user.pk, "join_time": "foo"}],
        [{"user_id": one.user.pk, "join_time": "2023-09-03T12:34:56"}],  # no zone
        [{"user_id": one.user.pk, "join_time": "2023-13-03T12:34:56Z"}],
        [{"user_id": "x", "join_time": "2023-09-03T12:34:56Z"}],
        [{"user_id": one.user.pk, "join_time": "2023-09-03T12:34:56Z", "extra": 1}],
    ]
    for attendees in malformed:
        r = post(attendees)
        assert (r.status_code, text(r)) == (400, "Malformed post"), attendees
    r = post(
        [
            {"user_id": one.user.pk, "join_time": "2023-09-03T12:34:56Z"},
            {"user_id": two.user.pk, "join_time": "2023-09-03T05:00:19+02:00"},
        ]
    )
    assert (r.status_code, text(r)) == (200, "Done")
    times = dict(Attended.objects.values_list("person", "time"))
    assert times == {
        one.pk: datetime.datetime(2023, 9, 3, 12, 34, 56, tzinfo=datetime.UTC),
        two.pk: datetime.datetime(2023, 9, 3, 3, 0, 19, tzinfo=datetime.UTC),
    }


def test_interim_attendance_makes_the_bluesheet(client, recman, materials_dir):
    interim = f.meeting("interim-2024-mars-01", type_id="interim")
    session = f.session(interim, f.group("mars"), start=START)
    attendee = f.user_person(name="Carol Attendee")
    Registration.objects.create(
        meeting=interim,
        person=attendee,
        first_name="Carol",
        last_name="Attendee",
        affiliation="Example University",
        country_code="NZ",
    )
    apikey = key_string(f.api_key(recman, ATTENDEES))
    payload = json.dumps({"session_id": session.pk, "attendees": [attendee.user.pk]})
    r = client.post(ATTENDEES, {"apikey": apikey, "attended": payload})
    assert (r.status_code, text(r)) == (200, "Done")
    doc = session.materials.get(type="bluesheets")
    assert doc.name == "bluesheets-interim-2024-mars-01-202403180930"
    stored = (materials_dir / f"interim-2024-mars-01/bluesheets/{doc.name}-00.txt").read_text()
    assert "Carol Attendee" in stored and "Example University" in stored


# -- chat logs and polls ------------------------------------------------------------------------

CONTENT = {
    "chatlog": [
        {"author": "Alice", "text": "<p>Hi</p>", "time": "2024-03-18T09:31:00Z"},
        {"author": "Bob", "text": "<p>Hello</p>", "time": "2024-03-18T09:32:00Z"},
    ],
    "polls": [
        {
            "start_time": "2024-03-18T09:40:00Z",
            "end_time": "2024-03-18T09:42:00Z",
            "text": "Adopt?",
            "raise_hand": 30,
            "do_not_raise_hand": 4,
        }
    ],
}


@pytest.mark.parametrize("kind,endpoint", [("chatlog", CHATLOG), ("polls", POLLS)])
def test_upload_chatlog_and_polls(client, recman, mars_session, materials_dir, kind, endpoint):
    apikey = assert_key_errors(client, endpoint, recman)

    def post(apidata):
        return client.post(endpoint, {"apikey": apikey, "apidata": apidata})

    r = client.post(endpoint, {"apikey": apikey})
    assert (r.status_code, text(r)) == (400, "Missing apidata parameter")
    sid = mars_session.pk
    malformed = [
        "foobar",
        json.dumps([]),
        json.dumps({kind: CONTENT[kind]}),
        json.dumps({"session_id": "x", kind: CONTENT[kind]}),
        json.dumps({"session_id": sid}),
        json.dumps({"session_id": sid, kind: "x"}),
        json.dumps({"session_id": sid, kind: [1, 2]}),
    ]
    for apidata in malformed:
        r = post(apidata)
        assert (r.status_code, text(r)) == (400, "Malformed post"), apidata
    r = post(json.dumps({"session_id": 99999, kind: CONTENT[kind]}))
    assert (r.status_code, text(r)) == (400, "Invalid session")

    r = post(json.dumps({"session_id": sid, kind: CONTENT[kind]}))
    assert (r.status_code, text(r)) == (200, "Done")
    doc = mars_session.materials.get(type=kind)
    assert (doc.name, doc.rev) == (f"{kind}-119-mars-202403180930", "00")
    stored = materials_dir / f"119/{kind}/{doc.name}-00.json"
    assert json.loads(stored.read_text()) == CONTENT[kind]
    r = post(json.dumps({"session_id": sid, kind: []}))
    assert (r.status_code, text(r)) == (200, "Done")
    doc.refresh_from_db()
    assert (doc.rev, doc.uploaded_filename) == ("01", f"{doc.name}-01.json")
    assert json.loads((materials_dir / f"119/{kind}/{doc.name}-01.json").read_text()) == []
    assert mars_session.materials.filter(type=kind).count() == 1
