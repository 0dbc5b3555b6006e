"""/api/changes: every created, updated and deleted object, in commit order, whatever wrote it
(model saves as the admin and write APIs do, bulk inserts as the loaders do, m2m links)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from dtapi.changes.models import Change
from dtapi.changes.retention import prune
from dtapi.person.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def feed(since: str | None = None, **params: object) -> dict:
    query = {"since": since} if since is not None else {}
    response = Client().get("/api/changes", {**query, **params})
    assert response.status_code == 200, response.content
    return response.json()


def entries(since: str) -> list[tuple[str, str]]:
    return [(e["resource_uri"], e["action"]) for e in feed(since)["changes"]]


def test_every_kind_of_write_is_in_the_feed_in_order() -> None:
    start = feed("now")["next"]
    assert feed("now")["changes"] == []
    p = factories.person(name="Ada Example")
    p.name = "Ada Changed"
    p.save()
    p.save()  # no value changed: no entry
    Person.objects.bulk_create([Person(name="Bulk One", ascii="Bulk One")])  # no signals
    bulk = Person.objects.get(name="Bulk One")
    doc = factories.draft("draft-ietf-quic-mirror")
    doc.states.add(factories.state("draft", "active"))
    Person.objects.filter(pk=bulk.pk).delete()
    got = [(u, a) for u, a in entries(start) if "/person/person/" in u or "/doc/document/" in u]
    assert got == [
        (f"/api/v1/person/person/{p.pk}/", "created"),
        (f"/api/v1/person/person/{p.pk}/", "updated"),
        (f"/api/v1/person/person/{bulk.pk}/", "created"),
        ("/api/v1/doc/document/draft-ietf-quic-mirror/", "created"),
        ("/api/v1/doc/document/draft-ietf-quic-mirror/", "updated"),  # its states
        (f"/api/v1/person/person/{bulk.pk}/", "deleted"),
    ]
    entry = feed(start)["changes"][0]
    assert set(entry) == {"resource_uri", "action", "time"}
    assert entry["time"].endswith("Z")


def test_a_rolled_back_write_leaves_no_entry() -> None:
    start = feed("now")["next"]
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.person(name="Never")
        raise RuntimeError
    assert feed(start)["changes"] == []
    assert feed(start)["next"] == start


def test_pages_and_cursors() -> None:
    start = feed("now")["next"]
    people = [factories.person() for _ in range(5)]
    first = feed(start, limit=2)
    assert len(first["changes"]) == 2 and first["more"] is True
    rest = feed(first["next"], limit=100)
    uris = [e["resource_uri"] for e in first["changes"] + rest["changes"]]
    assert [u for u in uris if "/person/person/" in u] == [
        f"/api/v1/person/person/{p.pk}/" for p in people
    ]
    assert rest["more"] is False
    assert feed(rest["next"])["changes"] == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "yesterday"}, 'since must be the "next" cursor of a previous answer, or "now".'),
        ({"since": "-3"}, 'since must be the "next" cursor of a previous answer, or "now".'),
        ({"limit": "0"}, "limit must be a whole number between 1 and 10000."),
        ({"limit": "many"}, "limit must be a whole number between 1 and 10000."),
    ],
)
def test_bad_requests_are_400(params: dict, message: str) -> None:
    response = Client().get("/api/changes", params)
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_retention_drops_old_entries_and_old_cursors_are_gone(settings) -> None:
    settings.DTAPI_CHANGES_RETENTION_DAYS = 1
    start = feed("now")["next"]
    factories.person()
    Change.objects.filter(id__gt=int(start)).update(
        time=timezone.now() - datetime.timedelta(days=2)
    )
    factories.person()
    assert prune() >= 1
    response = Client().get("/api/changes", {"since": start})
    assert response.status_code == 410
    assert "no longer kept" in response.json()["error"]
    assert len(feed(feed("now")["next"])["changes"]) == 0


def test_the_feed_is_not_in_api_v1_discovery() -> None:
    top = Client().get("/api/v1/").json()
    assert "changes" not in top and "mirror" not in top
