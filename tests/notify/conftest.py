"""Fixtures for the notification tests: a signing key, a subscriber on loopback, data."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from jwcrypto import jwk, jws

from dtapi.notify.models import Subscription
from dtapi.signing import keys
from dtapi.tasks.worker import Worker


@pytest.fixture(autouse=True)
def _signing_key(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.DTAPI_SIGNING_KEY_PEM = ""
    settings.DTAPI_SIGNING_KEY_FILE = str(tmp_path_factory.getbasetemp() / "notify-signing.pem")
    settings.DTAPI_GENERATE_KEYS = True


@dataclass
class Received:
    content_type: str
    body: bytes
    headers: dict[str, str]

    def token(self) -> str:
        if self.content_type == "application/x-www-form-urlencoded":
            return parse_qs(self.body.decode())["jws"][0]
        return self.body.decode()

    def verify(self) -> dict[str, Any]:
        """Verify as a subscriber would, with jwcrypto and the published PEM; the payload."""
        key = jwk.JWK.from_pem(keys.public_pem().encode())
        token = jws.JWS()
        token.deserialize(self.token())
        token.verify(key)
        payload: dict[str, Any] = json.loads(token.payload)
        return payload


@dataclass
class Subscriber:
    """An HTTP endpoint on 127.0.0.1 that records what it is sent."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    fail_next: int = 0  # answer 503 to this many requests first
    hold: threading.Event | None = None  # when set: wait for it before answering
    arrived: threading.Event = field(default_factory=threading.Event)

    def payloads(self) -> list[dict[str, Any]]:
        return [r.verify() for r in self.received]


@pytest.fixture
def subscriber() -> Iterator[Subscriber]:
    state = Subscriber()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if state.fail_next > 0:
                state.fail_next -= 1
                self.send_response(503)
                self.end_headers()
                return
            state.received.append(Received(self.headers["Content-Type"], body, dict(self.headers)))
            state.arrived.set()
            if state.hold is not None:
                state.hold.wait(30)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    if state.hold is not None:
        state.hold.set()
    server.shutdown()
    server.server_close()


def subscribe(url: str, *events: str, encoding: str = "form") -> None:
    for event in events or ("ballot_position", "session_recording", "doc_state"):
        Subscription.objects.create(event=event, url=url, encoding=encoding)


FAST = {"TIMEOUT": 5, "BACKOFF_BASE": 0, "BACKOFF_MAX": 0, "MAX_ATTEMPTS": 5}


@pytest.fixture(autouse=True)
def _fast_retries(settings: Any) -> None:
    settings.DTAPI_NOTIFY = FAST


def drain(worker: Worker | None = None, rounds: int = 50) -> int:
    """Run a worker until no task is due (or ``rounds`` tasks); how many tasks ran."""
    worker = worker or Worker("test-worker")
    return worker.run_pending(limit=rounds)


def unused_port_url() -> str:
    """A loopback URL nothing listens on."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"
