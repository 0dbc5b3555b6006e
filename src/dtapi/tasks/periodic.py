"""Jobs every worker runs now and then (housekeeping), registered by the apps that need them.

    periodic.register("submit: cancel stale submissions", cancel_stale_submissions)

A job must be safe to run by several workers at once; each run is its own transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

_jobs: dict[str, Callable[[], object]] = {}


def register(name: str, job: Callable[[], object]) -> None:
    _jobs[name] = job


def jobs() -> dict[str, Callable[[], object]]:
    return dict(_jobs)


def run_all() -> None:
    for name, job in _jobs.items():
        try:
            job()
        except Exception:
            log.exception("periodic job %s failed", name)
