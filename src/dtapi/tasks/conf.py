"""Worker settings: ``settings.DTAPI_TASKS`` (upper-case keys) over these defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class TaskSettings:
    poll_interval: float = 1.0  # seconds an idle worker sleeps between looks at the queue
    heartbeat: float = 5.0  # seconds between a worker's "still alive" marks
    dead_after: float = 60.0  # a worker silent this long is dead: its running task runs again
    housekeeping: float = 60.0  # seconds between runs of the periodic jobs

    def __post_init__(self) -> None:
        if self.dead_after < 3 * self.heartbeat:
            raise ValueError("DTAPI_TASKS: DEAD_AFTER must be at least 3 * HEARTBEAT")


def task_settings(**overrides: Any) -> TaskSettings:
    configured = {k.lower(): v for k, v in getattr(settings, "DTAPI_TASKS", {}).items()}
    unknown = set(configured) - {f.name for f in fields(TaskSettings)}
    if unknown:
        raise ValueError(f"DTAPI_TASKS: unknown setting(s) {sorted(unknown)}")
    return TaskSettings(**{**configured, **overrides})
