"""A second run fetches only what changed (time windows, history tables, new keys, counts over
key ranges for deletions, or the source's change feed); a run killed at any moment resumes
with nothing duplicated or half-written."""

from __future__ import annotations

import io

import pytest

from dtapi.mirror import write
from dtapi.mirror.models import ResourceState
from dtapi.mirror.service import mirror

from .compare import differences
from .test_mirror import UNMIRRORABLE, quick_client

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """Stands for the process dying: nothing after it runs."""


def test_killed_mid_page_and_between_pages_then_resumed(source, monkeypatch) -> None:
    client = quick_client(source.url)
    upserts = {"n": 0}
    real_upsert = write.Writer.upsert

    def dying_upsert(self, rows):  # dies after writing rows, before the page's m2m/checkpoint
        real_upsert(self, rows)
        upserts["n"] += 1
        if upserts["n"] == 150:
            raise Killed

    monkeypatch.setattr(write.Writer, "upsert", dying_upsert)
    with pytest.raises(Killed):
        mirror(source.url, client=client, page_size=1, use_feed=False, out=io.StringIO())
    monkeypatch.setattr(write.Writer, "upsert", real_upsert)
    stopped = ResourceState.objects.get(phase="copying")
    assert stopped.offset > 0  # pages before the kill were kept

    pages = {"n": 0}

    def die_between_pages(resource: str, count: int) -> None:
        pages["n"] += 1
        if pages["n"] == 25:
            raise Killed

    with pytest.raises(Killed):
        mirror(
            source.url,
            client=client,
            page_size=2,
            use_feed=False,
            on_page=die_between_pages,
            out=io.StringIO(),
        )
    report = mirror(source.url, client=client, use_feed=False, out=io.StringIO())
    assert not report.failed
    assert ResourceState.objects.exclude(phase="done").count() == 0
    assert differences(source, skip=UNMIRRORABLE, details_per_resource=1) == []


CHANGES = """
from django.utils import timezone
from dtapi.person.models import Person, Alias
from dtapi.doc.models import Document, DocEvent
p = Person.objects.order_by("id").first()
p.name = p.name + " (edited in place)"
p.save()                      # an admin-style edit: a historicalperson row
doc = Document.objects.order_by("id").first()
DocEvent.objects.create(doc=doc, by=p, type="added_comment", desc="new comment", time=timezone.now())
Alias.objects.bulk_create([Alias(person=p, name="Bulk Loaded Alias")])   # a loader-style insert
gone = Alias.objects.order_by("id").first()
print(gone.pk)
gone.delete()                 # a deletion
"""


def test_incremental_by_time_windows_history_new_keys_and_ranges(source) -> None:
    client = quick_client(source.url)
    first = mirror(source.url, client=client, use_feed=False, out=io.StringIO())
    source.run(CHANGES)
    # small_table=0: no table is compared whole, so each incremental strategy must work.
    # overlap=1: the source's rows were all made minutes ago, an hour's overlap takes them all.
    report = mirror(
        source.url, client=client, use_feed=False, small_table=0, overlap=1, out=io.StringIO()
    )
    assert not report.failed
    by = {r.resource: r for r in report.resources}
    assert by["person.person"].written >= 1 and "history" in by["person.person"].mode
    assert by["doc.docevent"].mode.startswith("since time")
    assert by["person.alias"].deleted == 1
    assert differences(source, skip=UNMIRRORABLE, details_per_resource=1) == []
    # Only the changed objects came again, apart from the name tables, whose slug keys give
    # nothing to narrow by (they are compared whole; a few hundred rows).
    narrowed = [r for r in report.resources if r.mode != "whole"]
    assert sum(r.fetched for r in narrowed) <= 10
    assert sum(r.fetched for r in report.resources) < sum(r.fetched for r in first.resources)


def test_incremental_by_compare_and_by_the_change_feed(source) -> None:
    client = quick_client(source.url)
    mirror(source.url, client=client, use_feed=True, out=io.StringIO())
    source.run(CHANGES)
    source.run(
        "from dtapi.doc.models import Document, State\n"
        "doc = Document.objects.order_by('id').first()\n"
        "doc.states.add(*State.objects.filter(type_id='draft-stream-ietf')[:1])\n"
    )
    report = mirror(source.url, client=client, use_feed=True, out=io.StringIO())
    assert not report.failed
    assert report.feed_entries >= 5
    assert {r.mode for r in report.resources} == {"feed"}
    assert differences(source, skip=UNMIRRORABLE, details_per_resource=1) == []
    # Without the feed, the small tables are compared whole and reach the same state.
    source.run(CHANGES)
    report = mirror(source.url, client=client, use_feed=False, out=io.StringIO())
    assert not report.failed
    assert differences(source, skip=UNMIRRORABLE, details_per_resource=1) == []
