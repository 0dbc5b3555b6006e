"""The database store of :mod:`dtapi.ratelimit.counters` (used when there is no Redis)."""

from __future__ import annotations

from django.db import models


class Counter(models.Model):
    """One client's count in one window of one policy; ``key`` names all three."""

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    # Unix time the window ends: rows past it are deleted as new windows start.
    expires = models.FloatField(db_index=True)

    class Meta:
        verbose_name = "rate-limit counter"

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
