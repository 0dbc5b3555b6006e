"""Private keys as PEM files: generate, store (mode 0600) and read them.

No Django here, so that settings and management commands can use it alike. Keys are made by
jwcrypto (which uses ``cryptography``); this module only moves their PEM text around.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Literal

from jwcrypto import jwk

KeyKind = Literal["EC-P256", "RSA-2048"]

KEY_KINDS: dict[str, dict[str, object]] = {
    "EC-P256": {"kty": "EC", "crv": "P-256"},
    "RSA-2048": {"kty": "RSA", "size": 2048},
}


class KeyFileError(Exception):
    """A key file is missing (and may not be generated), unreadable or not the expected kind."""


def generate_pem(kind: KeyKind) -> str:
    """A new private key of ``kind`` as unencrypted PKCS#8 PEM text."""
    key = jwk.JWK.generate(**KEY_KINDS[kind])
    return key.export_to_pem(private_key=True, password=None).decode("ascii")


def write_pem(path: Path, pem: str, *, overwrite: bool = False) -> None:
    """Store ``pem`` at ``path`` (mode 0600; folder 0700 when created), atomically.

    Raises FileExistsError when the file exists and ``overwrite`` is false. Readers never see
    a half-written file: the key is written beside it, then linked (or renamed) into place.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(pem)
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if another process created the file first
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read_pem(path: Path) -> str | None:
    """The PEM text stored at ``path``, or None when there is no such file."""
    try:
        return path.read_text()
    except FileNotFoundError:
        return None


def load_private_key(pem: str, kind: KeyKind, source: str) -> jwk.JWK:
    """Parse ``pem`` as a private key of ``kind``; KeyFileError names ``source`` otherwise."""
    try:
        key = jwk.JWK.from_pem(pem.encode("ascii"))
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise KeyFileError(f"{source}: not a PEM private key ({exc})") from exc
    wanted = KEY_KINDS[kind]
    if not key.has_private or key.get("kty") != wanted["kty"]:
        raise KeyFileError(f"{source}: expected a {kind} private key")
    if "crv" in wanted and key.get("crv") != wanted["crv"]:
        raise KeyFileError(f"{source}: expected a {kind} private key, got curve {key.get('crv')}")
    return key


def resolve_private_key(
    pem: str, path: Path, kind: KeyKind, *, generate: bool, what: str
) -> jwk.JWK:
    """The private key from ``pem`` text if given, else from the file at ``path``.

    When the file does not exist and ``generate`` is true, a new key is created there (this
    is the development convenience; operators create keys with a management command). Raises
    KeyFileError when there is no key and none may be generated, or the key is unusable.
    """
    if pem.strip():
        return load_private_key(pem, kind, f"{what} (PEM text from settings)")
    text = read_pem(path)
    if text is None:
        if not generate:
            raise KeyFileError(f"{what}: no key configured and no key file at {path}")
        try:
            write_pem(path, generate_pem(kind))
        except FileExistsError:
            pass  # another process generated it at the same moment: use that one
        text = read_pem(path) or ""
    return load_private_key(text, kind, f"{what} ({path})")
