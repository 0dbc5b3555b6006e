"""Fixtures of the mirror tests: a live dtapi over its own database, to copy from.

The source server runs gunicorn on port 8106 (this engineer's port range) over an SQLite file
made by ``make_source.py`` (tables, vocabulary, the differential data set: every API app has
rows). The target is the test database (SQLite or PostgreSQL, per ``DATABASE_URL``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    # 8106 is this area's port; a second test session (the other database) picks a free one.
    for port in (8106, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port")


SOURCE_PORT = int(os.environ.get("DTAPI_MIRROR_TEST_PORT", "0")) or _free_port()
PROXY_PORT = 0  # any free port (8107, the other of this range, may be taken on a shared machine)


class Source:
    def __init__(self, db: Path, url: str) -> None:
        self.db = db
        self.url = url

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=f"sqlite:///{self.db}",
            DJANGO_SETTINGS_MODULE="tests.mirror.source_settings",
            PYTHONPATH=str(REPO),
            DTAPI_STATEMENT_TIMEOUT="0",
        )
        return env

    def run(self, code: str) -> str:
        """Run Python (Django set up) against the source's database; returns its stdout."""
        prelude = "import django; django.setup()\n"
        done = subprocess.run(
            [str(BIN / "python"), "-c", prelude + code],
            env=self.env(),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode:
            raise AssertionError(f"source script failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def get(self, path: str, **params: object) -> requests.Response:
        return requests.get(self.url + path, params=params, timeout=60)


def _serve(settings_module: str, db_env: dict[str, str], port: int, var: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "dtapi.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env={**db_env, "DJANGO_SETTINGS_MODULE": settings_module, "DTAPI_VAR_DIR": str(var)},
        cwd=REPO,
    )


def _wait(server: subprocess.Popen, url: str) -> None:
    for _ in range(240):
        try:
            if requests.get(url + "/api/v1/", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        if server.poll() is not None:
            raise AssertionError("the server did not start")
        time.sleep(0.5)
    raise AssertionError("the server did not answer")


@pytest.fixture(scope="session")
def reference_server(source: Source, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """django-tastypie configured like the original (tests/reference/), over the source's
    database: the same data, served by the original's framework."""
    pytest.importorskip("tastypie")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = _serve("tests.reference.settings", source.env(), port, tmp_path_factory.mktemp("ref"))
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(server, url)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="session")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    folder = tmp_path_factory.mktemp("mirror-source")
    db = folder / "source.sqlite3"
    src = Source(db, f"http://127.0.0.1:{SOURCE_PORT}")
    made = subprocess.run(
        [str(BIN / "python"), str(REPO / "tests" / "mirror" / "make_source.py")],
        env={**src.env(), "DTAPI_VAR_DIR": str(folder / "var")},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr[-3000:]
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "dtapi.wsgi",
            "--bind",
            f"127.0.0.1:{SOURCE_PORT}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env={**src.env(), "DTAPI_VAR_DIR": str(folder / "var")},
        cwd=REPO,
    )
    try:
        for _ in range(120):
            try:
                if requests.get(src.url + "/api/v1/", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if server.poll() is not None:
                raise AssertionError("the source server did not start")
            time.sleep(0.5)
        else:
            raise AssertionError("the source server did not answer")
        yield src
    finally:
        server.terminate()
        server.wait(timeout=30)
