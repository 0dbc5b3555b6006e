"""Delivering notifications as tasks on dtapi's one queue (:mod:`dtapi.tasks`).

    schedule(deliveries)        # one ``deliver`` task each, in the caller's transaction
    send_again(queryset)        # failed deliveries: pending again, with a new task each

Each pending :class:`~dtapi.notify.models.Delivery` has exactly one task that may send it,
named by ``Delivery.task_id``; a task that finds another id there (or a delivery no longer
pending) does nothing. A task POSTs the signed payload and records the attempt; on failure it
enqueues the next attempt with ``run_after`` = now + backoff, in the same transaction as the
record, until ``MAX_ATTEMPTS`` (then the delivery is ``failed``).

What this keeps from the outbox: the message, its deliveries and their first tasks are written
in the transaction of the change (a rolled-back change sends nothing; a committed one is never
lost); the queue lets no two workers run one task; a worker that dies while sending leaves its
task to be run again once the worker is known dead (at least once, with the same event id).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django_tasks import TaskContext, task

from dtapi.notify import delivery
from dtapi.notify.conf import NotifySettings, notify_settings
from dtapi.notify.models import Delivery, DeliveryAttempt
from dtapi.tasks import clock

log = logging.getLogger(__name__)

PENDING = Delivery.Status.PENDING


def backoff(attempts: int, config: NotifySettings) -> timedelta:
    """Wait after the ``attempts``-th failure: doubling from the base, capped, +-10% jitter."""
    seconds = min(config.backoff_base * 2 ** max(attempts - 1, 0), config.backoff_max)
    return timedelta(seconds=seconds * random.uniform(0.9, 1.1))


def _enqueue(delivery_id: int, when: datetime | None = None) -> str:
    task_ = deliver.using(run_after=when) if when is not None else deliver
    return str(task_.enqueue(delivery_id).id)


def schedule(deliveries: Iterable[Delivery]) -> None:
    """Give each (saved) delivery its task, to run now."""
    items = list(deliveries)
    for item in items:
        item.task_id = _enqueue(item.pk)
    Delivery.objects.bulk_update(items, ["task_id"])


def send_again(rows: QuerySet[Delivery]) -> int:
    """Failed deliveries among ``rows`` become pending, with a new task each; how many."""
    with transaction.atomic():
        items = list(rows.filter(status=Delivery.Status.FAILED).select_for_update())
        for item in items:
            item.status, item.attempts, item.next_attempt = PENDING, 0, clock.now()
        Delivery.objects.bulk_update(items, ["status", "attempts", "next_attempt"])
        schedule(items)
    return len(items)


@task(queue_name="notify", priority=10, takes_context=True)
def deliver(context: TaskContext, delivery_id: int) -> str:
    """Send one delivery (if it is still this task's to send) and record the outcome."""
    me = str(context.task_result.id)
    item = Delivery.objects.select_related("message").filter(pk=delivery_id).first()
    if item is None:
        return "gone"
    if item.status != PENDING:
        return f"already {item.status}"
    if item.task_id is not None and str(item.task_id) != me:
        return "another task has it"
    config = notify_settings()
    started = clock.now()
    outcome = delivery.post(
        item.url, item.message.payload, item.encoding, config.timeout, str(item.message_id)
    )
    return record(item, me, started, outcome, config)


def record(
    item: Delivery,
    task_id: str,
    started: datetime,
    outcome: delivery.Outcome,
    config: NotifySettings,
) -> str:
    now = clock.now()
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=item,
            started=started,
            duration=outcome.duration,
            status_code=outcome.status_code,
            error=outcome.error[:2000],
            worker=clock.worker_name(),
        )
        mine = Delivery.objects.filter(pk=item.pk, status=PENDING)
        if item.task_id is not None:
            mine = mine.filter(task_id=item.task_id)
        if outcome.ok:
            mine.update(
                status=Delivery.Status.DELIVERED,
                delivered=now,
                attempts=F("attempts") + 1,
                last_error="",
            )
            return "delivered"
        attempts = item.attempts + 1
        if attempts >= config.max_attempts:
            mine.update(
                status=Delivery.Status.FAILED, attempts=attempts, last_error=outcome.error[:2000]
            )
            log.warning("delivery %s to %s failed for good: %s", item.pk, item.url, outcome.error)
            return "failed"
        when = now + backoff(attempts, config)
        # The next attempt's task; should this one no longer own the delivery, that task
        # finds another id on it and stands aside.
        mine.update(
            attempts=attempts,
            next_attempt=when,
            last_error=outcome.error[:2000],
            task_id=_enqueue(item.pk, when),
        )
    log.info("delivery %s to %s failed: %s", item.pk, item.url, outcome.error)
    return "retry"
