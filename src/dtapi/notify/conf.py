"""Notification settings: ``settings.DTAPI_NOTIFY`` over these defaults."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class NotifySettings:
    timeout: float = 10.0  # seconds allowed for one POST
    max_attempts: int = 30  # then the delivery is marked failed (``dtapi notify retry`` revives it)
    backoff_base: float = 15.0  # seconds before the second attempt; doubles after each failure
    backoff_max: float = 3600.0  # longest wait between attempts
    lease: float = 120.0  # seconds a worker reserves the deliveries it claimed
    batch: int = 10  # deliveries claimed at once
    poll_interval: float = 2.0  # seconds an idle worker sleeps

    def __post_init__(self) -> None:
        if self.lease < self.timeout * self.batch:
            raise ValueError("DTAPI_NOTIFY: LEASE must be at least TIMEOUT * BATCH")


def notify_settings(**overrides: Any) -> NotifySettings:
    """The current settings (``DTAPI_NOTIFY`` keys are upper case: ``{"TIMEOUT": 5}``)."""
    configured = {k.lower(): v for k, v in getattr(settings, "DTAPI_NOTIFY", {}).items()}
    known = {f.name for f in fields(NotifySettings)}
    unknown = set(configured) - known
    if unknown:
        raise ValueError(f"DTAPI_NOTIFY: unknown setting(s) {sorted(unknown)}")
    return NotifySettings(**{**configured, **overrides})
