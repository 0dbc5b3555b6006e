"""A polite HTTP client for a remote ``/api/v1``: bounded concurrency, retries, backoff.

Every request names dtapi and its version in ``User-Agent``. A 429 waits as long as its
``Retry-After`` says (seconds or an HTTP date; a default otherwise); a 5xx, a timeout or a
dropped connection is retried with exponential backoff and jitter, up to ``retries`` times.
At most ``concurrency`` requests are in flight at once, whatever the number of threads.
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import requests

import dtapi

USER_AGENT = (
    f"dtapi-mirror/{dtapi.__version__} (+https://github.com/ietf-tools/datatracker API mirror)"
)


class FetchError(Exception):
    """A request that failed for good (after retries, or a 4xx other than 429)."""

    def __init__(self, url: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.status = status


@dataclass
class Stats:
    requests: int = 0
    retries: int = 0
    throttled: int = 0
    bytes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)


def retry_after_seconds(value: str | None, default: float) -> float:
    """``Retry-After`` as seconds: a number, or an HTTP date (the wait until then)."""
    if not value:
        return default
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


class Client:
    def __init__(
        self,
        base: str,
        *,
        concurrency: int = 4,
        retries: int = 8,
        timeout: float = 60.0,
        backoff: float = 0.5,
        max_backoff: float = 60.0,
        max_retry_after: float = 900.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base = base.rstrip("/") + "/"
        self.concurrency = max(1, concurrency)
        self.retries = retries
        self.timeout = timeout
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.sleep = sleep
        self.stats = Stats()
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._local = threading.local()

    def _session(self) -> requests.Session:
        # One session (connection pool) per thread: requests' Session is not thread-safe.
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(
                {"User-Agent": USER_AGENT, "Accept": "application/json", "Accept-Encoding": "gzip"}
            )
            self._local.session = session
        return session

    def url(self, path: str) -> str:
        return urljoin(self.base, path.lstrip("/")) if not path.startswith("http") else path

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        response = self.get(path, params)
        try:
            return response.json()
        except ValueError as exc:
            raise FetchError(response.url, f"not JSON: {exc}") from exc

    def get(self, path: str, params: dict[str, Any] | None = None, *, stream: bool = False) -> Any:
        url = self.url(path)
        attempt = 0
        while True:
            wait: float
            try:
                with self._slots:
                    self.stats.add(requests=1)
                    response = self._session().get(
                        url, params=params, timeout=self.timeout, stream=stream
                    )
                    if not stream:
                        self.stats.add(bytes=len(response.content))
            except (
                requests.ConnectionError,
                requests.Timeout,
                requests.exceptions.ChunkedEncodingError,
            ) as exc:
                problem, wait = f"{type(exc).__name__}: {exc}", self._backoff(attempt)
            else:
                status = response.status_code
                if status < 400:
                    return response
                if status == 429:
                    self.stats.add(throttled=1)
                    wait = min(
                        retry_after_seconds(
                            response.headers.get("Retry-After"), self._backoff(attempt)
                        ),
                        self.max_retry_after,
                    )
                    problem = "429 Too Many Requests"
                elif status >= 500:
                    problem, wait = f"HTTP {status}", self._backoff(attempt)
                else:
                    raise FetchError(url, f"HTTP {status}: {_excerpt(response)}", status)
            attempt += 1
            if attempt > self.retries:
                raise FetchError(url, f"gave up after {attempt} attempts; last: {problem}")
            self.stats.add(retries=1)
            # Waiting happens outside the slot, so other requests may go on meanwhile.
            self.sleep(wait)

    def _backoff(self, attempt: int) -> float:
        base = min(self.max_backoff, self.backoff * (2**attempt))
        return base * (0.5 + random.random() / 2)


def _excerpt(response: requests.Response) -> str:
    try:
        body = response.json()
        return json.dumps(body)[:200]
    except ValueError:
        return response.text[:200]
