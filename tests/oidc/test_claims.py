"""The claims released per scope, from the person's record."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client as HttpClient

from dtapi.group.models import Role
from dtapi.meeting.models import Meeting, Registration
from dtapi.name import models as names
from dtapi.oidc.claims import PersonClaims
from dtapi.person.models import Person

from .conftest import ALL_SCOPES, Flow, bearer, group, name

pytestmark = pytest.mark.django_db


def userinfo(flow: Flow, scope: str) -> dict[str, Any]:
    token = flow.tokens(scope)["access_token"]
    response = HttpClient().get("/api/openid/userinfo", **bearer(token))
    assert response.status_code == 200, response.content
    data: dict[str, Any] = response.json()
    return data


def test_all_scopes(flow: Flow, ada: Person) -> None:
    assert userinfo(flow, ALL_SCOPES) == {
        "sub": str(ada.user.pk),
        "name": "Ada Lovelace",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "nickname": "-",
        "picture": "http://127.0.0.1:8000/media/photo/ada.jpg",
        "email": "ada@example.org",
        "roles": [["chair", "quic"], ["member", "iab"]],
        "dots": ["chair", "iab"],
        "pronouns": "she/her",
        "meeting": "125",
        "ticket_type": "hackathon_only week_pass",
        "reg_type": "hackathon_onsite onsite",
        "affiliation": "Analytical Engines",
    }


@pytest.mark.parametrize(
    ("scope", "claims"),
    [
        ("openid", {"sub"}),
        ("openid profile", {"sub", "name", "given_name", "family_name", "nickname", "picture"}),
        ("openid email", {"sub", "email"}),
        ("openid roles", {"sub", "roles"}),
        ("openid dots", {"sub", "dots"}),
        ("openid pronouns", {"sub", "pronouns"}),
        ("openid registration", {"sub", "meeting", "ticket_type", "reg_type", "affiliation"}),
    ],
)
def test_each_scope_releases_its_claims(flow: Flow, scope: str, claims: set[str]) -> None:
    assert set(userinfo(flow, scope)) == claims


def test_id_token_carries_only_protocol_claims(flow: Flow) -> None:
    import json

    from jwcrypto import jws

    id_token = flow.tokens(ALL_SCOPES)["id_token"]
    claims = json.loads(jws.base64url_decode(id_token.split(".")[1]))
    assert set(claims) == {
        "iss",
        "sub",
        "aud",
        "exp",
        "iat",
        "auth_time",
        "nonce",
        "at_hash",
        "jti",
    }
    assert claims["nonce"] == "nonce-1"


def test_a_user_without_a_person_gets_only_sub(rp: Any) -> None:
    user = User.objects.create_user("robot", password="x")
    browser = HttpClient()
    browser.force_login(user)
    flow = Flow(browser, rp.client.client_id, secret=rp.secret)
    assert userinfo(flow, ALL_SCOPES) == {"sub": str(user.pk)}


def test_dots(ada: Person) -> None:
    email = ada.email_set.first()
    for acronym, role, gtype in [
        ("iesg", "ad", "ietf"),
        ("irsg", "member", "irtf"),
        ("llc-board", "member", "adm"),
        ("ietf-trust", "member", "adm"),
        ("nomcom2025", "member", "nomcom"),
    ]:
        Role.objects.create(
            name=name(names.RoleName, role),
            group=group(acronym, "active", gtype),
            person=ada,
            email=email,
        )
    assert PersonClaims(ada.user).dots() == [
        "chair",
        "iesg",
        "iab",
        "irsg",
        "llc",
        "trust",
        "nomcom",
    ]


def test_no_registration_for_the_current_meeting(ada: Person) -> None:
    Registration.objects.all().delete()
    claims = PersonClaims(ada.user)
    assert claims.meeting() is None and claims.affiliation() is None


def test_no_current_meeting(ada: Person) -> None:
    Registration.objects.all().delete()
    Meeting.objects.all().delete()
    assert PersonClaims(ada.user).meeting() is None


def test_email_falls_back_to_an_inactive_address(db: None) -> None:
    user = User.objects.create_user("bob", password="x")
    person = Person.objects.create(user=user, name="Bob Example", ascii="Bob Example")
    person.email_set.create(address="bob@old.example.org", active=False)
    assert PersonClaims(user).email() == "bob@old.example.org"
