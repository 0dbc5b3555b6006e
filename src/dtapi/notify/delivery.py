"""Sending one notification: sign the payload, POST it, report what happened.

    post(url, payload, encoding, timeout, event_id) -> Outcome

Encodings (per subscription): ``form`` posts the form field ``jws`` holding the JWS JSON
serialization (as the Datatracker's example did); ``json`` posts that JSON as the body
(``application/jose+json``); ``compact`` posts the compact serialization (``application/jose``).
Any 2xx answer is success; redirects are not followed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests

import dtapi
from dtapi.notify.models import Encoding
from dtapi.signing import jws, keys

USER_AGENT = f"dtapi-notify/{dtapi.__version__}"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None
    error: str
    duration: float


def encode(payload: str, encoding: str) -> tuple[bytes, str]:
    """The request body and its content type."""
    if encoding == Encoding.COMPACT:
        return jws.sign(payload.encode("utf-8"), "compact").encode("ascii"), "application/jose"
    token = jws.sign(payload.encode("utf-8"), "json")
    if encoding == Encoding.JSON:
        return token.encode("utf-8"), "application/jose+json"
    return urlencode({"jws": token}).encode("ascii"), "application/x-www-form-urlencoded"


def post(url: str, payload: str, encoding: str, timeout: float, event_id: str) -> Outcome:
    started = time.monotonic()
    try:
        body, content_type = encode(payload, encoding)
        response = requests.post(
            url,
            data=body,
            headers={
                "Content-Type": content_type,
                "User-Agent": USER_AGENT,
                "X-Dtapi-Event-Id": event_id,
            },
            timeout=timeout,
            allow_redirects=False,
        )
    except (requests.RequestException, keys.KeyNotAvailable) as exc:
        return Outcome(False, None, f"{type(exc).__name__}: {exc}", time.monotonic() - started)
    ok = 200 <= response.status_code < 300
    error = "" if ok else f"HTTP {response.status_code}: {response.text[:200]}"
    return Outcome(ok, response.status_code, error, time.monotonic() - started)
