"""`dtapi mirror` copies a live dtapi into this (empty) database: afterwards both answer every
/api/v1 list and detail alike, through a proxy that throttles, fails and drops connections."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from dtapi.mirror.http import Client
from dtapi.mirror.models import Pending, ResourceState
from dtapi.mirror.service import mirror

from .compare import differences
from .conftest import PROXY_PORT
from .proxy import FaultyProxy

pytestmark = pytest.mark.django_db

# Rows the source serves that no mirror can rebuild: a deleted-object event names its model by
# a content type, which the API sends as "" (no resource); an API-key event refers to a key
# the API does not list. Everything else must be identical.
UNMIRRORABLE = {"doc.deletedevent", "person.personapikeyevent"}


def quick_client(url: str, **kwargs: object) -> Client:
    return Client(url, backoff=0.01, max_backoff=0.05, **kwargs)  # type: ignore[arg-type]


def test_mirror_through_a_faulty_proxy_copies_everything(source) -> None:
    out = io.StringIO()
    with FaultyProxy(source.url, PROXY_PORT) as proxy:
        client = quick_client(proxy.url)
        report = mirror(proxy.url, client=client, out=out, use_feed=True)
    assert not report.failed, [r.error for r in report.failed]
    diffs = differences(source, skip=UNMIRRORABLE)
    assert diffs == [], "\n".join(diffs)
    # The faults happened and were survived.
    assert proxy.counts["429"] and proxy.counts["5xx"] and proxy.counts["drop"]
    assert client.stats.retries >= proxy.counts["429"] + proxy.counts["5xx"]
    assert {ua.split()[0] for ua in proxy.user_agents} == {"dtapi-mirror/0.1.0"}
    skipped = {r.resource: r.skipped for r in report.resources if r.skipped}
    assert set(skipped) == {"doc.deletedevent"}
    assert set(Pending.objects.values_list("resource", flat=True)) == {"person.personapikeyevent"}
    status = io.StringIO()
    call_command("mirror", "status", stdout=status)
    assert "status ok" in status.getvalue()
    assert ResourceState.objects.exclude(phase="done").count() == 0


def test_mirror_from_the_tastypie_reference_server(source, reference_server) -> None:
    """The original's framework as the source: the copy then answers as the dtapi source does
    (both serve the same database)."""
    report = mirror(reference_server, client=quick_client(reference_server), out=io.StringIO())
    assert not report.failed, [r.error for r in report.failed]
    diffs = differences(source, skip=UNMIRRORABLE, details_per_resource=1)
    assert diffs == [], "\n".join(diffs)
