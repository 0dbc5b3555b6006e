"""Operators register clients: ``dtapi oidc-client`` and the admin."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command

from dtapi.oidc.models import Client

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("oidc-client", *args, stdout=out)
    return out.getvalue()


def test_add_a_confidential_client() -> None:
    out = run("add", "--name", "Mail archive", "--redirect-uri", "https://ma.example.org/cb")
    client_id = out.split("client_id: ")[1].split()[0]
    secret = out.split("client_secret: ")[1].split()[0]
    client = Client.objects.get(client_id=client_id)
    assert client.name == "Mail archive"
    assert client.client_type == "confidential"
    assert client.authorization_grant_type == "authorization-code"
    assert client.algorithm == "RS256"
    assert client.redirect_uris == "https://ma.example.org/cb"
    assert client.client_secret != secret  # stored hashed
    assert check_password(secret, client.client_secret)


def test_add_a_public_client_with_scopes_and_es256() -> None:
    out = run(
        "add",
        "--name",
        "CLI",
        "--redirect-uri",
        "http://127.0.0.1:9000/cb",
        "--redirect-uri",
        "http://[::1]:9000/cb",
        "--public",
        "--scopes",
        "openid",
        "email,roles",
        "--algorithm",
        "ES256",
    )
    assert "client_secret" not in out
    client = Client.objects.get()
    assert client.client_type == "public"
    assert client.algorithm == "ES256"
    assert client.scope_list() == ["openid", "email", "roles"]
    assert client.redirect_uris.split() == ["http://127.0.0.1:9000/cb", "http://[::1]:9000/cb"]


@pytest.mark.parametrize(
    "args",
    [
        ["--redirect-uri", "https://rp.example.org/cb#fragment"],
        ["--redirect-uri", "ftp://rp.example.org/cb"],
        ["--redirect-uri", "https://rp.example.org/cb", "--scopes", "openid", "admin"],
    ],
)
def test_bad_registrations_are_refused(args: list[str]) -> None:
    with pytest.raises(CommandError):
        run("add", "--name", "Bad", *args)
    assert not Client.objects.exists()


def test_list_and_remove() -> None:
    run("add", "--name", "One", "--redirect-uri", "https://one.example.org/cb")
    client = Client.objects.get()
    assert client.client_id in run("list")
    assert "Removed" in run("remove", client.client_id)
    assert not Client.objects.exists()
    with pytest.raises(CommandError):
        run("remove", client.client_id)


def test_clients_are_managed_in_the_admin(admin_client: object) -> None:
    assert admin.site.is_registered(Client)
    response = admin_client.get("/admin/oidc/client/add/")  # type: ignore[attr-defined]
    assert response.status_code == 200
