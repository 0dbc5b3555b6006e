"""The time as the worker running the current task sees it.

Tasks that schedule their own retries ask :func:`now` rather than the wall clock, so that a
worker made with another clock (tests: a clock that jumps ahead) drives them consistently.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone

_local = threading.local()


def now() -> datetime:
    clock: Callable[[], datetime] | None = getattr(_local, "clock", None)
    return clock() if clock is not None else timezone.now()


def worker_name() -> str:
    """The name of the worker running the current task ("" outside a worker)."""
    return getattr(_local, "worker", "")


@contextmanager
def running_as(name: str, clock: Callable[[], datetime]) -> Iterator[None]:
    previous = getattr(_local, "clock", None), getattr(_local, "worker", "")
    _local.clock, _local.worker = clock, name
    try:
        yield
    finally:
        _local.clock, _local.worker = previous
