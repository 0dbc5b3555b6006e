"""Signed notifications: who wants which events, and the outbox of what is to be sent.

* :class:`Subscription`: an operator-registered URL for one event kind.
* :class:`Message`: one event (the outbox row), written in the transaction of the change;
  its ``id`` is the event id subscribers de-duplicate on.
* :class:`Delivery`: one message to one subscriber URL, with its retry state and the task
  (``dtapi.notify.tasks.deliver``, on dtapi's one queue) that sends it next.
* :class:`DeliveryAttempt`: the record of each POST.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone


class EventKind(models.TextChoices):
    BALLOT_POSITION = "ballot_position", "A ballot position was recorded"
    SESSION_RECORDING = "session_recording", "A session's recording (video URL or name) changed"
    DOC_STATE = "doc_state", "A document's state changed"
    NEW_REVISION = "new_revision", "A new revision of a draft was posted"


class Encoding(models.TextChoices):
    FORM = "form", "form field jws (JWS JSON serialization)"
    JSON = "json", "request body (JWS JSON serialization, application/jose+json)"
    COMPACT = "compact", "request body (JWS compact serialization, application/jose)"


class Subscription(models.Model):
    event = models.CharField(max_length=32, choices=EventKind.choices)
    url = models.URLField(max_length=1024)
    encoding = models.CharField(max_length=8, choices=Encoding.choices, default=Encoding.FORM)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(default=timezone.now)
    comment = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["event", "url"]
        constraints = [
            models.UniqueConstraint(fields=["event", "url"], name="notify_subscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event} -> {self.url}"


class Message(models.Model):
    """One event, as the JSON payload that is signed and sent to each subscriber."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    payload = models.TextField(help_text="The JSON text that is signed")

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    url = models.URLField(max_length=1024)
    encoding = models.CharField(max_length=8, choices=Encoding.choices, default=Encoding.FORM)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt = models.DateTimeField(default=timezone.now)
    # The one task allowed to send it now: a task that finds another id here stands aside.
    task_id = models.UUIDField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True)
    delivered = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["next_attempt", "id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt"], name="notify_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} -> {self.url} ({self.status})"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    started = models.DateTimeField(default=timezone.now)
    duration = models.FloatField(help_text="seconds")
    status_code = models.IntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    worker = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-started", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} at {self.started:%Y-%m-%d %H:%M:%S}: {self.status_code or self.error}"
