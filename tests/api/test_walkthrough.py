"""docs/write-api.md's walk-through runs as written, so the document cannot silently rot.

Its first ``sh`` block, ``make run``, is started in the background with its own SQLite database
and var directory (and ``PORT=`` another port: ``DTAPI_WALKTHROUGH_PORT``, or a free one); once
it serves, every other ``sh`` block of the section runs, in order, in one bash with ``set -euo
pipefail``, the address ``127.0.0.1:8000`` pointed at that port. Then what the document says
happened is checked in the commands' output, the server's log and the API.

Heavy (a first ``make run`` migrates and loads ../shared/data), so it runs once per
``make test``: in the SQLite pass, which is what ``make run`` serves by default.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "write-api.md"
SECTION = "## Walk-through: from `make run` to a ballot position and a video URL"
DOCUMENTED_ADDRESS = "127.0.0.1:8000"
STARTUP_TIMEOUT = 1800  # a first run migrates and loads everything; a busy machine is slow

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite"),
    reason="runs once per `make test`, in the SQLite pass (make run's own database)",
)


def section() -> str:
    text = DOC.read_text()
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end != -1 else len(text)]


def blocks() -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", section(), re.MULTILINE | re.DOTALL)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def served(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """``make run`` as the walk-through's first block says, on a fresh database."""
    first = blocks()[0].strip()
    assert first == "make run", "the walk-through starts with `make run`"
    port = int(os.environ.get("DTAPI_WALKTHROUGH_PORT") or _free_port())
    home = tmp_path_factory.mktemp("walkthrough")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MAKE", "MFLAGS", "DTAPI_BASE_URL", "DJANGO_"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{home / 'dtapi.sqlite3'}",
        DTAPI_VAR_DIR=str(home / "var"),
    )
    log_path = home / "make-run.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*shlex.split(first), f"PORT={port}"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: make, the worker, gunicorn
        )
    try:
        site = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _answers(f"{site}/api/version"):
            if server.poll() is not None:
                pytest.fail(f"make run stopped ({server.returncode}):\n{log_path.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"make run did not serve in time:\n{log_path.read_text()}")
            time.sleep(2)
        yield {"port": port, "site": site, "env": env, "log": log_path}
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def _json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_the_walk_through_runs_as_written(served: dict) -> None:
    address = f"127.0.0.1:{served['port']}"
    steps = [block.replace(DOCUMENTED_ADDRESS, address) for block in blocks()[1:]]
    assert len(steps) >= 5
    script = "set -euo pipefail\n" + "\n".join(steps)
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=REPO,
        env=served["env"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = re.sub(r"\n[ \t]+", " ", served["log"].read_text())  # unfold mail headers
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\n--- make run:\n{log[-3000:]}"
    out = done.stdout
    text = section()

    # 1. The people, and the endpoints they may have keys for.
    assert "Created user 'ad1'" in out and "Created user 'recman1'" in out
    assert (
        "API keys it may create: /api/appauth/authortools, /api/appauth/bibxml, "
        "/api/iesg/position\n" in out
    )

    # 2. The ballot.
    assert "Opened ballot 'Approve' on draft-ietf-quic-transport" in out
    assert "IESG state: IESG Evaluation (was RFC Published)" in out

    # 4., 5. Both writes answer Done, as the document says.
    assert [line for line in out.splitlines() if line == "Done"] == ["Done", "Done"]
    assert "It answers `Done`" in text and "The first answers `Done`" in text

    # The position mail, in the server's output, with the subject the document quotes.
    subject = "Alex Director's No Objection on draft-ietf-quic-transport-34: (with COMMENT)"
    assert f"Subject: {subject}" in log
    assert f'("{subject}")' in text.replace("\n", " ")

    positions, presentations, recording = _json_lines(out)
    (position,) = positions["objects"]
    assert position["pos"] == "/api/v1/name/ballotpositionname/noobj/"
    assert position["comment"] == "Reads well."
    assert "Its `pos` is `/api/v1/name/ballotpositionname/noobj/` and its `comment` " in text
    assert [p["document"] for p in presentations["objects"]] == [
        "/api/v1/doc/document/recording-83-httpbis-1/"
    ]
    assert recording["external_url"] == "https://www.example.com/ietf83/httpbis-1"
    assert recording["type"] == "/api/v1/name/doctypename/recording/"

    # The document's page, which the mail links to, shows the position.
    with urllib.request.urlopen(f"{served['site']}/doc/draft-ietf-quic-transport/") as page:
        html = page.read().decode()
    assert re.search(r"Alex Director</td><td>No Objection</td>", html)
