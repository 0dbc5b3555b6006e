"""What the queue holds and which workers are alive, for ``dtapi worker --status``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dtapi.tasks.conf import task_settings
from dtapi.tasks.models import WorkerBeat


def counts() -> dict[tuple[str, str], int]:
    rows = (
        DBTaskResult.objects.order_by()
        .values_list("queue_name", "status")
        .annotate(n=Count("id"))
        .values_list("queue_name", "status", "n")
    )
    return {(queue, state): n for queue, state, n in rows}


def lines() -> Iterator[str]:
    found = counts()
    if not found:
        yield "queue: empty"
    for (queue, state), n in sorted(found.items()):
        yield f"queue {queue:<10} {state:<12} {n}"
    limit = timezone.now() - timedelta(seconds=task_settings().dead_after)
    for beat in WorkerBeat.objects.all()[:50]:
        alive = "stopped" if beat.stopped else ("alive" if beat.seen >= limit else "silent")
        yield f"worker {beat.name:<40} {alive:<8} last seen {beat.seen:%Y-%m-%d %H:%M:%S}"
