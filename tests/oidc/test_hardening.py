"""OIDC endpoints answer 4xx, never 500, to what dtapi does not offer; introspection is for
authenticated confidential clients, by POST (issue 11, point 6)."""

from __future__ import annotations

import base64

import pytest
from django.test import Client as HttpClient

from dtapi.oidc import clients

from .conftest import REDIRECT_URI, Flow

UNSUPPORTED_GRANTS = [
    "urn:ietf:params:oauth:grant-type:device_code",
    "client_credentials",
    "password",
    "implicit",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
    "urn:ietf:params:oauth:grant-type:token-exchange",
    "nonsense",
]


def basic(rp: clients.Registered) -> dict[str, str]:
    credentials = f"{rp.client.client_id}:{rp.secret}".encode()
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials).decode()}


@pytest.mark.parametrize("grant", UNSUPPORTED_GRANTS)
@pytest.mark.parametrize("authenticated", [False, True])
def test_unsupported_grants_are_400(rp, public_rp, grant, authenticated):
    data = {
        "grant_type": grant,
        "device_code": "x",
        "username": "ada",
        "password": "x",
        "client_id": public_rp.client.client_id,
    }
    auth = basic(rp) if authenticated else {}
    response = HttpClient(raise_request_exception=False).post("/api/openid/token", data, **auth)
    assert (response.status_code, response.json()) == (400, {"error": "unsupported_grant_type"})


@pytest.mark.parametrize("response_type", ["token", "id_token", "code id_token", "device_code"])
def test_unsupported_response_types_are_refused_to_the_client(flow: Flow, response_type):
    response = flow.browser.get(
        "/api/openid/authorize",
        {
            "response_type": response_type,
            "client_id": flow.client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": "openid",
        },
    )
    assert response.status_code == 302
    assert "?error=" in response["Location"]  # to the client, never a 500


def test_end_session_with_an_unknown_client_is_400(db):
    response = HttpClient(raise_request_exception=False).get(
        "/api/openid/end-session", {"client_id": "no-such-client", "state": "x"}
    )
    assert response.status_code == 400


def test_introspection_for_confidential_clients_by_post(flow: Flow, rp, public_rp):
    token = flow.tokens()["access_token"]
    client = HttpClient()
    response = client.post("/api/openid/introspect", {"token": token}, **basic(rp))
    assert response.status_code == 200
    assert response.json()["active"] is True
    # client_secret_post too.
    response = client.post(
        "/api/openid/introspect",
        {"token": token, "client_id": rp.client.client_id, "client_secret": rp.secret},
    )
    assert (response.status_code, response.json()["active"]) == (200, True)
    # Never by GET (the token would be in the URL).
    response = client.get("/api/openid/introspect", {"token": token}, **basic(rp))
    assert (response.status_code, response["Allow"]) == (405, "POST")


@pytest.mark.parametrize(
    "how",
    ["public client id", "wrong secret", "no credentials", "bearer token"],
)
def test_introspection_refuses_unauthenticated_callers(flow: Flow, rp, public_rp, how):
    token = flow.tokens()["access_token"]
    data = {"token": token}
    headers: dict[str, str] = {}
    if how == "public client id":
        data["client_id"] = public_rp.client.client_id
    elif how == "wrong secret":
        data.update(client_id=rp.client.client_id, client_secret="wrong")
    elif how == "bearer token":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    response = HttpClient().post("/api/openid/introspect", data, **headers)
    assert (response.status_code, response.json()) == (401, {"error": "invalid_client"})
    assert response["Cache-Control"] == "no-store"
