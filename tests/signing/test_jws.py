"""Signing and verifying JWS, and verifying them the way a subscriber would."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jwcrypto import jwk
from jwcrypto import jws as jose

from dtapi.signing import jws, keyfiles, keys

PAYLOAD = b'{"kind": "doc_state", "id": "1"}'


@pytest.mark.parametrize("serialization", ["json", "compact"])
def test_round_trip(serialization: Any) -> None:
    token = jws.sign(PAYLOAD, serialization)
    assert jws.verify(token) == PAYLOAD


def test_protected_header_names_the_algorithm_and_key() -> None:
    token = json.loads(jws.sign(PAYLOAD))
    header = json.loads(jose.base64url_decode(token["protected"]))
    assert header == {"alg": "ES256", "kid": keys.kid()}
    compact = jws.sign(PAYLOAD, "compact")
    assert json.loads(jose.base64url_decode(compact.split(".")[0])) == header


def test_subscriber_verifies_with_the_published_pem() -> None:
    """What a subscriber does, with jwcrypto alone and the PEM from the /api/ page."""
    token = jws.sign(PAYLOAD)
    key = jwk.JWK.from_pem(keys.public_pem().encode())
    received = jose.JWS()
    received.deserialize(token)
    received.verify(key)
    assert received.payload == PAYLOAD


def test_a_tampered_payload_fails() -> None:
    token = json.loads(jws.sign(PAYLOAD))
    token["payload"] = jose.base64url_encode(PAYLOAD.replace(b"doc_state", b"doc_stats"))
    with pytest.raises(jws.InvalidSignature):
        jws.verify(json.dumps(token))
    compact = jws.sign(PAYLOAD, "compact").split(".")
    compact[1] = jose.base64url_encode(b'{"kind": "other"}')
    with pytest.raises(jws.InvalidSignature):
        jws.verify(".".join(compact))


def test_another_key_fails() -> None:
    other = jwk.JWK.from_pem(keyfiles.generate_pem("EC-P256").encode())
    with pytest.raises(jws.InvalidSignature):
        jws.verify(jws.sign(PAYLOAD), key=other)


def test_garbage_fails() -> None:
    for token in ["", "not a token", "a.b.c", "{}"]:
        with pytest.raises(jws.InvalidSignature):
            jws.verify(token)


def test_alg_none_is_refused() -> None:
    unsigned = ".".join(
        [jose.base64url_encode(b'{"alg":"none"}'), jose.base64url_encode(PAYLOAD), ""]
    )
    with pytest.raises(jws.InvalidSignature):
        jws.verify(unsigned)
