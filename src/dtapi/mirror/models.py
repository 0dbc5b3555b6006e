"""What the mirror knows about its sources: checkpoints per resource, and pending references.

Every page a run writes updates its resource's checkpoint in the same transaction, so a run
killed at any moment resumes after the last page written, with nothing half-written.
"""

from __future__ import annotations

from django.db import models


class Source(models.Model):
    url = models.CharField(max_length=500, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=20, blank=True)  # ok | failed | running
    last_error = models.TextField(blank=True)
    # The source's change feed position (None: the source has no feed, or none read yet).
    feed_cursor = models.CharField(max_length=100, null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    # The source's top level, endpoints and schemas, reused by the next run while the top
    # level is unchanged (a day at most): an incremental run then asks one discovery request.
    discovery = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.url


class ResourceState(models.Model):
    """One resource of one source: how far its copy got and when it was last brought current."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="resources")
    resource = models.CharField(max_length=200)  # "app.resource"
    # copying: the first full copy is under way (``offset`` is where it resumes); done: current
    phase = models.CharField(max_length=20, default="copying")
    offset = models.IntegerField(default=0)
    total = models.IntegerField(null=True, blank=True)  # the source's count, last seen
    rows_written = models.BigIntegerField(default=0)
    rows_deleted = models.BigIntegerField(default=0)
    # Start of the last complete pass: the next incremental pass asks for changes since then
    # (minus the overlap).
    synced_since = models.DateTimeField(null=True, blank=True)
    pass_started = models.DateTimeField(null=True, blank=True)
    last_fetched = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    failures = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "resource"], name="mirror_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.resource}"


class Pending(models.Model):
    """A reference to a row the mirror has not written yet (a cycle, or a page ahead): set by
    the second pass. ``kind``: ``fk`` (one column), ``m2m`` (a whole list), ``row`` (an object
    whose non-null reference cannot be written yet)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="pending")
    resource = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    obj_pk = models.JSONField()
    field = models.CharField(max_length=200, blank=True)
    value = models.JSONField(null=True)
    created = models.DateTimeField(auto_now_add=True)
