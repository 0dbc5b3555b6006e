"""The authorization code flow over HTTP, as real relying parties run it.

The relying party is authlib's OAuth 2 client; the user's browser is a requests session that
signs in on /accounts/login/ and consents on the permission page. ID tokens are verified
with joserfc against the JWK Set the provider publishes. This is the conformance test
``test_oidc_code_auth`` of the Datatracker, plus PKCE, ES256, refresh, introspection and
logout.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import KeySet

from dtapi.oidc import clients
from dtapi.person.models import Person

from .conftest import ALL_SCOPES, PASSWORD, REDIRECT_URI


@pytest.fixture
def provider(live_server: Any, settings: Any) -> dict[str, Any]:
    """The live server as the issuer; returns its provider metadata, fetched over HTTP."""
    settings.DTAPI_BASE_URL = live_server.url
    settings.OAUTH2_PROVIDER = {
        **settings.OAUTH2_PROVIDER,
        "OIDC_ISS_ENDPOINT": f"{live_server.url}/api/openid",
    }
    response = requests.get(f"{live_server.url}/api/openid/.well-known/openid-configuration")
    response.raise_for_status()
    metadata: dict[str, Any] = response.json()
    return metadata


@pytest.fixture
def sessions() -> Iterator[list[requests.Session]]:
    """HTTP sessions to close after the test: an open keep-alive connection would keep a
    live-server thread, and its database connection, alive."""
    opened: list[requests.Session] = []
    yield opened
    for session in opened:
        session.close()


def hidden_inputs(html: str) -> dict[str, str]:
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]*)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = unescape(value.group(1)) if value else ""
    return fields


class Browser:
    """A user agent: follows the provider's redirects, signs in, consents."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()

    def go(self, url: str) -> requests.Response:
        """GET ``url`` and follow redirects that stay on the provider; stop at the RP."""
        response = self.http.get(url, allow_redirects=False, timeout=30)
        while response.is_redirect:
            url = urljoin(response.url, response.headers["location"])
            if not url.startswith(self.base):
                return response
            response = self.http.get(url, allow_redirects=False, timeout=30)
        return response

    def submit(
        self, page: requests.Response, marker: str, extra: dict[str, str]
    ) -> requests.Response:
        """Submit the page's form that contains ``marker`` (its hidden fields plus ``extra``)."""
        form = next(f for f in re.findall(r"<form.*?</form>", page.text, re.S) if marker in f)
        action = re.search(r'<form[^>]*action="([^"]*)"', form)
        url = urljoin(page.url, unescape(action.group(1))) if action else page.url
        data = {**hidden_inputs(form), **extra}
        return self.http.post(
            url, data=data, headers={"Referer": page.url}, allow_redirects=False, timeout=30
        )

    def sign_in_and_consent(self, authorization_url: str, username: str) -> str:
        """Run the user's part of the flow; returns the redirect back to the RP."""
        page = self.go(authorization_url)
        assert urlsplit(page.url).path == "/accounts/login/", page.text[:300]
        response = self.submit(
            page, 'name="password"', {"username": username, "password": PASSWORD}
        )
        assert response.is_redirect, response.text[:300]
        page = self.go(urljoin(self.base, response.headers["location"]))
        assert "Request for Permission" in page.text
        response = self.submit(page, 'name="allow"', {"allow": "Authorize"})
        assert response.is_redirect, response.text
        location = response.headers["location"]
        return location


def verify_id_token(token: str, provider: dict[str, Any], client_id: str, nonce: str) -> Any:
    keys = KeySet.import_key_set(requests.get(provider["jwks_uri"]).json())
    decoded = jwt.decode(token, keys, algorithms=["RS256", "ES256"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": provider["issuer"]},
        aud={"essential": True, "value": client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    ).validate(decoded.claims)
    return decoded


@pytest.mark.django_db(transaction=True)
def test_oidc_code_auth(
    live_server: Any, provider: dict[str, Any], ada: Person, sessions: list[Any]
) -> None:
    registered = clients.register("Test RP", [REDIRECT_URI])
    client_id, secret = registered.client.client_id, registered.secret
    rp = OAuth2Session(
        client_id,
        secret,
        scope=ALL_SCOPES,
        redirect_uri=REDIRECT_URI,
        token_endpoint_auth_method="client_secret_basic",
    )
    sessions.append(rp)
    nonce = generate_token(20)
    url, state = rp.create_authorization_url(provider["authorization_endpoint"], nonce=nonce)

    browser = Browser(live_server.url)
    sessions.append(browser.http)
    location = browser.sign_in_and_consent(url, "ada")
    assert location.startswith(REDIRECT_URI + "?")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == [state]
    assert query["iss"] == [provider["issuer"]]  # RFC 9207

    token = rp.fetch_token(provider["token_endpoint"], authorization_response=location)
    assert {"access_token", "refresh_token", "token_type", "expires_in", "id_token"} <= set(token)
    assert token["token_type"] == "Bearer"

    decoded = verify_id_token(token["id_token"], provider, client_id, nonce)
    assert decoded.header["alg"] == "RS256"
    assert decoded.header["kid"]
    assert decoded.claims["sub"] == str(ada.user.pk)
    assert {"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash"} <= set(
        decoded.claims
    )

    userinfo = rp.get(provider["userinfo_endpoint"]).json()
    for claim in [
        "email",
        "family_name",
        "given_name",
        "meeting",
        "name",
        "pronouns",
        "roles",
        "ticket_type",
        "reg_type",
        "affiliation",
        "picture",
        "dots",
    ]:
        assert userinfo.get(claim), claim
    assert userinfo["sub"] == str(ada.user.pk)
    assert userinfo["roles"] == [["chair", "quic"], ["member", "iab"]]
    assert userinfo["email"] == "ada@example.org"
    assert userinfo["meeting"] == "125"
    assert userinfo["picture"] == f"{live_server.url}/media/photo/ada.jpg"
    # userinfo by POST too
    assert rp.post(provider["userinfo_endpoint"]).json()["sub"] == userinfo["sub"]

    introspected = requests.post(
        provider["introspection_endpoint"],
        data={"token": token["access_token"]},
        auth=(client_id, str(secret)),
    ).json()
    assert introspected["active"] is True
    assert introspected["client_id"] == client_id
    assert set(introspected["scope"].split()) == set(ALL_SCOPES.split())

    refreshed = rp.refresh_token(provider["token_endpoint"])
    assert refreshed["access_token"] != token["access_token"]
    assert rp.get(provider["userinfo_endpoint"]).json()["sub"] == userinfo["sub"]
    stale = requests.post(
        provider["introspection_endpoint"],
        data={"token": token["access_token"]},
        auth=(client_id, str(secret)),
    ).json()
    assert stale == {"active": False}


@pytest.mark.django_db(transaction=True)
def test_public_client_with_pkce_and_es256(
    live_server: Any, provider: dict[str, Any], ada: Person, sessions: list[Any]
) -> None:
    redirect_uri = "http://127.0.0.1:8765/cb"
    registered = clients.register(
        "Native app",
        [redirect_uri],
        public=True,
        algorithm="ES256",
        post_logout_redirect_uris=["http://127.0.0.1:8765/bye"],
    )
    assert registered.secret is None
    client_id = registered.client.client_id
    rp = OAuth2Session(
        client_id,
        scope="openid email",
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    )
    sessions.append(rp)
    verifier, nonce = generate_token(48), generate_token(20)
    url, _ = rp.create_authorization_url(
        provider["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    assert "code_challenge=" in url

    browser = Browser(live_server.url)
    sessions.append(browser.http)
    location = browser.sign_in_and_consent(url, "ada")
    token = rp.fetch_token(
        provider["token_endpoint"], authorization_response=location, code_verifier=verifier
    )
    decoded = verify_id_token(token["id_token"], provider, client_id, nonce)
    assert decoded.header["alg"] == "ES256"
    assert rp.get(provider["userinfo_endpoint"]).json() == {
        "sub": str(ada.user.pk),
        "email": "ada@example.org",
    }

    # RP-initiated logout: back to the RP, the session and the tokens are gone.
    response = browser.http.get(
        provider["end_session_endpoint"],
        params={
            "id_token_hint": token["id_token"],
            "post_logout_redirect_uri": "http://127.0.0.1:8765/bye",
            "state": "bye",
        },
        allow_redirects=False,
    )
    assert response.is_redirect
    assert response.headers["location"] == "http://127.0.0.1:8765/bye?state=bye"
    assert rp.get(provider["userinfo_endpoint"]).status_code == 401
    assert urlsplit(browser.go(url).url).path == "/accounts/login/"


@pytest.mark.django_db(transaction=True)
def test_login_next_cannot_leave_the_site(
    live_server: Any, ada: Person, sessions: list[Any]
) -> None:
    browser = Browser(live_server.url)
    sessions.append(browser.http)
    for target in ["https://evil.example.org/", "//evil.example.org/", "/\\evil.example.org"]:
        page = browser.go(f"{live_server.url}/accounts/login/?next={target}")
        response = browser.submit(
            page, 'name="password"', {"username": "ada", "password": PASSWORD}
        )
        assert response.is_redirect
        landing = urljoin(live_server.url, response.headers["location"])
        assert landing.startswith(live_server.url + "/"), landing
        browser.http.cookies.clear()
