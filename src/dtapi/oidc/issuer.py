"""The issuer identifier: ``<DTAPI_BASE_URL>/api/openid`` (``OAUTH2_PROVIDER["OIDC_ISS_ENDPOINT"]``)."""

from __future__ import annotations

from oauth2_provider.settings import oauth2_settings


def issuer() -> str:
    return str(oauth2_settings.OIDC_ISS_ENDPOINT).rstrip("/")
