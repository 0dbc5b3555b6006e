"""The mirror's HTTP client: Retry-After honoured, backoff on 5xx and dropped connections,
no retry of a 4xx, at most `concurrency` requests in flight, its User-Agent."""

from __future__ import annotations

import email.utils
import http.server
import json
import threading
import time

import pytest

from dtapi.mirror.http import USER_AGENT, Client, FetchError, retry_after_seconds

from .proxy import FaultyProxy


class Upstream:
    """A tiny JSON server: /ok answers {"ok": true}; /missing 404; counts requests in flight."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.most = 0
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                with outer.lock:
                    outer.in_flight += 1
                    outer.most = max(outer.most, outer.in_flight)
                time.sleep(0.05)
                with outer.lock:
                    outer.in_flight -= 1
                status = 404 if self.path.startswith("/missing") else 200
                body = json.dumps({"ok": status == 200}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def upstream():
    server = Upstream()
    yield server
    server.close()


def test_retry_after_seconds_and_dates() -> None:
    assert retry_after_seconds("12", 1.0) == 12.0
    assert retry_after_seconds(None, 1.5) == 1.5
    assert retry_after_seconds("soon", 2.0) == 2.0
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= retry_after_seconds(later, 1.0) <= 31


def test_429_waits_as_told_and_faults_are_retried(upstream) -> None:
    waits: list[float] = []
    with FaultyProxy(
        upstream.url, 0, every_429=2, every_5xx=3, every_drop=5, retry_after="7"
    ) as proxy:
        client = Client(proxy.url, sleep=waits.append, backoff=0.01)
        for _ in range(6):
            assert client.get_json("/ok") == {"ok": True}
    assert 7.0 in waits  # Retry-After: 7
    assert proxy.counts["429"] and proxy.counts["5xx"] and proxy.counts["drop"]
    assert client.stats.throttled == proxy.counts["429"]
    assert proxy.user_agents == {USER_AGENT}
    assert USER_AGENT.startswith("dtapi-mirror/")


def test_gives_up_after_retries_and_never_retries_a_4xx(upstream) -> None:
    with FaultyProxy(upstream.url, 0, every_429=0, every_5xx=1, every_drop=0) as proxy:
        client = Client(proxy.url, sleep=lambda s: None, retries=3)
        with pytest.raises(FetchError, match="gave up after 4 attempts; last: HTTP 50"):
            client.get_json("/ok")
    client = Client(upstream.url, sleep=lambda s: None)
    with pytest.raises(FetchError, match="HTTP 404") as caught:
        client.get_json("/missing")
    assert caught.value.status == 404
    assert client.stats.requests == 1


def test_concurrency_is_bounded(upstream) -> None:
    from concurrent.futures import ThreadPoolExecutor

    client = Client(upstream.url, concurrency=2)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: client.get_json("/ok"), range(16)))
    assert upstream.most <= 2
