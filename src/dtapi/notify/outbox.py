"""Writing events into the outbox, inside the caller's transaction.

    enqueue(kind, build, merge_key=None, combine=None, using=None) -> Message | None

The message, one pending delivery per active subscription of ``kind`` and each delivery's
task (``dtapi.notify.tasks.deliver``, on dtapi's one queue) are written in the current
transaction, so they exist exactly when the change that caused them is committed.
``build()`` makes the event's data; it is not called, and nothing is written, when nobody
subscribes to ``kind``.

``merge_key`` folds several signals about one change into one event: within one transaction,
a second ``enqueue`` with the same key rewrites the first message's data (keeping its id and
time) with ``combine(old_data, new_data)`` (default: the new data) instead of adding a
message. Outside a transaction (autocommit) every call makes its own message.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import router, transaction
from django.utils import timezone

from dtapi.engine.encoding import format_datetime
from dtapi.engine.renderers.json import render
from dtapi.notify import tasks
from dtapi.notify.models import Delivery, Message, Subscription

_PENDING_ATTR = "_dtapi_notify_pending"


def envelope(message_id: uuid.UUID, kind: str, time: Any, data: dict[str, Any]) -> str:
    """The signed payload: event id, kind, time, origin (this server) and the event's data."""
    return render(
        {
            "id": str(message_id),
            "kind": kind,
            "time": format_datetime(time),
            "origin": settings.DTAPI_BASE_URL,
            "data": data,
        }
    ).decode("utf-8")


def _pending(using: str) -> dict[str, uuid.UUID] | None:
    """Messages made in the current transaction, by merge key (None in autocommit mode).

    The registry is emptied when the transaction commits. After a rollback it may still
    name messages that no longer exist; ``enqueue`` then makes a new one.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return None
    registry: dict[str, uuid.UUID] = connection.__dict__.setdefault(_PENDING_ATTR, {})
    return registry


def _forget_pending(using: str) -> None:
    transaction.get_connection(using).__dict__.pop(_PENDING_ATTR, None)


Data = dict[str, Any]


def enqueue(
    kind: str,
    build: Callable[[], Data],
    *,
    merge_key: str | None = None,
    combine: Callable[[Data, Data], Data] | None = None,
    using: str | None = None,
) -> Message | None:
    using = using or router.db_for_write(Message)
    subscriptions = list(Subscription.objects.using(using).filter(event=kind, active=True))
    if not subscriptions:
        return None
    data = build()
    pending = _pending(using) if merge_key else None
    with transaction.atomic(using=using):
        if pending is not None and merge_key in pending:
            message = Message.objects.using(using).filter(pk=pending[merge_key]).first()
            if message is not None:
                if combine is not None:
                    data = combine(json.loads(message.payload)["data"], data)
                message.payload = envelope(message.pk, kind, message.created, data)
                message.save(update_fields=["payload"])
                return message
        message_id = uuid.uuid4()
        now = timezone.now()
        message = Message.objects.using(using).create(
            id=message_id, kind=kind, created=now, payload=envelope(message_id, kind, now, data)
        )
        deliveries = Delivery.objects.using(using).bulk_create(
            Delivery(
                message=message,
                subscription=subscription,
                url=subscription.url,
                encoding=subscription.encoding,
                next_attempt=now,
            )
            for subscription in subscriptions
        )
        tasks.schedule(deliveries)
        if pending is not None and merge_key:
            pending[merge_key] = message_id
            transaction.on_commit(lambda: _forget_pending(using), using=using)
    return message
