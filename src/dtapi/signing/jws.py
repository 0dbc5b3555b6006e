"""JSON Web Signatures (RFC 7515) made with dtapi's signing key.

    token = sign(b'{"kind": "doc_state", ...}')            # JWS JSON serialization (flattened)
    token = sign(payload, serialization="compact")          # header.payload.signature
    payload = verify(token)                                 # bytes; raises InvalidSignature

The protected header is ``{"alg": "ES256", "kid": <RFC 7638 thumbprint>}``. A subscriber
verifies with jwcrypto alone: ``jwk.JWK.from_pem(published_pem)``, ``jws.JWS().deserialize``,
``.verify(key)``, ``.payload``.
"""

from __future__ import annotations

from typing import Literal

from jwcrypto import jwk, jws
from jwcrypto.common import JWException, json_encode

from dtapi.signing import keys

Serialization = Literal["json", "compact"]


class InvalidSignature(Exception):
    """The token is malformed, or its signature does not verify with the key."""


def sign(payload: bytes, serialization: Serialization = "json") -> str:
    """``payload`` signed with the signing key (raises keys.KeyNotAvailable without one)."""
    key = keys.private_key()
    token = jws.JWS(payload)
    token.add_signature(
        key, alg=keys.ALGORITHM, protected=json_encode({"alg": keys.ALGORITHM, "kid": keys.kid()})
    )
    return str(token.serialize(compact=serialization == "compact"))


def verify(token: str, key: jwk.JWK | None = None) -> bytes:
    """The payload of ``token`` if its signature verifies with ``key`` (default: ours)."""
    if key is None:
        key = keys.public_key()
    parsed = jws.JWS()
    try:
        parsed.deserialize(token)
        parsed.verify(key, alg=keys.ALGORITHM)
    except (JWException, ValueError) as exc:
        raise InvalidSignature(str(exc)) from exc
    return bytes(parsed.payload)
