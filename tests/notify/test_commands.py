"""``dtapi notify ...``: subscriptions, status, the worker."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dtapi.notify.models import Delivery, Subscription
from tests import factories as f

from .conftest import Subscriber

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("notify", *args, stdout=out)
    return out.getvalue()


def test_subscribe_list_unsubscribe() -> None:
    out = run("subscribe", "--event", "doc_state", "--url", "https://sub.example.org/hook")
    assert "Subscribed" in out
    run(
        "subscribe",
        "--event",
        "ballot_position",
        "--url",
        "https://sub.example.org/hook",
        "--encoding",
        "json",
    )
    again = run("subscribe", "--event", "doc_state", "--url", "https://sub.example.org/hook")
    assert "Updated" in again
    assert Subscription.objects.count() == 2
    listing = run("list")
    assert "doc_state" in listing and "ballot_position" in listing and "json" in listing

    f.draft()  # a pending doc_state delivery
    out = run("unsubscribe", "--event", "doc_state", "--url", "https://sub.example.org/hook")
    assert "1 pending cancelled" in out
    assert Delivery.objects.get().status == "failed"
    assert list(Subscription.objects.values_list("event", flat=True)) == ["ballot_position"]
    with pytest.raises(CommandError):
        run("unsubscribe", "--event", "doc_state", "--url", "https://sub.example.org/hook")


@pytest.mark.parametrize("url", ["not a url", "ftp://example.org/x", "file:///etc/passwd"])
def test_subscribe_needs_an_http_url(url: str) -> None:
    with pytest.raises(CommandError):
        run("subscribe", "--event", "doc_state", "--url", url)


def test_subscribe_needs_a_known_event() -> None:
    with pytest.raises(CommandError):
        run("subscribe", "--event", "nonsense", "--url", "https://example.org/")


def test_status_and_worker_once(subscriber: Subscriber) -> None:
    run("subscribe", "--event", "doc_state", "--url", subscriber.url)
    f.draft()
    f.draft()
    status = run("status")
    assert "pending: 2" in status and "delivered: 0" in status and "PENDING" in status
    assert "2 task(s) run" in run("worker", "--once")
    assert len(subscriber.received) == 2
    status = run("status")
    assert "pending: 0" in status and "delivered: 2" in status and "DELIVERED" in status
