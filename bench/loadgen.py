"""Load generators: ``wrk`` when installed, else (and for slow URLs) a small Python one.

Both keep ``connections`` keep-alive connections busy on one URL for about ``seconds`` and
report completed requests per second. The Python generator stops issuing at the deadline but
waits for the requests in flight, and divides by the time of the last completion, so a URL
that takes seconds per answer is measured without bias (wrk drops what is in flight at its
deadline, which matters only for slow URLs).
"""

from __future__ import annotations

import http.client
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass
class Result:
    requests: int
    seconds: float
    errors: int
    tool: str

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def fetch(url: str, timeout: float = 300) -> tuple[int, bytes, float]:
    """One GET: (status, body, seconds)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    target = parts.path + ("?" + parts.query if parts.query else "")
    started = time.perf_counter()
    connection.request("GET", target)
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, body, elapsed


def python_load(
    url: str,
    seconds: float,
    connections: int = 4,
    max_requests: int = 100_000,
    paths: list[str] | None = None,
) -> Result:
    parts = urlsplit(url)
    targets = itertools.cycle(paths or [parts.path + ("?" + parts.query if parts.query else "")])
    lock = threading.Lock()
    state = {"done": 0, "errors": 0, "issued": 0, "last": 0.0}
    start = time.perf_counter()
    deadline = start + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
        while True:
            with lock:
                if time.perf_counter() >= deadline or state["issued"] >= max_requests:
                    break
                state["issued"] += 1
                target = next(targets)
            try:
                connection.request("GET", target)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
            with lock:
                state["done" if ok else "errors"] += 1
                state["last"] = time.perf_counter()
        connection.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = max(state["last"], start + 1e-9) - start
    return Result(state["done"], elapsed, state["errors"], "python")


_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)|Socket errors:.*?timeout (\d+)")


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk_load(
    url: str,
    seconds: float,
    connections: int = 4,
    threads: int = 2,
    paths: list[str] | None = None,
) -> Result:
    """wrk on ``url``; with ``paths``, each request takes the next of them (one wrk thread, so
    that no path is asked twice before the list has gone round)."""
    duration = max(1, round(seconds))
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "120s"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if paths:
            script.write(_ROTATE_LUA % ",\n".join(json.dumps(path) for path in paths))
            script.flush()
            command[1:2] = ["-t1", "-s", script.name]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    match = _RATE.search(output)
    rate = float(match.group(1)) if match else 0.0
    errors = sum(int(n) for groups in _ERRORS.findall(output) for n in groups if n)
    return Result(round(rate * duration), float(duration), errors, "wrk")


_ROTATE_LUA = """
local paths = {
%s
}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format(nil, paths[i])
end
"""


def measure(
    url: str,
    seconds: float,
    latency: float,
    tool: str = "auto",
    max_window: float = 40.0,
    connections: int = 4,
    paths: list[str] | None = None,
) -> Result:
    """Throughput of ``url``; ``latency`` (of one warm request) picks the tool in auto mode:
    wrk for fast URLs, the Python generator for slow ones (with a window of at least four
    answers per connection, capped at ``max_window`` seconds: the requests in flight at the
    end are still waited for)."""
    use_wrk = tool == "wrk" or (tool == "auto" and latency < 0.25)
    if use_wrk and wrk_available():
        return wrk_load(url, seconds, connections, paths=paths)
    window = max(seconds, min(2 * latency * connections, max_window))
    return python_load(url, window, connections, paths=paths)
