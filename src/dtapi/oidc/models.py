"""The OpenID Connect client record (DOT's swappable application model).

``settings.OAUTH2_PROVIDER_APPLICATION_MODEL = "oidc.Client"``. Clients are registered by
operators (``dtapi oidc-client add`` or the admin); there is no dynamic registration.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from jwcrypto import jwk
from oauth2_provider.models import AbstractApplication

from dtapi.oidc import keys


class Client(AbstractApplication):
    """A relying party: its id, secret (hashed), redirect URIs, ID-token algorithm, scopes."""

    ALGORITHM_TYPES = (
        ("RS256", "RSA with SHA-256 (RS256)"),
        ("ES256", "ECDSA P-256 with SHA-256 (ES256)"),
    )

    algorithm = models.CharField(
        "ID token algorithm",
        max_length=5,
        choices=ALGORITHM_TYPES,
        default="RS256",
        help_text="How this client's ID tokens are signed; both keys are in /api/openid/jwks.",
    )
    allowed_scopes = models.TextField(
        blank=True,
        default="",
        help_text="Space-separated scopes this client may request; empty means every scope.",
    )

    class Meta(AbstractApplication.Meta):
        verbose_name = "OpenID Connect client"

    def natural_key(self) -> tuple[str]:
        return (self.client_id,)

    def redirect_uri_allowed(self, uri: str) -> bool:
        """Only a registered redirect URI, compared as a string (OIDC Core 3.1.2.1).

        DOT's own rules (no fragment, no credentials, ...) apply too; its RFC 8252 leniency
        for loopback ports does not: a port must be registered to be used.
        """
        return uri in self.redirect_uris.split() and super().redirect_uri_allowed(uri)

    def post_logout_redirect_uri_allowed(self, uri: str) -> bool:
        return (
            uri in self.post_logout_redirect_uris.split()
            and super().post_logout_redirect_uri_allowed(uri)
        )

    def scope_list(self) -> list[str] | None:
        """The scopes this client may request, or None for all of them."""
        return self.allowed_scopes.split() or None

    @property
    def jwk_key(self) -> jwk.JWK:
        """The key this client's ID tokens are signed (and verified) with."""
        return keys.private_key(self.algorithm)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # DOT's algorithm check looks at its own RSA key setting; dtapi's keys are in
        # dtapi.oidc.keys, so the check is made here instead.
        errors.pop("algorithm", None)
        if self.algorithm in keys.SPECS:
            try:
                keys.private_key(self.algorithm)
            except keys.KeyNotAvailable as exc:
                errors["algorithm"] = [ValidationError(str(exc))]
        if errors:
            raise ValidationError(errors)
