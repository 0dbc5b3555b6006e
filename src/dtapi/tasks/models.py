"""What the worker adds to django-tasks-db's task table: one row per worker, its heartbeat.

A task the database backend has marked RUNNING stays so if its worker dies; the heartbeat
tells a dead worker from a busy one, so that another worker can run such a task again.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WorkerBeat(models.Model):
    name = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.IntegerField(null=True, blank=True)
    started = models.DateTimeField(default=timezone.now)
    seen = models.DateTimeField(default=timezone.now, help_text="last heartbeat")
    stopped = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-seen"]

    def __str__(self) -> str:
        return f"{self.name} (seen {self.seen:%Y-%m-%d %H:%M:%S})"
