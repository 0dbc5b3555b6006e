"""The issuer page, the provider metadata and the JWK Set."""

from __future__ import annotations

from typing import Any

import pytest
from jwcrypto import jwk

from dtapi.oidc import keys

pytestmark = pytest.mark.django_db

ISSUER = "http://127.0.0.1:8000/api/openid"


def test_api_openid_issuer(client: Any) -> None:
    response = client.get("/api/openid/")
    assert response.status_code == 200
    assert b"OpenID Connect Issuer" in response.content
    assert f"{ISSUER}/.well-known/openid-configuration".encode() in response.content


def test_issuer_follows_the_base_url(client: Any, settings: Any) -> None:
    settings.OAUTH2_PROVIDER = {
        **settings.OAUTH2_PROVIDER,
        "OIDC_ISS_ENDPOINT": "https://dt.example.org/api/openid",
    }
    data = client.get("/api/openid/.well-known/openid-configuration").json()
    assert data["issuer"] == "https://dt.example.org/api/openid"
    assert data["token_endpoint"] == "https://dt.example.org/api/openid/token"


@pytest.mark.parametrize(
    "path", [".well-known/openid-configuration", ".well-known/openid-configuration/"]
)
def test_provider_metadata(client: Any, path: str) -> None:
    response = client.get(f"/api/openid/{path}")
    assert response.status_code == 200
    data = response.json()
    assert data["issuer"] == ISSUER
    for key, endpoint in [
        ("authorization_endpoint", "authorize"),
        ("token_endpoint", "token"),
        ("userinfo_endpoint", "userinfo"),
        ("jwks_uri", "jwks"),
        ("end_session_endpoint", "end-session"),
        ("introspection_endpoint", "introspect"),
        ("revocation_endpoint", "revoke"),
    ]:
        assert data[key] == f"{ISSUER}/{endpoint}"
    assert data["response_types_supported"] == ["code"]
    assert data["grant_types_supported"] == ["authorization_code", "refresh_token"]
    assert data["id_token_signing_alg_values_supported"] == ["RS256", "ES256"]
    assert data["code_challenge_methods_supported"] == ["S256"]
    assert data["subject_types_supported"] == ["public"]
    assert set(data["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "client_secret_post",
        "none",  # public clients, with PKCE
    }
    assert set(data["scopes_supported"]) == {
        "openid",
        "profile",
        "email",
        "roles",
        "dots",
        "pronouns",
        "registration",
    }
    assert {"sub", "name", "email", "roles", "dots", "pronouns", "meeting"} <= set(
        data["claims_supported"]
    )
    assert "registration_endpoint" not in data  # no dynamic registration


def test_no_dynamic_registration(client: Any) -> None:
    assert (
        client.post("/api/openid/register", {}, content_type="application/json").status_code == 404
    )
    assert (
        client.post("/api/openid/register/", {}, content_type="application/json").status_code == 404
    )


def test_jwks_publishes_both_keys_with_their_thumbprints(client: Any) -> None:
    response = client.get("/api/openid/jwks")
    assert response.status_code == 200
    published = response.json()["keys"]
    assert [k["alg"] for k in published] == ["RS256", "ES256"]
    for data in published:
        key = jwk.JWK(**data)
        assert not key.has_private
        assert data["kid"] == key.thumbprint() == keys.kid(data["alg"])
        assert data["use"] == "sig"
        assert "d" not in data and "p" not in data
