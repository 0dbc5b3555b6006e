"""What the outbox holds, for ``dtapi notify status`` and the admin."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count

from dtapi.notify.models import Delivery


def counts() -> dict[str, int]:
    found = dict(
        Delivery.objects.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: found.get(status, 0) for status in Delivery.Status.values}


def describe(item: Delivery) -> str:
    when = {
        Delivery.Status.PENDING: f"next {item.next_attempt:%Y-%m-%d %H:%M:%S}",
        Delivery.Status.DELIVERED: f"at {item.delivered:%Y-%m-%d %H:%M:%S}"
        if item.delivered
        else "",
        Delivery.Status.FAILED: "gave up",
    }[Delivery.Status(item.status)]
    line = (
        f"#{item.pk} {item.message.kind} {item.message_id} -> {item.url} "
        f"attempts={item.attempts} {when}"
    )
    if item.last_error:
        line += f"\n    last error: {item.last_error.splitlines()[0][:160]}"
    return line


def listing(status: str, limit: int) -> Iterator[str]:
    rows = Delivery.objects.filter(status=status).select_related("message")
    if status == Delivery.Status.DELIVERED:
        rows = rows.order_by("-delivered", "-id")
    else:
        rows = rows.order_by("next_attempt", "id")
    for item in rows[:limit]:
        yield describe(item)
