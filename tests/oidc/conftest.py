"""Fixtures for the OpenID Connect tests: a person with roles and a registration, clients,
and helpers that walk the authorization code flow with Django's test client."""

from __future__ import annotations

import base64
import datetime
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client as HttpClient
from django.utils import timezone

from dtapi.group.models import Group, Role
from dtapi.meeting.models import Meeting, Registration, RegistrationTicket
from dtapi.name import models as names
from dtapi.oidc import clients
from dtapi.person.models import Email, Person

REDIRECT_URI = "https://rp.example.org/callback"
PASSWORD = "ada+password"
ALL_SCOPES = "openid profile email roles registration dots pronouns"


@pytest.fixture(autouse=True)
def _keys_in_tmp(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keys are generated once per test session into a temporary folder, never into var/."""
    folder: Path = tmp_path_factory.getbasetemp() / "oidc-keys"
    settings.DTAPI_OIDC_RSA_KEY_FILE = str(folder / "rs256.pem")
    settings.DTAPI_OIDC_EC_KEY_FILE = str(folder / "es256.pem")
    settings.DTAPI_GENERATE_KEYS = True
    # Client secrets and passwords are hashed with the first hasher; a fast one for tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def name(model: Any, slug: str, **extra: Any) -> Any:
    return model.objects.get_or_create(slug=slug, defaults={"name": slug, **extra})[0]


def group(acronym: str, state: str = "active", gtype: str = "wg") -> Group:
    return Group.objects.create(
        acronym=acronym,
        name=acronym.upper(),
        state=name(names.GroupStateName, state),
        type=name(names.GroupTypeName, gtype),
    )


@pytest.fixture
def ada(db: None) -> Person:
    """A person with roles (active and concluded groups), pronouns, photo and a registration."""
    user = User.objects.create_user("ada", "ada@example.org", PASSWORD)
    user.last_login = timezone.now()
    user.save()
    person = Person.objects.create(
        user=user,
        name="Ada Lovelace",
        ascii="Ada Lovelace",
        pronouns_selectable=["she/her"],
        photo="photo/ada.jpg",
    )
    email = Email.objects.create(address="ada@example.org", person=person, primary=True)
    Email.objects.create(address="ada@old.example.org", person=person, active=False)
    for acronym, role, state, gtype in [
        ("quic", "chair", "active", "wg"),
        ("iab", "member", "active", "ietf"),
        ("oldwg", "chair", "conclude", "wg"),
    ]:
        Role.objects.create(
            name=name(names.RoleName, role),
            group=group(acronym, state, gtype),
            person=person,
            email=email,
        )
    meeting = Meeting.objects.create(
        number="125", type=name(names.MeetingTypeName, "ietf"), date=timezone.now().date()
    )
    Meeting.objects.create(
        number="124",
        type=name(names.MeetingTypeName, "ietf"),
        date=timezone.now().date() - datetime.timedelta(days=120),
    )
    registration = Registration.objects.create(
        meeting=meeting,
        email="ada@old.example.org",  # matched through an address, not linked to the person
        first_name="Ada",
        last_name="Lovelace",
        affiliation="Analytical Engines",
        country_code="GB",
    )
    for attendance, ticket in [("onsite", "week_pass"), ("hackathon_onsite", "hackathon_only")]:
        RegistrationTicket.objects.create(
            registration=registration,
            attendance_type=name(names.AttendanceTypeName, attendance),
            ticket_type=name(names.RegistrationTicketTypeName, ticket),
        )
    return person


@pytest.fixture
def rp(db: None) -> clients.Registered:
    """A confidential client (RS256 ID tokens)."""
    return clients.register("Example RP", [REDIRECT_URI])


@pytest.fixture
def public_rp(db: None) -> clients.Registered:
    """A public client (ES256 ID tokens, PKCE required)."""
    return clients.register(
        "Example app", ["http://127.0.0.1:8765/cb"], public=True, algorithm="ES256"
    )


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass
class Flow:
    """The authorization code flow through Django's test client (the browser and the RP)."""

    browser: HttpClient
    client_id: str
    redirect_uri: str = REDIRECT_URI
    secret: str | None = None

    def authorize(self, scope: str = "openid", **params: str) -> Any:
        """GET the authorization endpoint, and consent when asked; returns the response."""
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": scope,
            "state": "state-1",
            "nonce": "nonce-1",
            **params,
        }
        response = self.browser.get("/api/openid/authorize", query)
        if response.status_code == 200 and response.context and "form" in response.context:
            form = response.context["form"]
            if form.initial:
                data = {k: v for k, v in form.initial.items() if v is not None}
                response = self.browser.post(
                    "/api/openid/authorize", {**data, "allow": "Authorize"}
                )
        return response

    def code(self, scope: str = "openid", **params: str) -> str:
        response = self.authorize(scope, **params)
        assert response.status_code == 302, response.content[:500]
        location = urlsplit(response["Location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == self.redirect_uri
        query = parse_qs(location.query)
        assert query["state"] == ["state-1"]
        return query["code"][0]

    def token(self, code: str, secret: str | None = None, **extra: str) -> Any:
        """POST the code to the token endpoint with client_secret_basic (if a secret)."""
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri}
        data.update(extra)
        headers = {}
        secret = secret if secret is not None else self.secret
        if secret:
            basic = base64.b64encode(f"{self.client_id}:{secret}".encode()).decode()
            headers["HTTP_AUTHORIZATION"] = f"Basic {basic}"
        else:
            data["client_id"] = self.client_id
        return HttpClient().post("/api/openid/token", data, **headers)

    def tokens(self, scope: str = "openid", **params: str) -> dict[str, Any]:
        response = self.token(self.code(scope, **params))
        assert response.status_code == 200, response.content
        tokens: dict[str, Any] = response.json()
        return tokens


@pytest.fixture
def flow(ada: Person, rp: clients.Registered) -> Flow:
    browser = HttpClient()
    browser.force_login(ada.user)
    return Flow(browser, rp.client.client_id, secret=rp.secret)


@pytest.fixture
def public_flow(ada: Person, public_rp: clients.Registered) -> Flow:
    browser = HttpClient()
    browser.force_login(ada.user)
    return Flow(browser, public_rp.client.client_id, redirect_uri="http://127.0.0.1:8765/cb")


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
