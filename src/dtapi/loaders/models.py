"""The record of each data load: where the data came from, when, and what was written."""

from __future__ import annotations

from django.db import models


class DataLoad(models.Model):
    """One completed ``dtapi load``.

    ``/api/version`` answers the newest one's ``time`` as ``dumptime`` (the original answers
    the time of the database dump it serves), and the ``/api/`` page names it. ``fingerprint``
    is a digest of the input's contents, so that ``make run`` loads again only when the data
    changed.
    """

    source = models.CharField(max_length=255, help_text="what was loaded, e.g. 'shared-data DIR'")
    time = models.DateTimeField(db_index=True, help_text="when the load was committed")
    seconds = models.FloatField(default=0.0, help_text="how long the load took")
    counts = models.JSONField(default=dict, help_text="rows written per kind")
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the input files' names and contents"
    )

    class Meta:
        ordering = ["-time", "-id"]

    def __str__(self) -> str:
        return f"{self.source} at {self.time:%Y-%m-%d %H:%M:%S} UTC"
