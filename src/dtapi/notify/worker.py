"""The delivery worker: claim due deliveries, send them, record the outcome, back off.

    Worker().run(stop)      # until stop.is_set(); ``dtapi notify worker``
    Worker().run_once()     # one batch; returns how many deliveries were attempted

Claiming is safe with several workers: due rows are selected ``FOR UPDATE SKIP LOCKED`` where
the database has it (PostgreSQL) — SQLite serializes writers itself — and leased
(``leased_until``, ``leased_by``) in the same transaction. A worker that dies mid-delivery
leaves its lease to expire, and the delivery is then sent again with the same event id
(delivery is at least once; subscribers de-duplicate on the id). A worker started with the
name of a dead one takes its leases back at once.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from dtapi.notify import delivery
from dtapi.notify.conf import NotifySettings, notify_settings
from dtapi.notify.models import Delivery, DeliveryAttempt

log = logging.getLogger(__name__)

PENDING = Delivery.Status.PENDING


def default_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff(attempts: int, config: NotifySettings) -> timedelta:
    """Wait after the ``attempts``-th failure: doubling from the base, capped, +-10% jitter."""
    seconds = min(config.backoff_base * 2 ** max(attempts - 1, 0), config.backoff_max)
    return timedelta(seconds=seconds * random.uniform(0.9, 1.1))


class Worker:
    def __init__(
        self,
        config: NotifySettings | None = None,
        name: str | None = None,
        clock: Callable[[], datetime] = timezone.now,
    ) -> None:
        self.config = config or notify_settings()
        self.name = (name or default_name())[:64]
        self.clock = clock

    def release_own_leases(self) -> int:
        """Free deliveries leased under this worker's name (by a previous, dead run)."""
        return Delivery.objects.filter(status=PENDING, leased_by=self.name).update(
            leased_until=None, leased_by=""
        )

    def claim(self) -> list[Delivery]:
        """Lease up to ``batch`` due deliveries to this worker and return them."""
        now = self.clock()
        with transaction.atomic():
            due = (
                Delivery.objects.filter(status=PENDING, next_attempt__lte=now)
                .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
                .order_by("next_attempt", "id")
            )
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            ids = list(due.values_list("pk", flat=True)[: self.config.batch])
            if not ids:
                return []
            Delivery.objects.filter(pk__in=ids).update(
                leased_until=now + timedelta(seconds=self.config.lease), leased_by=self.name
            )
        return list(
            Delivery.objects.filter(pk__in=ids, leased_by=self.name)
            .select_related("message")
            .order_by("next_attempt", "id")
        )

    def deliver(self, item: Delivery) -> delivery.Outcome:
        """POST one delivery and record the outcome."""
        started = self.clock()
        outcome = delivery.post(
            item.url,
            item.message.payload,
            item.encoding,
            self.config.timeout,
            str(item.message_id),
        )
        self.record(item, started, outcome)
        return outcome

    def record(self, item: Delivery, started: datetime, outcome: delivery.Outcome) -> None:
        now = self.clock()
        with transaction.atomic():
            DeliveryAttempt.objects.create(
                delivery=item,
                started=started,
                duration=outcome.duration,
                status_code=outcome.status_code,
                error=outcome.error[:2000],
                worker=self.name,
            )
            rows = Delivery.objects.filter(pk=item.pk, status=PENDING)
            if outcome.ok:
                rows.update(
                    status=Delivery.Status.DELIVERED,
                    delivered=now,
                    attempts=F("attempts") + 1,
                    leased_until=None,
                    leased_by="",
                    last_error="",
                )
                return
            attempts = item.attempts + 1
            given_up = attempts >= self.config.max_attempts
            # Only while this worker still holds the lease: otherwise another one has it now.
            rows.filter(leased_by=self.name).update(
                status=Delivery.Status.FAILED if given_up else PENDING,
                attempts=F("attempts") + 1,
                next_attempt=now + backoff(attempts, self.config),
                leased_until=None,
                leased_by="",
                last_error=outcome.error[:2000],
            )
        log.info("delivery %s to %s failed: %s", item.pk, item.url, outcome.error)

    def run_once(self) -> int:
        claimed = self.claim()
        for item in claimed:
            self.deliver(item)
        return len(claimed)

    def run(self, stop: threading.Event) -> None:
        """Deliver until ``stop`` is set; sleep ``poll_interval`` whenever nothing is due."""
        self.release_own_leases()
        while not stop.is_set():
            try:
                busy = self.run_once()
            except Exception:
                log.exception("notification worker error; retrying")
                busy = 0
            finally:
                connection.close_if_unusable_or_obsolete()
            if not busy:
                stop.wait(self.config.poll_interval)
