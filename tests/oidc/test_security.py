"""What the provider refuses: every case answers with the OAuth/OIDC error it should."""

from __future__ import annotations

import datetime
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from jwcrypto import jwk, jws, jwt
from jwcrypto.common import JWException
from oauth2_provider.models import get_access_token_model, get_grant_model

from .conftest import REDIRECT_URI, Flow, bearer, pkce_pair

pytestmark = pytest.mark.django_db


def error_of(response: Any) -> str:
    """The ``error`` of a token-style JSON answer."""
    return str(json.loads(response.content)["error"])


def redirect_error(response: Any) -> str:
    assert response.status_code == 302
    return parse_qs(urlsplit(response["Location"]).query)["error"][0]


# --- authorization endpoint ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://rp.example.org/callback/",
        "https://rp.example.org/callback?x=1",
        "https://rp.example.org:8443/callback",
        "http://rp.example.org/callback",
        "https://evil.example.org/callback",
        "https://rp.example.org/other",
    ],
)
def test_redirect_uri_must_match_exactly(flow: Flow, redirect_uri: str) -> None:
    response = flow.authorize(redirect_uri=redirect_uri)
    # An unregistered redirect URI is never redirected to: the error is shown to the user.
    assert response.status_code == 400
    assert "evil" not in response.get("Location", "")


def test_loopback_redirect_uri_port_must_match_too(public_flow: Flow) -> None:
    _, challenge = pkce_pair()
    response = public_flow.authorize(
        redirect_uri="http://127.0.0.1:9999/cb",
        code_challenge=challenge,
        code_challenge_method="S256",
    )
    assert response.status_code == 400


def test_unknown_client_is_refused(flow: Flow) -> None:
    flow.client_id = "no-such-client"
    assert flow.authorize().status_code == 400


def test_anonymous_user_is_sent_to_login(flow: Flow) -> None:
    flow.browser = HttpClient()
    response = flow.authorize()
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/api/openid/authorize")


def test_declining_consent_returns_access_denied(flow: Flow) -> None:
    response = flow.browser.get(
        "/api/openid/authorize",
        {
            "response_type": "code",
            "client_id": flow.client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": "openid",
            "state": "s",
        },
    )
    assert b"Request for Permission" in response.content
    data = {k: v for k, v in response.context["form"].initial.items() if v is not None}
    response = flow.browser.post("/api/openid/authorize", data)  # no "allow"
    assert redirect_error(response) == "access_denied"


def test_public_client_must_send_a_pkce_challenge(public_flow: Flow) -> None:
    response = public_flow.authorize()
    assert redirect_error(response) == "invalid_request"


def test_plain_pkce_is_refused(public_flow: Flow) -> None:
    verifier, _ = pkce_pair()
    response = public_flow.authorize(code_challenge=verifier, code_challenge_method="plain")
    assert redirect_error(response) == "invalid_request"


def test_unknown_scope_is_refused(flow: Flow) -> None:
    assert redirect_error(flow.authorize("openid admin")) == "invalid_scope"


def test_scopes_beyond_the_clients_allowance_are_refused(flow: Flow, rp: Any) -> None:
    rp.client.allowed_scopes = "openid email"
    rp.client.save()
    assert redirect_error(flow.authorize("openid roles")) == "invalid_scope"
    assert flow.code("openid email")


def test_implicit_flow_is_refused(flow: Flow) -> None:
    response = flow.authorize(response_type="id_token token")
    assert response.status_code in (302, 400)
    assert "access_token" not in response.get("Location", "")


# --- token endpoint -----------------------------------------------------------------------------


def test_a_code_works_once(flow: Flow) -> None:
    code = flow.code()
    assert flow.token(code).status_code == 200
    second = flow.token(code)
    assert second.status_code == 400
    assert error_of(second) == "invalid_grant"


def test_a_code_expires(flow: Flow) -> None:
    code = flow.code()
    get_grant_model().objects.update(expires=timezone.now() - datetime.timedelta(seconds=1))
    response = flow.token(code)
    assert response.status_code == 400
    assert error_of(response) == "invalid_grant"


def test_a_wrong_client_secret_is_refused(flow: Flow) -> None:
    response = flow.token(flow.code(), secret="not-the-secret")
    assert response.status_code == 401
    assert error_of(response) == "invalid_client"


def test_client_secret_post_works_and_a_wrong_one_is_refused(flow: Flow) -> None:
    def post(secret: str) -> Any:
        return HttpClient().post(
            "/api/openid/token",
            {
                "grant_type": "authorization_code",
                "code": flow.code(),
                "redirect_uri": REDIRECT_URI,
                "client_id": flow.client_id,
                "client_secret": secret,
            },
        )

    assert post(str(flow.secret)).status_code == 200
    wrong = post("wrong")
    assert wrong.status_code == 401
    assert error_of(wrong) == "invalid_client"


def test_the_redirect_uri_must_be_repeated_exactly(flow: Flow) -> None:
    response = flow.token(flow.code(), redirect_uri="https://rp.example.org/callback/")
    assert response.status_code in (400, 401)
    assert error_of(response) in ("invalid_request", "invalid_grant")


def test_pkce_verifier_is_required_and_checked(public_flow: Flow) -> None:
    verifier, challenge = pkce_pair()
    pkce = {"code_challenge": challenge, "code_challenge_method": "S256"}

    missing = public_flow.token(public_flow.code(**pkce))
    assert missing.status_code == 400
    assert error_of(missing) in ("invalid_request", "invalid_grant")

    wrong = public_flow.token(public_flow.code(**pkce), code_verifier=pkce_pair()[0])
    assert wrong.status_code == 400
    assert error_of(wrong) == "invalid_grant"

    right = public_flow.token(public_flow.code(**pkce), code_verifier=verifier)
    assert right.status_code == 200, right.content
    assert {"access_token", "id_token", "refresh_token"} <= set(right.json())


def test_a_confidential_client_that_sent_a_challenge_must_send_the_verifier(flow: Flow) -> None:
    _, challenge = pkce_pair()
    response = flow.token(flow.code(code_challenge=challenge, code_challenge_method="S256"))
    assert response.status_code == 400


def test_a_code_is_bound_to_its_client(flow: Flow, public_flow: Flow) -> None:
    code = flow.code()
    response = HttpClient().post(
        "/api/openid/token",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "client_id": public_flow.client_id,
            "code_verifier": pkce_pair()[0],
        },
    )
    assert response.status_code in (400, 401)


# --- userinfo and tokens ------------------------------------------------------------------------


def test_userinfo_refuses_a_tampered_token(flow: Flow) -> None:
    token = flow.tokens()["access_token"]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = HttpClient().get("/api/openid/userinfo", **bearer(tampered))
    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_userinfo_refuses_an_expired_token(flow: Flow) -> None:
    token = flow.tokens()["access_token"]
    get_access_token_model().objects.update(expires=timezone.now() - datetime.timedelta(seconds=1))
    response = HttpClient().get("/api/openid/userinfo", **bearer(token))
    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_userinfo_refuses_a_missing_token(db: None) -> None:
    response = HttpClient().get("/api/openid/userinfo")
    assert response.status_code == 401


def test_userinfo_needs_the_openid_scope(flow: Flow) -> None:
    token = flow.tokens("profile email")["access_token"]
    response = HttpClient().get("/api/openid/userinfo", **bearer(token))
    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]


def test_userinfo_refuses_a_token_in_the_query_string(flow: Flow) -> None:
    token = flow.tokens()["access_token"]
    response = HttpClient().get("/api/openid/userinfo", {"access_token": token})
    assert response.status_code in (400, 401)


def test_introspection_needs_client_credentials(flow: Flow) -> None:
    token = flow.tokens()["access_token"]
    assert HttpClient().post("/api/openid/introspect", {"token": token}).status_code in (401, 403)


def test_a_refresh_token_works_once(flow: Flow) -> None:
    refresh = flow.tokens()["refresh_token"]
    basic = {"secret": flow.secret}

    def use(token: str) -> Any:
        import base64

        auth = base64.b64encode(f"{flow.client_id}:{basic['secret']}".encode()).decode()
        return HttpClient().post(
            "/api/openid/token",
            {"grant_type": "refresh_token", "refresh_token": token},
            HTTP_AUTHORIZATION=f"Basic {auth}",
        )

    first = use(refresh)
    assert first.status_code == 200, first.content
    assert first.json()["refresh_token"] != refresh
    replay = use(refresh)
    assert replay.status_code == 400
    assert error_of(replay) == "invalid_grant"


# --- ID tokens ----------------------------------------------------------------------------------


def published_keys(client: HttpClient) -> jwk.JWKSet:
    return jwk.JWKSet.from_json(client.get("/api/openid/jwks").content)


def test_id_token_verifies_against_the_published_jwks(flow: Flow) -> None:
    id_token = flow.tokens()["id_token"]
    token = jwt.JWT(jwt=id_token, key=published_keys(HttpClient()), expected_type="JWS")
    claims = json.loads(token.claims)
    assert claims["aud"] == flow.client_id
    assert claims["iss"] == "http://127.0.0.1:8000/api/openid"


def test_a_tampered_id_token_does_not_verify(flow: Flow) -> None:
    id_token = flow.tokens()["id_token"]
    header, payload, signature = id_token.split(".")
    claims = json.loads(jws.base64url_decode(payload))
    claims["sub"] += "0"
    forged = ".".join([header, jws.base64url_encode(json.dumps(claims)), signature])
    with pytest.raises(JWException):
        jwt.JWT(jwt=forged, key=published_keys(HttpClient()), expected_type="JWS")


def test_an_id_token_signed_by_another_key_does_not_verify(flow: Flow) -> None:
    id_token = flow.tokens()["id_token"]
    header = json.loads(jws.base64url_decode(id_token.split(".")[0]))
    other = jwk.JWK.generate(kty="RSA", size=2048, kid=header["kid"])
    forged = jwt.JWT(header=header, claims=json.loads(jws.base64url_decode(id_token.split(".")[1])))
    forged.make_signed_token(other)
    with pytest.raises(JWException):
        jwt.JWT(jwt=forged.serialize(), key=published_keys(HttpClient()), expected_type="JWS")


def test_end_session_refuses_a_tampered_id_token_hint(flow: Flow) -> None:
    id_token = flow.tokens()["id_token"]
    tampered = id_token[:-2] + ("AA" if id_token[-2:] != "AA" else "BB")
    response = flow.browser.get("/api/openid/end-session", {"id_token_hint": tampered})
    assert response.status_code == 400
