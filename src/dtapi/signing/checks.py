"""System checks: the signing key loads (``signing.E001``)."""

from __future__ import annotations

from typing import Any

from django.core import checks

from dtapi.signing import keys


@checks.register(checks.Tags.security)
def check_signing_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        keys.private_key()
    except keys.KeyNotAvailable as exc:
        return [
            checks.Error(
                f"The JWS signing key is not available: {exc}",
                hint="Run `dtapi signing-key generate`, or set DTAPI_SIGNING_KEY_PEM or "
                "DTAPI_SIGNING_KEY_FILE.",
                id="signing.E001",
            )
        ]
    return []
