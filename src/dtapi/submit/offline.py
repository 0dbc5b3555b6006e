"""A guard that keeps code running in this thread off the network: ``with offline(): ...``.

xml2rfc can fetch references and DTDs by itself. dtapi gives it sources with nothing left to
fetch (:mod:`dtapi.submit.xmlsource`) and switches its network use off; this guard is the
last line: while it is on, any attempt of the current thread to resolve a host name or open a
connection raises :class:`NetworkRefused` (a Python audit hook, so it sees every socket,
whatever library opens it). Other threads (the worker's heartbeat, the database) are not
affected.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_local = threading.local()
_installed = False
_lock = threading.Lock()

_EVENTS = {
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.sendto",
    "urllib.Request",
}


class NetworkRefused(OSError):
    pass


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event in _EVENTS and getattr(_local, "depth", 0):
        raise NetworkRefused(f"network access refused while rendering a submission ({event})")


@contextmanager
def offline() -> Iterator[None]:
    global _installed
    with _lock:
        if not _installed:
            sys.addaudithook(_hook)  # audit hooks cannot be removed; it checks the flag
            _installed = True
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1
