"""Malformed requests to the write endpoints get a 4xx answer, never a 500, and write nothing."""

from __future__ import annotations

import datetime
import itertools

import pytest

from dtapi.accounts.apikeys import key_string
from dtapi.doc.models import DocEvent, Document
from tests import factories as f

pytestmark = pytest.mark.django_db

WEIRD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "é" * 3,
    "💥",
    "-1",
    "0",
    "1e3",
    str(2**31),
    str(2**64),
    "9" * 5000,
    "x" * 100_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "http://",
    "javascript:alert(1)",
]


@pytest.fixture
def setup():
    ad = f.area_director()
    recman = f.recording_manager()
    doc = f.draft("draft-ietf-mars-fuzz")
    f.ballot(doc, ad)
    meeting = f.meeting("120")
    session = f.session(
        meeting, f.group("mars"), start=datetime.datetime(2024, 7, 22, tzinfo=datetime.UTC)
    )
    return {
        "/api/iesg/position": (
            key_string(f.api_key(ad, "/api/iesg/position")),
            {"doc": doc.name, "position": "yes", "discuss": "d", "comment": "c"},
        ),
        "/api/meeting/session/video/url": (
            key_string(f.api_key(recman, "/api/meeting/session/video/url")),
            {"session_id": str(session.pk), "url": "https://example.org/v"},
        ),
        "/api/meeting/session/video/url#old": (
            key_string(f.api_key(recman, "/api/meeting/session/video/url")),
            {"meeting": "120", "group": "mars", "item": "1", "url": "https://example.org/v"},
        ),
        "/api/meeting/session/recording-name": (
            key_string(f.api_key(recman, "/api/meeting/session/recording-name")),
            {"session_id": str(session.pk), "name": "rec"},
        ),
    }


def test_no_server_errors(client, setup, settings):
    settings.DTAPI = {**settings.DTAPI, "APIKEY_FAILURE_LIMIT": 10_000}
    documents = Document.objects.count()
    events = DocEvent.objects.count()
    for target, (apikey, good) in setup.items():
        url = target.split("#")[0]
        for field, value in itertools.product(good, WEIRD):
            data = {"apikey": apikey, **good, field: value}
            r = client.post(url, data)
            assert r.status_code < 500, (url, field, value[:20], r.content[:200])
            if r.status_code != 200:
                assert r["Content-Type"].startswith("text/plain"), (url, field, value[:20])
        for value in WEIRD:
            r = client.post(url, {"apikey": value, **good})
            assert r.status_code in (400, 403), (url, value[:20])
    # Only the good requests wrote anything: one recording per interface call at most.
    assert Document.objects.count() - documents <= 1
    assert DocEvent.objects.count() > events


def test_repeated_and_odd_encodings(client, setup):
    apikey, good = setup["/api/iesg/position"]
    body = "apikey=" + apikey + "&doc=x&doc=y&position=%FF%FE"
    r = client.generic(
        "POST", "/api/iesg/position", body, content_type="application/x-www-form-urlencoded"
    )
    assert r.status_code == 400
    r = client.post(
        "/api/iesg/position", {"apikey": apikey, **good}, content_type="application/json"
    )
    assert (r.status_code, r.content) == (400, b"Missing apikey parameter")
