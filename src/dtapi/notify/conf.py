"""Notification settings: ``settings.DTAPI_NOTIFY`` over these defaults.

``LEASE``, ``BATCH`` and ``POLL_INTERVAL`` belonged to the notification worker of old; the one
task worker (``DTAPI_TASKS``, docs/tasks.md) took its place, and they are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings

OBSOLETE = {"lease", "batch", "poll_interval"}


@dataclass(frozen=True)
class NotifySettings:
    timeout: float = 10.0  # seconds allowed for one POST
    max_attempts: int = 30  # then the delivery is marked failed (``dtapi notify retry`` revives it)
    backoff_base: float = 15.0  # seconds before the second attempt; doubles after each failure
    backoff_max: float = 3600.0  # longest wait between attempts


def notify_settings(**overrides: Any) -> NotifySettings:
    """The current settings (``DTAPI_NOTIFY`` keys are upper case: ``{"TIMEOUT": 5}``)."""
    configured = {k.lower(): v for k, v in getattr(settings, "DTAPI_NOTIFY", {}).items()}
    configured = {k: v for k, v in configured.items() if k not in OBSOLETE}
    known = {f.name for f in fields(NotifySettings)}
    unknown = set(configured) - known
    if unknown:
        raise ValueError(f"DTAPI_NOTIFY: unknown setting(s) {sorted(unknown)}")
    return NotifySettings(**{**configured, **overrides})
