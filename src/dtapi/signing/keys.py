"""dtapi's signing key (ECDSA P-256, JWS ``ES256``) and its published public half.

Where the key comes from, first match wins:

1. ``settings.DTAPI_SIGNING_KEY_PEM``: PKCS#8 PEM text (environment ``DTAPI_SIGNING_KEY_PEM``);
2. the file ``settings.DTAPI_SIGNING_KEY_FILE`` (environment ``DTAPI_SIGNING_KEY_FILE``,
   default ``<VAR_DIR>/keys/signing-es256.pem``), created by ``dtapi signing-key generate``;
3. when that file is absent and ``settings.DTAPI_GENERATE_KEYS`` is true (the default, meant
   for development and tests), a new key generated into that file on first use.

Public contract (used by the /api/ help page and by notifications)::

    public_jwk() -> dict   # {"kty": "EC", "crv": "P-256", "x", "y", "kid", "alg", "use"}
    public_pem() -> str    # SubjectPublicKeyInfo PEM
    kid() -> str           # RFC 7638 thumbprint (SHA-256, base64url)
    jwks() -> dict         # {"keys": [public_jwk()]}
    private_key() -> jwcrypto.jwk.JWK

Each raises :class:`KeyNotAvailable` when no usable key can be had.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from jwcrypto import jwk

from dtapi.signing.keyfiles import KeyFileError, KeyKind, resolve_private_key

ALGORITHM = "ES256"
KEY_KIND: KeyKind = "EC-P256"

_cache: dict[str, jwk.JWK] = {}


class KeyNotAvailable(ImproperlyConfigured):
    """No usable signing key: not configured, unreadable, or of the wrong kind."""


def key_file() -> Path:
    """Where the signing key file is (or would be generated)."""
    configured = getattr(settings, "DTAPI_SIGNING_KEY_FILE", "")
    if configured:
        return Path(configured)
    return Path(settings.VAR_DIR) / "keys" / "signing-es256.pem"


def generate_allowed() -> bool:
    return bool(getattr(settings, "DTAPI_GENERATE_KEYS", True))


def private_key() -> jwk.JWK:
    """The private signing key (loaded once per process)."""
    key = _cache.get("private")
    if key is None:
        try:
            key = resolve_private_key(
                getattr(settings, "DTAPI_SIGNING_KEY_PEM", "") or "",
                key_file(),
                KEY_KIND,
                generate=generate_allowed(),
                what="signing key",
            )
        except KeyFileError as exc:
            raise KeyNotAvailable(str(exc)) from exc
        _cache["private"] = key
    return key


def kid() -> str:
    """The key id: the RFC 7638 JWK thumbprint of the public key."""
    return str(private_key().thumbprint())


def public_jwk() -> dict[str, Any]:
    """The public key as a JWK, with ``kid``, ``alg`` and ``use``."""
    data: dict[str, Any] = private_key().export_public(as_dict=True)
    data.update({"kid": kid(), "alg": ALGORITHM, "use": "sig"})
    return data


def public_pem() -> str:
    """The public key as SubjectPublicKeyInfo PEM text."""
    return private_key().export_to_pem(private_key=False).decode("ascii")


def public_key() -> jwk.JWK:
    """The public key alone, e.g. to verify with."""
    return jwk.JWK(**public_jwk())


def jwks() -> dict[str, list[dict[str, Any]]]:
    """The JWK Set published at /api/signing/jwks."""
    return {"keys": [public_jwk()]}


def reset() -> None:
    """Forget the loaded key (after settings or the key file changed)."""
    _cache.clear()


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("DTAPI_SIGNING_") or setting in {"DTAPI_GENERATE_KEYS", "VAR_DIR"}:
        reset()


setting_changed.connect(_on_setting_changed, dispatch_uid="dtapi.signing.keys")
