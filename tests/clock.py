"""A pinned clock for tests whose answers render "now".

Some answers include the time of the request: a schema's ``default`` for a datetime field
(``timezone.now``, as in the original), dates in mails. Two requests that must agree (a
conditional GET and its 304; dtapi and the reference) only do if they see the same clock, so
such tests run under :func:`pinned_clock` rather than hoping both fall in one second.
``time.monotonic`` is left alone: timeouts and cache lifetimes keep working.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine


@contextmanager
def pinned_clock(at: datetime.datetime | None = None) -> Iterator[datetime.datetime]:
    """Stop the wall clock at ``at`` (default: now) for the duration of the block."""
    moment = at or datetime.datetime.now(datetime.UTC)
    with time_machine.travel(moment, tick=False):
        yield moment
