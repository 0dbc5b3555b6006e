"""Personal API keys: the key string, validation, creation, disabling and recording use.

A key string is 64 URL-safe base64 characters encoding 48 bytes, packed as ``<i12s32s``:

* the key's id (4-byte little-endian signed integer),
* the key's random 12-byte salt,
* a SHA-256 digest over, in order, the UTF-8 of ``str(id)``, ``str(person id)``,
  ``created.isoformat()``, ``endpoint`` and ``"True"``, then the salt bytes, then the site's
  ``SECRET_KEY``.

This is the original Datatracker's layout, so keys issued by a Datatracker whose data (and
``SECRET_KEY``) dtapi takes over keep working. Nothing about a key string is stored: it is
recomputed from the key row, so only someone holding ``SECRET_KEY`` can mint one. Key strings
are secrets: never log them (log the key id).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dtapi.accounts.endpoints import ENDPOINTS, label
from dtapi.accounts.roles import has_role
from dtapi.person.models import Person, PersonalApiKey, PersonApiKeyEvent

__all__ = [
    "KEY_LENGTH",
    "create_key",
    "disable_key",
    "disable_key_id",
    "endpoints_for",
    "find_key",
    "key_string",
    "record_use",
]

KEY_LENGTH = 64
_PACKING = struct.Struct("<i12s32s")
_KEY_SHAPE = re.compile(rf"[A-Za-z0-9_-]{{{KEY_LENGTH}}}")


def _digest(key: PersonalApiKey, salt: bytes) -> bytes:
    h = hashlib.sha256()
    for part in (str(key.pk), str(key.person_id), key.created.isoformat(), key.endpoint):
        h.update(part.encode("utf-8"))
    # The key's validity as issued; disabled keys are refused before their digest is checked.
    h.update(b"True")
    h.update(salt)
    h.update(settings.SECRET_KEY.encode("utf-8"))
    return h.digest()


def _packed(key: PersonalApiKey) -> bytes:
    salt = bytes(key.salt)
    return _PACKING.pack(key.pk, salt, _digest(key, salt))


def key_string(key: PersonalApiKey) -> str:
    """The 64-character string that authenticates as ``key`` (as issued, even once disabled)."""
    return base64.urlsafe_b64encode(_packed(key)).decode("ascii")


def find_key(presented: Any) -> PersonalApiKey | None:
    """The valid key that ``presented`` is the string of, or None.

    Anything else gives None: a value of the wrong shape or length, an unknown id, a disabled
    key, a digest that does not match. The comparison takes constant time. The key comes with
    ``person`` and ``person.user`` loaded.
    """
    if not isinstance(presented, str) or not _KEY_SHAPE.fullmatch(presented):
        return None
    raw = base64.urlsafe_b64decode(presented)
    key_id, _salt, _digest_bytes = _PACKING.unpack(raw)
    if key_id <= 0:
        return None
    key = (
        PersonalApiKey.objects.select_related("person__user").filter(pk=key_id, valid=True).first()
    )
    if key is None:
        return None
    if not hmac.compare_digest(_packed(key), raw):
        return None
    return key


def endpoints_for(user: Any) -> list[tuple[str, str]]:
    """``(endpoint, label)`` pairs ``user`` may create keys for, sorted by endpoint.

    An endpoint of :data:`~dtapi.accounts.endpoints.ENDPOINTS` is available when it names no
    role or the user holds one of its roles (the same rule ``require_api_key`` applies).
    """
    return sorted(
        (entry.path, label(entry))
        for entry in ENDPOINTS
        if not entry.roles or has_role(user, *entry.roles)
    )


def create_key(person: Person, endpoint: str) -> PersonalApiKey:
    """Create a key for ``person`` on ``endpoint``.

    Raises ``PermissionError`` when the person's roles do not allow keys for that endpoint.
    """
    if person.user is None or endpoint not in dict(endpoints_for(person.user)):
        raise PermissionError(f"no API keys for {endpoint!r} for person {person.pk}")
    return PersonalApiKey.objects.create(person=person, endpoint=endpoint)


def disable_key(person: Person, presented: str) -> PersonalApiKey | None:
    """Disable the key ``presented`` is the string of, if it is valid and ``person``'s.

    Keys are never deleted: their events point at them. Returns the disabled key, or None
    when nothing was disabled.
    """
    key = find_key(presented)
    if key is None or key.person_id != person.pk:
        return None
    PersonalApiKey.objects.filter(pk=key.pk).update(valid=False)
    key.valid = False
    return key


def disable_key_id(person: Person, key_id: int) -> PersonalApiKey | None:
    """Disable ``person``'s valid key with this id; the key, or None when nothing was."""
    key = PersonalApiKey.objects.filter(pk=key_id, person=person, valid=True).first()
    if key is None:
        return None
    PersonalApiKey.objects.filter(pk=key.pk).update(valid=False)
    key.valid = False
    return key


def record_use(key: PersonalApiKey) -> None:
    """Count a successful use of ``key``, stamp its ``latest`` time and log a person event."""
    now = timezone.now()
    with transaction.atomic():
        PersonalApiKey.objects.filter(pk=key.pk).update(count=F("count") + 1, latest=now)
        PersonApiKeyEvent.objects.create(
            person_id=key.person_id,
            time=now,
            type="apikey_login",
            key=key,
            desc=f"Logged in with key ID {key.pk}, endpoint {key.endpoint}",
        )
    key.count += 1
    key.latest = now
