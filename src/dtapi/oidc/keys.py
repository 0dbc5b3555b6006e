"""The OpenID Connect provider's ID-token signing keys: one RSA key (RS256), one P-256 (ES256).

Each comes from settings text (``DTAPI_OIDC_RSA_KEY_PEM`` / ``DTAPI_OIDC_EC_KEY_PEM``), else a
file (``DTAPI_OIDC_RSA_KEY_FILE`` / ``DTAPI_OIDC_EC_KEY_FILE``, default
``<VAR_DIR>/keys/oidc-rs256.pem`` and ``oidc-es256.pem``) made by ``dtapi oidc-key generate``,
else, when ``DTAPI_GENERATE_KEYS`` is true (development, tests), a key generated into that
file on first use. These keys are separate from the notification signing key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from jwcrypto import jwk

from dtapi.signing.keyfiles import KeyFileError, KeyKind, resolve_private_key


@dataclass(frozen=True)
class KeySpec:
    alg: str
    kind: KeyKind
    setting: str  # settings name prefix: <setting>_PEM, <setting>_FILE
    filename: str


SPECS: dict[str, KeySpec] = {
    "RS256": KeySpec("RS256", "RSA-2048", "DTAPI_OIDC_RSA_KEY", "oidc-rs256.pem"),
    "ES256": KeySpec("ES256", "EC-P256", "DTAPI_OIDC_EC_KEY", "oidc-es256.pem"),
}
ALGORITHMS = tuple(SPECS)

_cache: dict[str, jwk.JWK] = {}


class KeyNotAvailable(ImproperlyConfigured):
    """No usable ID-token signing key for an algorithm."""


def key_file(alg: str) -> Path:
    spec = SPECS[alg]
    configured = getattr(settings, f"{spec.setting}_FILE", "")
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "keys" / spec.filename


def private_key(alg: str) -> jwk.JWK:
    """The private key signing ID tokens with ``alg`` ("RS256" or "ES256")."""
    key = _cache.get(alg)
    if key is None:
        spec = SPECS[alg]
        try:
            key = resolve_private_key(
                getattr(settings, f"{spec.setting}_PEM", "") or "",
                key_file(alg),
                spec.kind,
                generate=bool(getattr(settings, "DTAPI_GENERATE_KEYS", True)),
                what=f"OpenID Connect {alg} key",
            )
        except KeyFileError as exc:
            raise KeyNotAvailable(str(exc)) from exc
        _cache[alg] = key
    return key


def kid(alg: str) -> str:
    return str(private_key(alg).thumbprint())


def public_jwk(alg: str) -> dict[str, Any]:
    data: dict[str, Any] = private_key(alg).export_public(as_dict=True)
    data.update({"kid": kid(alg), "alg": alg, "use": "sig"})
    return data


def jwks() -> dict[str, list[dict[str, Any]]]:
    """The JWK Set published at /api/openid/jwks: every ID-token key, RSA first."""
    return {"keys": [public_jwk(alg) for alg in ALGORITHMS]}


def reset() -> None:
    _cache.clear()


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("DTAPI_OIDC_") or setting in {"DTAPI_GENERATE_KEYS", "VAR_DIR"}:
        reset()


setting_changed.connect(_on_setting_changed, dispatch_uid="dtapi.oidc.keys")
