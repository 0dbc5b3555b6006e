"""The real ``dtapi worker`` process, killed mid-delivery and restarted.

Needs a database that two processes share, so it runs on PostgreSQL (the SQLite test
database lives in this process's memory); the same scenario runs in-process on both
databases in test_delivery.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from dtapi.notify.models import Delivery
from tests import factories as f

from .conftest import Subscriber, subscribe


def worker_env(settings: Any, tmp_path: Path) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dtapi.settings",
        "DATABASE_URL": url,
        "DTAPI_VAR_DIR": str(tmp_path),
        "DTAPI_SIGNING_KEY_FILE": settings.DTAPI_SIGNING_KEY_FILE,
    }


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dtapi", "worker", "--name", "worker-1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_delivery_redelivers_after_restart(
    subscriber: Subscriber, settings: Any, tmp_path: Path
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs a database shared between processes (PostgreSQL)")
    import threading

    subscribe(subscriber.url, "doc_state")
    f.draft()
    env = worker_env(settings, tmp_path)
    subscriber.hold = threading.Event()  # the subscriber receives, but does not answer

    first = start_worker(env)
    try:
        assert subscriber.arrived.wait(60), "the worker did not deliver"
        first.send_signal(signal.SIGKILL)  # killed while waiting for the answer
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    subscriber.hold.set()
    assert Delivery.objects.get().status == "pending"

    second = start_worker(env)
    try:
        wait_for(lambda: Delivery.objects.get().status == "delivered")
    finally:
        second.send_signal(signal.SIGTERM)
        output = second.communicate(timeout=30)[0].decode()
    assert second.returncode == 0, output
    assert "stopped" in output
    ids = [payload["id"] for payload in subscriber.payloads()]
    assert len(ids) == 2 and ids[0] == ids[1]
