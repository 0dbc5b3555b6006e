"""Login, logout and the /accounts/apikey/ pages (ported from the original's
``test_apikey_management``, plus CSRF and login-time checks)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.utils import timezone

from dtapi.accounts.apikeys import key_string
from dtapi.person.models import PersonalApiKey
from tests import factories as f

pytestmark = pytest.mark.django_db

INDEX, ADD, DEL = "/accounts/apikey/", "/accounts/apikey/add", "/accounts/apikey/del"


def login(client: Client, person) -> None:
    username = person.user.username
    assert client.login(username=username, password=f.password_for(username))


def disable_links(page: str) -> list[str]:
    return re.findall(r'href="(/accounts/apikey/del\?id=[^"]+)"', page)


def test_login_page_and_last_login(client):
    person = f.user_person("alice", last_login=timezone.now() - datetime.timedelta(days=90))
    r = client.get("/accounts/login/")
    assert r.status_code == 200
    assert b'name="password"' in r.content
    r = client.post("/accounts/login/", {"username": "alice", "password": "wrong"}, follow=False)
    assert r.status_code == 200
    assert b"did not match" in r.content
    r = client.post("/accounts/login/", {"username": "alice", "password": "alice+password"})
    assert r.status_code == 302
    assert r["Location"] == INDEX
    person.user.refresh_from_db()
    assert timezone.now() - person.user.last_login < datetime.timedelta(minutes=1)


def test_passwords_are_hashed():
    person = f.user_person("bob")
    assert identify_hasher(person.user.password)
    assert "bob+password" not in person.user.password


def test_logout(client):
    person = f.user_person()
    login(client, person)
    r = client.get("/accounts/logout/")
    assert r.status_code == 200
    assert b"Sign out" in r.content
    assert client.get(INDEX).status_code == 200  # a GET does not sign out
    r = client.post("/accounts/logout/")
    assert r.status_code == 200
    assert b"signed out" in r.content
    assert client.get(INDEX).status_code == 302


@pytest.mark.parametrize("url", [INDEX, "/accounts/apikey", ADD, ADD + "/", DEL, DEL + "/"])
def test_pages_need_a_login(client, url):
    r = client.get(url)
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/?next=")


def test_pages_need_a_person(client, django_user_model):
    django_user_model.objects.create_user(username="nobody", password="nobody+password")
    client.login(username="nobody", password="nobody+password")
    r = client.get(INDEX)
    assert r.status_code == 403
    assert b"not linked to a person" in r.content


def test_apikey_management(client):
    robot = f.secretariat_robot("robot")
    ad_role_group = f.group(type_id="area")
    f.role(robot, "ad", ad_role_group)
    f.role(robot, "recman", f.group_named("ietf", type_id="ietf"))
    login(client, robot)

    r = client.get(INDEX)
    assert r.status_code == 200
    page = r.content.decode()
    assert "API keys" in page
    assert "Get a new personal API key" in page
    assert "You have no personal API keys." in page

    r = client.get(ADD)
    assert r.status_code == 200
    page = r.content.decode()
    assert "Create a new personal API key" in page
    assert "Endpoint" in page
    endpoints = re.findall(r'<option value="(/api/[^"]+)"', page)
    # Every endpoint its roles (Robot, Area Director, Recording Manager) allow, and those any
    # account may use; Secretariat alone would add nothing beyond the bluesheet.
    assert endpoints == [
        "/api/appauth/authortools",
        "/api/appauth/bibxml",
        "/api/iesg/position",
        "/api/meeting/session/recording-name",
        "/api/meeting/session/video/url",
        "/api/notify/meeting/bluesheet",
        "/api/notify/meeting/registration",
        "/api/notify/session/attendees",
        "/api/notify/session/chatlog",
        "/api/notify/session/polls",
        "/api/v2/person/person",
    ]
    for endpoint in endpoints:
        r = client.post(ADD, {"endpoint": endpoint})
        assert r.status_code == 302
        assert r["Location"] == INDEX

    r = client.get(INDEX)
    page = r.content.decode()
    for endpoint in endpoints:
        assert endpoint in page
    assert len(re.findall(r"<td[^>]*><code", page)) == 2 * len(endpoints)
    links = disable_links(page)
    assert len(links) == len(endpoints)
    for key in robot.apikeys.all():
        assert key_string(key) in page

    r = client.get(links[0])
    assert r.status_code == 200
    page = r.content.decode()
    assert "Disable a personal API key" in page
    assert "Key" in page
    first = links[0].split("id=")[1]
    assert f'value="{first}" selected' in page
    # No key string in a URL or a form field.
    for key in robot.apikeys.all():
        assert key_string(key) not in page

    # A bogus id, someone else's key, or a key string, is refused.
    other = f.api_key(f.area_director(), "/api/iesg/position")
    for bogus in ("foobar", str(other.pk), key_string(other)):
        r = client.post(DEL, {"id": bogus})
        assert r.status_code == 200
        assert "Key validation failed; key not disabled" in r.content.decode()
    assert PersonalApiKey.objects.get(pk=other.pk).valid

    own = robot.apikeys.order_by("id").first()
    r = client.post(DEL, {"id": own.pk})
    assert r.status_code == 302
    assert r["Location"] == INDEX
    own.refresh_from_db()
    assert not own.valid
    r = client.get(INDEX)
    assert f"Disabled key {key_string(own)}" in r.content.decode()
    assert len(disable_links(r.content.decode())) == len(endpoints) - 1


def test_create_refuses_endpoints_the_roles_do_not_allow(client):
    ad = f.area_director()
    login(client, ad)
    r = client.post(ADD, {"endpoint": "/api/meeting/session/video/url"})
    assert r.status_code == 200
    assert b"Select a valid choice" in r.content
    r = client.post(ADD, {"endpoint": ""})
    assert r.status_code == 200
    assert not ad.apikeys.exists()


def offered(client) -> list[str]:
    return re.findall(r'<option value="(/api/[^"]+)"', client.get(ADD).content.decode())


def test_person_without_roles_is_offered_the_app_endpoints(client):
    login(client, f.user_person())
    assert offered(client) == ["/api/appauth/authortools", "/api/appauth/bibxml"]


def test_secretariat_is_offered_the_bluesheet(client):
    # The original's view accepts the Secretariat but its key page did not offer the key.
    secr = f.user_person()
    f.role(secr, "secr", f.group_named("secretariat", type_id="ietf"))
    login(client, secr)
    assert "/api/notify/meeting/bluesheet" in offered(client)
    assert "/api/notify/session/attendees" not in offered(client)


def test_forms_are_csrf_protected():
    ad = f.area_director()
    client = Client(enforce_csrf_checks=True)
    login(client, ad)
    r = client.post(ADD, {"endpoint": "/api/iesg/position"})
    assert r.status_code == 403
    assert not ad.apikeys.exists()
    key = f.api_key(ad, "/api/iesg/position")
    r = client.post(DEL, {"id": key.pk})
    assert r.status_code == 403
    assert PersonalApiKey.objects.get(pk=key.pk).valid
    # With the token from the form, it works.
    page = client.get(ADD).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    r = client.post(ADD, {"endpoint": "/api/iesg/position", "csrfmiddlewaretoken": token})
    assert r.status_code == 302


def test_index_shows_use(client):
    ad = f.area_director()
    key = f.api_key(ad, "/api/iesg/position")
    login(client, ad)
    Client().post("/api/iesg/position", {"apikey": key_string(key)})
    page = client.get(INDEX).content.decode()
    row = re.search(r'<tr class="apikey".*?</tr>', page, re.S).group(0)
    assert "<td>1</td>" in row
    assert "never" not in row


@pytest.mark.parametrize("page", [INDEX, ADD, DEL])
def test_key_pages_are_never_stored(client, page):
    login(client, f.area_director())
    r = client.get(page)
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]
    assert "private" in r["Cache-Control"]
