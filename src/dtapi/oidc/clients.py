"""Registering relying parties (used by ``dtapi oidc-client``; the admin does the same)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from oauth2_provider.generators import generate_client_secret

from dtapi.oidc.models import Client
from dtapi.oidc.scopes import SCOPES


@dataclass(frozen=True)
class Registered:
    client: Client
    secret: str | None  # the only time the plain secret is known; None for public clients


def register(
    name: str,
    redirect_uris: list[str],
    *,
    public: bool = False,
    scopes: list[str] | None = None,
    algorithm: str = "RS256",
    post_logout_redirect_uris: list[str] | None = None,
    skip_authorization: bool = False,
) -> Registered:
    """Create a client for the authorization code flow; raises ValidationError if invalid."""
    unknown = sorted(set(scopes or []) - set(SCOPES))
    if unknown:
        raise ValidationError(f"Unknown scope(s): {', '.join(unknown)}")
    secret = None if public else generate_client_secret()
    client = Client(
        name=name,
        client_type=Client.CLIENT_PUBLIC if public else Client.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Client.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris),
        post_logout_redirect_uris=" ".join(post_logout_redirect_uris or []),
        client_secret=secret or "",
        algorithm=algorithm,
        allowed_scopes=" ".join(scopes or []),
        skip_authorization=skip_authorization,
    )
    client.full_clean()
    client.save()
    return Registered(client, secret)
