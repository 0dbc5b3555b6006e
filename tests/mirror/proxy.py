"""A fault-injecting HTTP proxy for the mirror's tests and benchmark.

Forwards GETs to ``upstream``; by a fixed schedule over request numbers it answers 429 with
``Retry-After``, answers 502/503, or drops the connection without an answer.
"""

from __future__ import annotations

import http.server
import socket
import threading
import urllib.request
from collections import Counter


class FaultyProxy:
    def __init__(
        self,
        upstream: str,
        port: int,
        *,
        every_429: int = 7,
        every_5xx: int = 11,
        every_drop: int = 13,
        retry_after: str = "0",
    ) -> None:
        self.upstream = upstream.rstrip("/")
        self.port = port
        self.every = {"429": every_429, "5xx": every_5xx, "drop": every_drop}
        self.retry_after = retry_after
        self.counts: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self._lock = threading.Lock()
        self._n = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                with proxy._lock:
                    proxy._n += 1
                    n = proxy._n
                proxy.user_agents.add(self.headers.get("User-Agent", ""))
                fault = proxy._fault(n)
                proxy.counts[fault or "ok"] += 1
                if fault == "drop":
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if fault == "429":
                    self._send(429, b'{"error": "slow down"}', {"Retry-After": proxy.retry_after})
                    return
                if fault == "5xx":
                    self._send(503 if n % 2 else 502, b"upstream trouble", {})
                    return
                request = urllib.request.Request(
                    proxy.upstream + self.path,
                    headers={"User-Agent": self.headers.get("User-Agent", "")},
                )
                try:
                    with urllib.request.urlopen(request, timeout=60) as answer:
                        body = answer.read()
                        self._send(
                            answer.status,
                            body,
                            {"Content-Type": answer.headers.get("Content-Type", "")},
                        )
                except urllib.error.HTTPError as exc:
                    self._send(
                        exc.code, exc.read(), {"Content-Type": exc.headers.get("Content-Type", "")}
                    )

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _fault(self, n: int) -> str | None:
        for name, every in self.every.items():
            if every and n % every == 0:
                return name
        return None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FaultyProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
