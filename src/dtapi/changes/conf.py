"""Settings of the change feed (from the environment, through Django settings)."""

from __future__ import annotations

from django.conf import settings


def retention_days() -> float:
    """``DTAPI_CHANGES_RETENTION_DAYS`` (default 30): feed entries older than this are dropped."""
    return float(getattr(settings, "DTAPI_CHANGES_RETENTION_DAYS", 30))
