"""The key check in front of the write APIs: order of checks, texts, effects, throttling.

Ported from the original's ``test_apikey_errors`` plus the key checks of its API tests.
"""

from __future__ import annotations

import datetime
import logging

import pytest
from django.utils import timezone

from dtapi.accounts.apikeys import key_string
from dtapi.person.models import PersonApiKeyEvent
from tests import factories as f

pytestmark = pytest.mark.django_db

POSITION = "/api/iesg/position"
VIDEO = "/api/meeting/session/video/url"


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def ad():
    return f.area_director("ad")


@pytest.fixture
def key(ad):
    return f.api_key(ad, POSITION)


def test_other_methods_are_refused_first(client, key):
    for method in ("put", "delete", "patch"):
        r = getattr(client, method)(POSITION, {"apikey": key_string(key)})
        assert r.status_code == 405
        assert text(r) == "Method not allowed"
        assert r["Content-Type"].startswith("text/plain")


def test_missing_key(client):
    for r in (client.post(POSITION, {}), client.get(POSITION), client.post(POSITION, {"x": 1})):
        assert r.status_code == 400
        assert text(r) == "Missing apikey parameter"
    r = client.post(POSITION, {"apikey": ""})
    assert (r.status_code, text(r)) == (400, "Missing apikey parameter")


@pytest.mark.parametrize("garbage", ["foobar", "foob", "A" * 64, "A" * 63 + "=", "%00" * 64])
def test_garbage_keys(client, key, garbage):
    r = client.post(POSITION, {"apikey": garbage})
    assert (r.status_code, text(r)) == (403, "Invalid apikey")


def test_disabled_key(client, key):
    string = key_string(key)
    key.valid = False
    key.save()
    r = client.post(POSITION, {"apikey": string})
    assert (r.status_code, text(r)) == (403, "Invalid apikey")


def test_key_of_a_user_who_was_deactivated(client, key):
    key.person.user.is_active = False
    key.person.user.save()
    r = client.post(POSITION, {"apikey": key_string(key)})
    assert (r.status_code, text(r)) == (403, "Invalid apikey")


def test_key_used_on_another_endpoint(client, ad):
    for endpoint in ("/", VIDEO, POSITION + "/"):
        other = f.api_key(ad, endpoint)
        r = client.post(POSITION, {"apikey": key_string(other)})
        assert (r.status_code, text(r)) == (400, "Apikey endpoint mismatch")


def test_prefix_paths_reach_the_key_check(client, key):
    # /api/iesg/position is a prefix pattern, as on the original; the key check refuses.
    r = client.post(POSITION + "XYZ", {"apikey": key_string(key)})
    assert (r.status_code, text(r)) == (400, "Apikey endpoint mismatch")


def test_stale_login(client, key):
    user = key.person.user
    user.last_login = timezone.now() - datetime.timedelta(days=31)
    user.save()
    r = client.post(POSITION, {"apikey": key_string(key)})
    assert (r.status_code, text(r)) == (400, "Too long since last regular login")
    user.last_login = None
    user.save()
    r = client.post(POSITION, {"apikey": key_string(key)})
    assert (r.status_code, text(r)) == (400, "Too long since last regular login")


def test_staff_need_no_recent_login(client):
    staff = f.area_director(last_login=None, is_staff=True)
    r = client.post(POSITION, {"apikey": key_string(f.api_key(staff, POSITION))})
    assert (r.status_code, text(r)) == (400, "Missing document name")


def test_person_without_the_role(client):
    recman = f.recording_manager()
    r = client.post(POSITION, {"apikey": key_string(f.api_key(recman, POSITION))})
    assert r.status_code == 403
    assert "Restricted to role: Area Director" in text(r)


def test_get_with_a_valid_key_reaches_the_view(client, key):
    r = client.get(POSITION, {"apikey": key_string(key)})
    assert (r.status_code, text(r)) == (405, "Method not allowed")
    assert r["Allow"] == "POST"


def test_malformed_multipart_body(client, key):
    r = client.generic("POST", POSITION, b"garbage", content_type="multipart/form-data; boundary=")
    assert r.status_code == 400


def test_use_is_counted_and_logged_and_last_login_kept(client, key):
    user = key.person.user
    before = user.last_login
    r = client.post(POSITION, {"apikey": key_string(key)})
    assert r.status_code == 400  # got through the key check
    key.refresh_from_db()
    user.refresh_from_db()
    assert key.count == 1
    assert key.latest is not None
    assert user.last_login == before
    event = PersonApiKeyEvent.objects.get(key=key)
    assert event.desc == f"Logged in with key ID {key.pk}, endpoint {POSITION}"
    assert "sessionid" not in r.cookies  # no session is made for a key


def test_key_strings_are_not_logged(client, key, caplog):
    caplog.set_level(logging.DEBUG)
    string = key_string(key)
    client.post(POSITION, {"apikey": string})
    client.post(POSITION, {"apikey": string[:-1] + "A"})
    client.get(POSITION, {"apikey": string})
    assert string not in caplog.text
    assert string[:-1] + "A" not in caplog.text


def test_repeated_invalid_keys_are_throttled(client, key, settings):
    settings.DTAPI = {**settings.DTAPI, "APIKEY_FAILURE_LIMIT": 3, "APIKEY_FAILURE_WINDOW": 60}
    for remaining in (2, 1, 0):
        r = client.post(POSITION, {"apikey": "foobar"})
        assert (r.status_code, text(r)) == (403, "Invalid apikey")
        assert r["RateLimit-Policy"] == '"apikey-failures";q=3;w=60'
        assert r["RateLimit"].startswith(f'"apikey-failures";r={remaining};t=')
        assert "Retry-After" not in r
    r = client.post(POSITION, {"apikey": "foobar"})
    assert (r.status_code, text(r)) == (429, "Too many invalid apikeys, try again later")
    wait = int(r["Retry-After"])
    assert 1 <= wait <= 60
    assert r["RateLimit-Policy"] == '"apikey-failures";q=3;w=60'
    assert r["RateLimit"] == f'"apikey-failures";r=0;t={wait}'
    # A valid key is never refused by the throttle (people behind the same address).
    r = client.post(POSITION, {"apikey": key_string(key)})
    assert (r.status_code, text(r)) == (400, "Missing document name")
    # Other clients are not throttled.
    r = client.post(POSITION, {"apikey": "foobar"}, REMOTE_ADDR="192.0.2.7")
    assert r.status_code == 403


def test_the_throttle_window_ends(client, key, settings, monkeypatch):
    import time as time_module

    settings.DTAPI = {**settings.DTAPI, "APIKEY_FAILURE_LIMIT": 2, "APIKEY_FAILURE_WINDOW": 10}
    for _ in range(2):
        client.post(POSITION, {"apikey": "foobar"})
    assert client.post(POSITION, {"apikey": "foobar"}).status_code == 429
    now = time_module.time()
    monkeypatch.setattr(time_module, "time", lambda: now + 11)
    assert client.post(POSITION, {"apikey": "foobar"}).status_code == 403


def test_missing_keys_are_not_throttled(client, settings):
    settings.DTAPI = {**settings.DTAPI, "APIKEY_FAILURE_LIMIT": 2}
    for _ in range(5):
        assert client.post(POSITION, {}).status_code == 400
