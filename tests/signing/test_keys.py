"""The signing key: where it comes from, and how its public half is published."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from jwcrypto import jwk

from dtapi.signing import checks, keyfiles, keys


def rfc7638_thumbprint(public: dict[str, Any]) -> str:
    """RFC 7638, computed independently: SHA-256 of the required members, sorted, no spaces."""
    members = {k: public[k] for k in ("crv", "kty", "x", "y")}
    canonical = json.dumps(members, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()


def test_generated_on_first_use_into_a_private_file(key_file: Path) -> None:
    assert not key_file.exists()
    key = keys.private_key()
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert key.get("kty") == "EC" and key.get("crv") == "P-256"
    keys.reset()
    assert keys.kid() == key.thumbprint()  # the same key is read back


def test_public_jwk_pem_and_kid_agree(key_file: Path) -> None:
    public = keys.public_jwk()
    assert set(public) == {"kty", "crv", "x", "y", "kid", "alg", "use"}
    assert public["alg"] == "ES256" and public["use"] == "sig"
    assert public["kid"] == keys.kid() == rfc7638_thumbprint(public)
    pem = keys.public_pem()
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    from_pem = jwk.JWK.from_pem(pem.encode())
    assert from_pem.thumbprint() == keys.kid()
    assert not from_pem.has_private
    assert keys.jwks() == {"keys": [public]}


def test_key_from_settings_text(settings: Any, key_file: Path) -> None:
    pem = keyfiles.generate_pem("EC-P256")
    settings.DTAPI_SIGNING_KEY_PEM = pem
    assert keys.kid() == jwk.JWK.from_pem(pem.encode()).thumbprint()
    assert not key_file.exists()


def test_key_from_an_operator_file(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "operator.pem"
    pem = keyfiles.generate_pem("EC-P256")
    path.write_text(pem)
    settings.DTAPI_SIGNING_KEY_FILE = str(path)
    assert keys.kid() == jwk.JWK.from_pem(pem.encode()).thumbprint()


def test_a_key_of_the_wrong_kind_is_refused(settings: Any) -> None:
    settings.DTAPI_SIGNING_KEY_PEM = keyfiles.generate_pem("RSA-2048")
    with pytest.raises(keys.KeyNotAvailable, match="expected a EC-P256"):
        keys.private_key()


def test_garbage_is_refused(settings: Any) -> None:
    settings.DTAPI_SIGNING_KEY_PEM = (
        "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n"
    )
    with pytest.raises(keys.KeyNotAvailable):
        keys.private_key()


def test_missing_key_without_generation_is_an_error(settings: Any, key_file: Path) -> None:
    settings.DTAPI_GENERATE_KEYS = False
    with pytest.raises(keys.KeyNotAvailable, match="no key configured"):
        keys.private_key()
    assert not key_file.exists()
    [error] = checks.check_signing_key()
    assert error.id == "signing.E001"


def test_system_check_passes_with_a_key(key_file: Path) -> None:
    assert checks.check_signing_key() == []


def test_jwks_endpoint(client: Any) -> None:
    for path in ("/api/signing/jwks", "/api/signing/jwks/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.json() == {"keys": [keys.public_jwk()]}
    assert client.post("/api/signing/jwks").status_code == 405


def test_generate_command(key_file: Path) -> None:
    out = StringIO()
    call_command("signing-key", "generate", stdout=out)
    assert key_file.exists()
    first = keys.kid()
    assert f"kid: {first}" in out.getvalue()
    assert "BEGIN PUBLIC KEY" in out.getvalue()
    with pytest.raises(CommandError, match="--force"):
        call_command("signing-key", "generate", stdout=StringIO())
    assert keys.kid() == first
    call_command("signing-key", "generate", "--force", stdout=StringIO())
    assert keys.kid() != first


def test_show_command(key_file: Path) -> None:
    out = StringIO()
    call_command("signing-key", "show", stdout=out)
    assert json.dumps(keys.public_jwk(), indent=2, sort_keys=True) in out.getvalue()


def test_help_page_contract() -> None:
    """The /api/ page imports these three names from dtapi.signing.keys."""
    from dtapi.signing.keys import kid, public_jwk, public_pem

    assert isinstance(public_jwk(), dict)
    assert isinstance(public_pem(), str)
    assert isinstance(kid(), str)
