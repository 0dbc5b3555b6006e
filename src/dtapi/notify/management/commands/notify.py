"""``dtapi notify subscribe|unsubscribe|list|status|retry|worker``: signed notifications."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator

from dtapi.notify import status, tasks
from dtapi.notify.models import Delivery, Encoding, EventKind, Subscription


class Command(BaseCommand):
    help = (
        "Manage notification subscriptions and look at the outbox. Deliveries are tasks on "
        "dtapi's one queue: `dtapi worker` sends them (`notify worker` is its alias)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        subscribe = sub.add_parser("subscribe", help="send events of a kind to a URL")
        subscribe.add_argument("--event", required=True, choices=EventKind.values)
        subscribe.add_argument("--url", required=True)
        subscribe.add_argument("--encoding", choices=Encoding.values, default=Encoding.FORM)
        subscribe.add_argument("--comment", default="")
        unsubscribe = sub.add_parser("unsubscribe", help="stop sending events of a kind to a URL")
        unsubscribe.add_argument("--event", required=True, choices=EventKind.values)
        unsubscribe.add_argument("--url", required=True)
        sub.add_parser("list", help="list the subscriptions")
        show = sub.add_parser("status", help="pending, delivered and failed deliveries")
        show.add_argument("--limit", type=int, default=20, help="rows shown per status")
        retry = sub.add_parser("retry", help="send failed deliveries again")
        retry.add_argument("ids", nargs="*", type=int, help="delivery ids (default: all failed)")
        worker = sub.add_parser("worker", help="alias of `dtapi worker` (runs every kind of task)")
        worker.add_argument("--once", action="store_true", help="run what is due, then exit")
        worker.add_argument(
            "--name", help="worker name; a restarted worker with the same name resumes at once"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_subscribe(self, event: str, url: str, encoding: str, comment: str, **_: Any) -> None:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise CommandError(f"Not an http(s) URL: {url}") from exc
        subscription, created = Subscription.objects.update_or_create(
            event=event,
            url=url,
            defaults={"encoding": encoding, "active": True, "comment": comment},
        )
        self.stdout.write(f"{'Subscribed' if created else 'Updated'}: {subscription}")

    def handle_unsubscribe(self, event: str, url: str, **_: Any) -> None:
        subscription = Subscription.objects.filter(event=event, url=url).first()
        if subscription is None:
            raise CommandError(f"No subscription {event} -> {url}")
        cancelled = subscription.deliveries.filter(status=Delivery.Status.PENDING).update(
            status=Delivery.Status.FAILED, last_error="unsubscribed"
        )
        subscription.delete()
        self.stdout.write(f"Unsubscribed: {event} -> {url} ({cancelled} pending cancelled)")

    def handle_list(self, **_: Any) -> None:
        for subscription in Subscription.objects.all():
            state = "" if subscription.active else "  (inactive)"
            self.stdout.write(
                f"{subscription.event:<18} {subscription.encoding:<8} {subscription.url}{state}"
            )

    def handle_status(self, limit: int, **_: Any) -> None:
        counts = status.counts()
        self.stdout.write("  ".join(f"{name}: {n}" for name, n in counts.items()))
        for name in Delivery.Status.values:
            if counts[name]:
                self.stdout.write(f"\n{name.upper()}")
                for line in status.listing(name, limit):
                    self.stdout.write(f"  {line}")

    def handle_retry(self, ids: list[int], **_: Any) -> None:
        rows = Delivery.objects.filter(status=Delivery.Status.FAILED)
        if ids:
            rows = rows.filter(pk__in=ids)
        self.stdout.write(f"{tasks.send_again(rows)} deliveries queued again")

    def handle_worker(self, once: bool, name: str | None, **_: Any) -> None:
        options: dict[str, Any] = {"once": once, "stdout": self.stdout}
        if name:
            options["name"] = name
        call_command("worker", **options)
