"""Key strings, validation, creation, disabling and use (dtapi.accounts.apikeys)."""

from __future__ import annotations

import base64
import datetime
import struct

import pytest
from django.test import override_settings

from dtapi.accounts import apikeys
from dtapi.person.models import PersonalApiKey, PersonApiKeyEvent
from tests import factories as f

pytestmark = pytest.mark.django_db

POSITION = "/api/iesg/position"
VIDEO = "/api/meeting/session/video/url"
APPAUTH = ["/api/appauth/authortools", "/api/appauth/bibxml"]
NOTIFY = [
    "/api/notify/meeting/bluesheet",
    "/api/notify/session/attendees",
    "/api/notify/session/chatlog",
    "/api/notify/session/polls",
]


def test_key_string_is_64_urlsafe_characters_carrying_the_key_id():
    key = f.api_key(f.area_director(), POSITION)
    text = apikeys.key_string(key)
    assert len(text) == 64
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    key_id, salt, digest = struct.unpack("<i12s32s", base64.urlsafe_b64decode(text))
    assert key_id == key.pk
    assert salt == bytes(key.salt)
    assert len(digest) == 32


def test_key_string_survives_a_database_round_trip():
    key = f.api_key(f.area_director(), POSITION)
    text = apikeys.key_string(key)
    assert apikeys.key_string(PersonalApiKey.objects.get(pk=key.pk)) == text
    assert apikeys.find_key(text) == key


def test_two_keys_for_the_same_endpoint_differ():
    ad = f.area_director()
    assert apikeys.key_string(f.api_key(ad, POSITION)) != apikeys.key_string(
        f.api_key(ad, POSITION)
    )


@pytest.mark.parametrize(
    "garbage",
    ["", "foobar", "foob", "A" * 64, "A" * 63, "A" * 65, "=" * 64, "é" * 64, None, 42],
)
def test_garbage_is_no_key(garbage):
    f.api_key(f.area_director(), POSITION)
    assert apikeys.find_key(garbage) is None


def test_tampered_strings_are_no_key():
    key = f.api_key(f.area_director(), POSITION)
    raw = bytearray(base64.urlsafe_b64decode(apikeys.key_string(key)))
    for index in (0, 4, 20, 47):  # id, salt, digest
        changed = bytearray(raw)
        changed[index] ^= 1
        assert apikeys.find_key(base64.urlsafe_b64encode(bytes(changed)).decode()) is None


def test_the_digest_is_keyed_with_the_site_secret():
    key = f.api_key(f.area_director(), POSITION)
    text = apikeys.key_string(key)
    with override_settings(SECRET_KEY="another secret, another site " * 2):
        assert apikeys.find_key(text) is None


def test_a_key_whose_row_changed_no_longer_validates():
    key = f.api_key(f.area_director(), POSITION)
    text = apikeys.key_string(key)
    PersonalApiKey.objects.filter(pk=key.pk).update(
        created=key.created - datetime.timedelta(seconds=1)
    )
    assert apikeys.find_key(text) is None


def test_disabled_keys_are_no_keys():
    ad = f.area_director()
    key = f.api_key(ad, POSITION)
    text = apikeys.key_string(key)
    assert apikeys.disable_key(ad, text) == key
    assert apikeys.find_key(text) is None
    assert PersonalApiKey.objects.filter(pk=key.pk, valid=False).exists()  # kept, not deleted


def test_only_the_owner_can_disable_a_key():
    key = f.api_key(f.area_director(), POSITION)
    assert apikeys.disable_key(f.area_director(), apikeys.key_string(key)) is None
    assert apikeys.disable_key(key.person, "foobar") is None
    assert PersonalApiKey.objects.get(pk=key.pk).valid


def test_endpoints_follow_the_roles():
    plain = f.user_person()
    assert [e for e, _ in apikeys.endpoints_for(plain.user)] == APPAUTH
    ad = f.area_director()
    assert [e for e, _ in apikeys.endpoints_for(ad.user)] == [*APPAUTH, POSITION]
    recman = f.recording_manager()
    assert [e for e, _ in apikeys.endpoints_for(recman.user)] == [
        *APPAUTH,
        "/api/meeting/session/recording-name",
        VIDEO,
        *NOTIFY,
    ]
    robot = f.secretariat_robot()
    assert [e for e, _ in apikeys.endpoints_for(robot.user)] == [
        *APPAUTH,
        "/api/notify/meeting/registration",
        "/api/v2/person/person",
    ]


def test_an_inactive_area_gives_no_area_director_endpoints():
    ad = f.area_director(area=f.group(type_id="area", state_id="conclude"))
    assert [e for e, _ in apikeys.endpoints_for(ad.user)] == APPAUTH


def test_pre_ads_count_as_area_directors():
    pre = f.user_person()
    f.role(pre, "pre-ad", f.group(type_id="area"))
    assert [e for e, _ in apikeys.endpoints_for(pre.user)] == [*APPAUTH, POSITION]


def test_keys_are_created_only_for_allowed_endpoints():
    ad = f.area_director()
    key = apikeys.create_key(ad, POSITION)
    assert key.valid and key.endpoint == POSITION and key.count == 0
    with pytest.raises(PermissionError):
        apikeys.create_key(ad, VIDEO)
    with pytest.raises(PermissionError):
        apikeys.create_key(ad, "/api/nowhere")


def test_record_use_counts_and_logs():
    key = f.api_key(f.area_director(), POSITION)
    apikeys.record_use(key)
    apikeys.record_use(key)
    key.refresh_from_db()
    assert key.count == 2
    assert key.latest is not None
    events = PersonApiKeyEvent.objects.filter(key=key)
    assert events.count() == 2
    event = events.first()
    assert event.type == "apikey_login"
    assert event.person == key.person
    assert event.desc == f"Logged in with key ID {key.pk}, endpoint {POSITION}"
