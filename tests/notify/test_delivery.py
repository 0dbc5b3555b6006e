"""Delivery to a subscriber on loopback: signed, verified, retried, never lost."""

from __future__ import annotations

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from jwcrypto import jwk, jws

from dtapi.doc import services as doc_services
from dtapi.meeting import services as meeting_services
from dtapi.name.models import BallotPositionName
from dtapi.notify import delivery
from dtapi.notify.conf import NotifySettings
from dtapi.notify.models import Delivery, DeliveryAttempt, Message
from dtapi.notify.tasks import backoff, deliver
from dtapi.signing import keys
from dtapi.tasks.worker import Worker
from tests import factories as f

from .conftest import Received, Subscriber, drain, subscribe, unused_port_url

pytestmark = pytest.mark.django_db


def make_all_events() -> None:
    ad = f.area_director()
    doc = f.draft("draft-ietf-quic-signed")
    ballot = f.ballot(doc, ad)
    doc_services.record_ballot_position(
        doc, ballot, balloter=ad, by=ad, position=BallotPositionName.objects.get(slug="noobj")
    )
    doc.set_state(f.state("draft-iesg", "iesg-eva"))
    session = f.session(f.meeting("125"), f.group("quic"))
    meeting_services.set_recording_name(session, "IETF125-QUIC")


@pytest.mark.parametrize("encoding", ["form", "json", "compact"])
def test_each_event_kind_is_received_and_verifies(subscriber: Subscriber, encoding: str) -> None:
    subscribe(subscriber.url, encoding=encoding)
    make_all_events()
    expected = {str(m.pk): m for m in Message.objects.all()}
    assert {m.kind for m in expected.values()} == {
        "ballot_position",
        "doc_state",
        "session_recording",
    }

    assert drain() == len(expected)
    assert len(subscriber.received) == len(expected)
    content_type = {
        "form": "application/x-www-form-urlencoded",
        "json": "application/jose+json",
        "compact": "application/jose",
    }[encoding]
    for received in subscriber.received:
        assert received.content_type == content_type
        payload = received.verify()
        message = expected[payload["id"]]
        assert payload == json.loads(message.payload)
        assert received.headers["X-Dtapi-Event-Id"] == payload["id"]
    kinds = {p["kind"]: p for p in subscriber.payloads()}
    assert kinds["ballot_position"]["data"]["position"]["slug"] == "noobj"
    assert kinds["ballot_position"]["data"]["document"]["name"] == "draft-ietf-quic-signed"
    assert kinds["session_recording"]["data"]["meetecho_recording_name"] == "IETF125-QUIC"
    assert Delivery.objects.filter(status="delivered").count() == len(expected)


def test_the_protected_header_names_the_key(subscriber: Subscriber) -> None:
    subscribe(subscriber.url, "doc_state", encoding="json")
    f.draft()
    drain()
    token = json.loads(subscriber.received[0].body)
    header = json.loads(jws.base64url_decode(token["protected"]))
    assert header == {"alg": "ES256", "kid": keys.kid()}


def test_a_tampered_payload_fails_verification(subscriber: Subscriber) -> None:
    subscribe(subscriber.url, "doc_state", encoding="json")
    f.draft()
    drain()
    token = json.loads(subscriber.received[0].body)
    payload = json.loads(jws.base64url_decode(token["payload"]))
    payload["data"]["state"]["slug"] = "expired"
    token["payload"] = jws.base64url_encode(json.dumps(payload))
    forged = Received("application/jose+json", json.dumps(token).encode(), {})
    with pytest.raises(jws.InvalidJWSSignature):
        forged.verify()


def test_another_key_does_not_verify(subscriber: Subscriber) -> None:
    subscribe(subscriber.url, "doc_state", encoding="compact")
    f.draft()
    drain()
    other = jwk.JWK.generate(kty="EC", crv="P-256")
    token = jws.JWS()
    token.deserialize(subscriber.received[0].token())
    with pytest.raises(jws.InvalidJWSSignature):
        token.verify(other)


def test_a_subscriber_that_is_down_gets_exactly_one_delivery(subscriber: Subscriber) -> None:
    subscribe(subscriber.url, "doc_state")
    f.draft()
    subscriber.fail_next = 3
    worker = Worker("w")
    for _ in range(3):
        assert worker.run_once() is True
        assert subscriber.received == []
    item = Delivery.objects.get()
    assert (item.status, item.attempts) == ("pending", 3)
    assert "HTTP 503" in item.last_error
    assert worker.run_once() is True
    assert len(subscriber.received) == 1
    assert drain(worker) == 0
    assert len(subscriber.received) == 1
    item.refresh_from_db()
    assert (item.status, item.attempts, item.last_error) == ("delivered", 4, "")
    assert [a.status_code for a in DeliveryAttempt.objects.order_by("started", "id")] == [
        503,
        503,
        503,
        200,
    ]


def test_an_unreachable_subscriber_receives_once_it_is_back() -> None:
    url = unused_port_url()
    subscribe(url, "doc_state")
    f.draft()
    worker = Worker("w")
    assert worker.run_once() is True
    item = Delivery.objects.get()
    assert item.status == "pending"
    assert "ConnectionError" in item.last_error

    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    port = int(url.split(":")[2].split("/")[0])
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        drain(worker)
    finally:
        server.shutdown()
        server.server_close()
    assert len(received) == 1
    assert Delivery.objects.get().status == "delivered"


def test_backoff_doubles_up_to_the_cap() -> None:
    config = NotifySettings(backoff_base=10, backoff_max=300)
    waits = [backoff(n, config).total_seconds() for n in range(1, 8)]
    for wait, nominal in zip(waits, [10, 20, 40, 80, 160, 300, 300], strict=True):
        assert nominal * 0.9 <= wait <= nominal * 1.1


def test_retries_wait_for_their_time(subscriber: Subscriber, settings: Any) -> None:
    settings.DTAPI_NOTIFY = {"BACKOFF_BASE": 60}
    subscribe(subscriber.url, "doc_state")
    f.draft()
    subscriber.fail_next = 1
    now = timezone.now()
    clock = [now]
    worker = Worker("w", clock=lambda: clock[0])
    assert worker.run_once() is True
    item = Delivery.objects.get()
    assert now + datetime.timedelta(seconds=54) <= item.next_attempt
    assert worker.run_once() is False  # not due yet
    clock[0] = now + datetime.timedelta(seconds=67)
    assert worker.run_once() is True
    assert len(subscriber.received) == 1


def test_after_max_attempts_the_delivery_fails_and_can_be_retried(
    subscriber: Subscriber, settings: Any
) -> None:
    settings.DTAPI_NOTIFY = {"BACKOFF_BASE": 0, "BACKOFF_MAX": 0, "MAX_ATTEMPTS": 3}
    subscribe(subscriber.url, "doc_state")
    f.draft()
    subscriber.fail_next = 10
    drain(Worker("w"))
    item = Delivery.objects.get()
    assert (item.status, item.attempts) == ("failed", 3)
    out = StringIO()
    call_command("notify", "status", stdout=out)
    assert "failed: 1" in out.getvalue()
    assert "HTTP 503" in out.getvalue()

    subscriber.fail_next = 0
    call_command("notify", "retry", stdout=StringIO())
    drain()
    assert len(subscriber.received) == 1
    assert Delivery.objects.get().status == "delivered"


def test_a_worker_killed_mid_delivery_redelivers_after_restart(subscriber: Subscriber) -> None:
    subscribe(subscriber.url, "doc_state")
    f.draft()
    now = timezone.now()
    first = Worker("first", clock=lambda: now)
    first.beat()
    task = first.claim()
    assert task is not None
    item = Delivery.objects.select_related("message").get()
    # The first worker sends the notification, then dies before recording it.
    outcome = delivery.post(item.url, item.message.payload, item.encoding, 5, str(item.message_id))
    assert outcome.ok
    assert len(subscriber.received) == 1

    # Another worker leaves the task alone while the first one may still be alive ...
    during = Worker("second", clock=lambda: now + datetime.timedelta(seconds=30))
    during.housekeeping(force=True)
    assert during.run_once() is False
    # ... and runs it again once the first one has been silent for DEAD_AFTER (60 s).
    after = Worker("second", clock=lambda: now + datetime.timedelta(seconds=61))
    after.housekeeping(force=True)
    assert after.run_once() is True
    assert len(subscriber.received) == 2
    ids = [p["id"] for p in subscriber.payloads()]
    assert ids[0] == ids[1] == str(item.message_id)  # the subscriber can de-duplicate
    assert Delivery.objects.get().status == "delivered"


def test_a_restarted_worker_with_the_same_name_resumes_at_once(subscriber: Subscriber) -> None:
    subscribe(subscriber.url, "doc_state")
    f.draft()
    dead = Worker("worker-1")
    dead.beat()
    assert dead.claim() is not None  # then dies
    other = Worker("worker-2")
    other.housekeeping(force=True)
    assert other.run_once() is False
    restarted = Worker("worker-1")
    assert restarted.recover(own=True) == 1
    assert restarted.run_once() is True
    assert len(subscriber.received) == 1


def test_two_workers_do_not_claim_the_same_delivery(subscriber: Subscriber) -> None:
    subscribe(subscriber.url, "doc_state")
    for _ in range(3):
        f.draft()
    a, b = Worker("a"), Worker("b")
    claimed_a = [a.claim() for _ in range(3)]
    assert len({t.pk for t in claimed_a if t is not None}) == 3
    assert b.claim() is None


def test_a_superseded_task_stands_aside(subscriber: Subscriber) -> None:
    subscribe(subscriber.url, "doc_state")
    f.draft()
    item = Delivery.objects.get()
    stray = deliver.using(priority=50).enqueue(item.pk)  # a second task, run first
    assert str(stray.id) != str(item.task_id)
    assert drain() == 2
    assert len(subscriber.received) == 1
    assert DBTaskResult.objects.get(pk=stray.id).return_value == "another task has it"


def test_redirects_are_not_followed(subscriber: Subscriber) -> None:
    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(307)
            self.send_header("Location", subscriber.url)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        subscribe(f"http://127.0.0.1:{server.server_address[1]}/", "doc_state")
        f.draft()
        Worker("w").run_once()
    finally:
        server.shutdown()
        server.server_close()
    assert subscriber.received == []
    assert "HTTP 307" in Delivery.objects.get().last_error


def test_a_slow_subscriber_times_out(subscriber: Subscriber, settings: Any) -> None:
    subscribe(subscriber.url, "doc_state")
    f.draft()
    subscriber.hold = threading.Event()
    settings.DTAPI_NOTIFY = {"TIMEOUT": 0.5}
    worker = Worker("w")
    assert worker.run_once() is True
    subscriber.hold.set()
    item = Delivery.objects.get()
    assert item.status == "pending"
    assert "Timeout" in item.last_error


def test_no_signing_key_means_retry_later(
    subscriber: Subscriber, settings: Any, tmp_path: Any
) -> None:
    subscribe(subscriber.url, "doc_state")
    f.draft()  # the change itself never needs the key
    settings.DTAPI_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    settings.DTAPI_GENERATE_KEYS = False
    Worker("w").run_once()
    item = Delivery.objects.get()
    assert item.status == "pending"
    assert "KeyNotAvailable" in item.last_error
    assert subscriber.received == []
