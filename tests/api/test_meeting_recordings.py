"""POST /api/meeting/session/video/url and /api/meeting/session/recording-name (ported from
the original's ``test_deprecated_api_set_session_video_url``, ``test_api_set_session_video_url``
and ``test_api_set_meetecho_recording_name``)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dtapi.accounts.apikeys import key_string
from dtapi.doc.models import DocEvent, DocHistory
from dtapi.meeting.models import Session
from tests import factories as f

pytestmark = pytest.mark.django_db

VIDEO = "/api/meeting/session/video/url"
NAME = "/api/meeting/session/recording-name"
START = datetime.datetime(2024, 3, 18, 9, 30, tzinfo=datetime.UTC)


def text(r) -> str:
    return r.content.decode()


@pytest.fixture
def recman():
    return f.recording_manager("recman")


@pytest.fixture
def mars_session():
    meeting = f.meeting("119")
    group = f.group("mars")
    # Two sessions of mars, created out of time order: item numbers follow the times.
    later = f.session(meeting, group, start=START + datetime.timedelta(days=1))
    first = f.session(meeting, group, start=START)
    assert later.pk < first.pk
    return first


def assert_auth_errors(client, endpoint, recman_person):
    r = client.post(endpoint, {})
    assert (r.status_code, text(r)) == (400, "Missing apikey parameter")
    ad = f.area_director()
    r = client.post(endpoint, {"apikey": key_string(f.api_key(ad, endpoint))})
    assert r.status_code == 403
    assert "Restricted to role: Recording Manager" in text(r)
    stale = f.recording_manager(last_login=timezone.now() - datetime.timedelta(days=365))
    r = client.post(endpoint, {"apikey": key_string(f.api_key(stale, endpoint))})
    assert (r.status_code, text(r)) == (400, "Too long since last regular login")
    never = f.recording_manager(last_login=None)
    r = client.post(endpoint, {"apikey": key_string(f.api_key(never, endpoint))})
    assert (r.status_code, text(r)) == (400, "Too long since last regular login")
    apikey = key_string(f.api_key(recman_person, endpoint))
    r = client.get(endpoint, {"apikey": apikey})
    assert (r.status_code, text(r)) == (405, "Method not allowed")
    assert r["Allow"] == "POST"
    return apikey


def test_deprecated_set_session_video_url(client, recman, mars_session):
    apikey = assert_auth_errors(client, VIDEO, recman)

    def post(**data):
        return client.post(VIDEO, {"apikey": apikey, **data})

    cases = [
        ({"group": "mars"}, "Missing meeting parameter"),
        ({"meeting": "119"}, "Missing group parameter"),
        ({"meeting": "119", "group": "mars"}, "Missing item parameter"),
        ({"meeting": "119", "group": "mars", "item": "1"}, "Missing url parameter"),
        ({"meeting": "", "group": "mars", "item": "1", "url": "x"}, "Missing meeting parameter"),
        (
            {"meeting": "1", "group": "mars", "item": "1", "url": "https://foo.example/"},
            "No sessions found for meeting '1'",
        ),
        (
            {"meeting": "119", "group": "bogous", "item": "1", "url": "https://foo.example/"},
            "No sessions found in meeting '119' for group 'bogous'",
        ),
        (
            {"meeting": "119\x00", "group": "mars", "item": "1", "url": "https://foo.example/"},
            "No sessions found for meeting '119\x00'",
        ),
        (
            {"meeting": "119", "group": "mars", "item": "1", "url": "foobar"},
            "Invalid url value: 'foobar'",
        ),
        (
            {"meeting": "119", "group": "mars", "item": "5", "url": "https://foo.example/"},
            "No item '5' found in list of sessions for group",
        ),
        (
            {"meeting": "119", "group": "mars", "item": "0", "url": "https://foo.example/"},
            "No item '0' found in list of sessions for group",
        ),
        (
            {"meeting": "119", "group": "mars", "item": "foo", "url": "https://foo.example/"},
            "Expected a numeric value for 'item', found 'foo'",
        ),
        (
            {"meeting": "119", "group": "mars", "item": "-1", "url": "https://foo.example/"},
            "Expected a numeric value for 'item', found '-1'",
        ),
    ]
    for data, message in cases:
        r = post(**data)
        assert (r.status_code, text(r)) == (400, message), data

    url = "https://foo.example/beer/mars"
    r = post(meeting="119", group="mars", item="1", url=url)
    assert (r.status_code, text(r)) == (200, "Done")
    recordings = mars_session.recordings()
    assert len(recordings) == 1
    recording = recordings[0]
    assert recording.external_url == url
    assert recording.title == "Video recording for mars on 2024-03-18 at 09:30:00"
    assert recording.name == "recording-119-mars-1"
    assert recording.rev == "00"
    assert recording.group.acronym == "mars"
    assert recording.get_state_slug() == "active"
    assert recording.latest_event().by == recman

    r = post(meeting="119", group="mars", item="1", url=url)
    assert (r.status_code, text(r)) == (400, "URL is the same")

    url = "https://foo.example/beer/mars-changed"
    r = post(meeting="119", group="mars", item="1", url=url)
    assert (r.status_code, text(r)) == (200, "Done")
    recordings = Session.objects.get(pk=mars_session.pk).recordings()
    assert len(recordings) == 1
    assert recordings[0].external_url == url
    event = recordings[0].latest_event()
    assert event.by == recman
    assert event.type == "added_comment"
    assert event.desc == ("External url changed from https://foo.example/beer/mars to " + url)
    assert DocHistory.objects.filter(doc=recordings[0], external_url=url).exists()

    # item 2 is the later session, which gets a recording of its own.
    r = post(meeting="119", group="mars", item="2", url=url)
    assert (r.status_code, text(r)) == (200, "Done")
    later = Session.objects.exclude(pk=mars_session.pk).get()
    assert [d.name for d in later.recordings()] == ["recording-119-mars-2"]


def test_set_session_video_url(client, recman, mars_session):
    apikey = assert_auth_errors(client, VIDEO, recman)

    def post(**data):
        return client.post(VIDEO, {"apikey": apikey, **data})

    cases = [
        ({}, "Missing session_id parameter"),
        ({"url": "https://foo.example/"}, "Missing session_id parameter"),
        ({"session_id": mars_session.pk}, "Missing url parameter"),
        (
            {"session_id": 999999, "url": "https://foo.example/"},
            "Session not found with session_id '999999'",
        ),
        (
            {"session_id": 2**40, "url": "https://foo.example/"},
            f"Session not found with session_id '{2**40}'",
        ),
        ({"session_id": "foo", "url": "https://foo.example/"}, "Invalid session_id: {session_id}"),
        ({"session_id": "", "url": "https://foo.example/"}, "Invalid session_id: {session_id}"),
        ({"session_id": mars_session.pk, "url": "foobar"}, "Invalid url value: 'foobar'"),
        ({"session_id": mars_session.pk, "url": ""}, "Invalid url value: ''"),
        (
            {"session_id": mars_session.pk, "url": "https://foo.example/\x00"},
            "Invalid url value: 'https://foo.example/\x00'",
        ),
    ]
    for data, message in cases:
        r = post(**data)
        assert (r.status_code, text(r)) == (400, message), data
    long_url = "https://foo.example/" + "a" * 300
    r = post(session_id=mars_session.pk, url=long_url)
    assert (r.status_code, text(r)) == (400, f"Invalid url value: '{long_url}'")
    assert mars_session.recordings() == []

    url = "https://foo.example/beer/mars"
    r = post(session_id=mars_session.pk, url=url)
    assert (r.status_code, text(r)) == (200, "Done")
    recordings = mars_session.recordings()
    assert len(recordings) == 1
    assert recordings[0].external_url == url
    assert recordings[0].latest_event().by == recman

    # The same URL again is fine on this interface, and changes nothing.
    events = DocEvent.objects.count()
    r = post(session_id=mars_session.pk, url=url)
    assert (r.status_code, text(r)) == (200, "Done")
    assert DocEvent.objects.count() == events


def test_unscheduled_session(client, recman):
    session = f.session(f.meeting(), f.group())
    apikey = key_string(f.api_key(recman, VIDEO))
    r = client.post(
        VIDEO, {"apikey": apikey, "session_id": session.pk, "url": "https://x.example/"}
    )
    assert r.status_code == 400
    assert session.recordings() == []


def test_set_meetecho_recording_name(client, recman, mars_session):
    apikey = assert_auth_errors(client, NAME, recman)

    def post(**data):
        return client.post(NAME, {"apikey": apikey, **data})

    cases = [
        ({}, "Missing session_id parameter"),
        ({"session_id": mars_session.pk}, "Missing name parameter"),
        ({"session_id": 999999, "name": "x"}, "Session not found with session_id '999999'"),
        ({"session_id": "foo", "name": "x"}, "Invalid session_id: {session_id}"),
        (
            {"session_id": mars_session.pk, "name": "x" * 65},
            "Invalid name value: at most 64 characters",
        ),
    ]
    for data, message in cases:
        r = post(**data)
        assert (r.status_code, text(r)) == (400, message), data

    r = post(session_id=mars_session.pk, name="testname")
    assert (r.status_code, text(r)) == (200, "Done")
    assert Session.objects.get(pk=mars_session.pk).meetecho_recording_name == "testname"


def test_a_key_for_one_endpoint_does_not_work_on_the_other(client, recman, mars_session):
    apikey = key_string(f.api_key(recman, VIDEO))
    r = client.post(NAME, {"apikey": apikey, "session_id": mars_session.pk, "name": "x"})
    assert (r.status_code, text(r)) == (400, "Apikey endpoint mismatch")
