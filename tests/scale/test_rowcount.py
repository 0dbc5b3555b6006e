"""The counts large tables keep (``dtapi.database.rowcount``) stay exact through every write."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dtapi.database import rowcount
from dtapi.doc.models import DocEvent, Document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("counts are kept on PostgreSQL only (SQLite counts its tables as before)")
    rowcount.install()  # the test database is migrated once: installed there already


def _listed(client, url: str) -> int:
    answer = client.get(url)
    assert answer.status_code == 200
    return answer.json()["meta"]["total_count"]


def test_counts_follow_inserts_deletes_and_truncate(client):
    call_command(
        "bench-data", "--documents", "300", "--events", "2000", "--quiet", stdout=io.StringIO()
    )
    assert rowcount.table_count(DocEvent) == DocEvent.objects.count() == 2000
    assert rowcount.table_count(Document) == 300
    with CaptureQueriesContext(connection) as queries:
        assert _listed(client, "/api/v1/doc/docevent/?limit=1") == 2000
    assert not any("__count" in q["sql"] for q in queries.captured_queries)  # no COUNT(*)
    # a filtered list is counted as before
    assert _listed(client, "/api/v1/doc/docevent/?type=new_revision&limit=1") == (
        DocEvent.objects.filter(type="new_revision").count()
    )
    # row by row and in bulk, through the ORM's cascades
    doomed = Document.objects.filter(type="slides").order_by("pk")[:5]
    gone_events = DocEvent.objects.filter(doc__in=doomed).count()
    for doc in doomed:
        doc.delete()
    assert rowcount.table_count(Document) == 295 == _listed(client, "/api/v1/doc/document/")
    assert rowcount.table_count(DocEvent) == 2000 - gone_events
    DocEvent.objects.filter(type="added_comment").delete()
    assert rowcount.table_count(DocEvent) == DocEvent.objects.count()
    # many deltas are folded into one, the sum unchanged
    doc = Document.objects.first()
    by = DocEvent.objects.values_list("by", flat=True).first()
    for _ in range(rowcount.FOLD_AFTER + 5):
        DocEvent.objects.create(doc=doc, by_id=by, type="added_comment", desc="x")
    assert rowcount.table_count(DocEvent) == DocEvent.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dtapi_rowcount WHERE tbl = 'doc_docevent'")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before TRUNCATE
        cursor.execute("TRUNCATE doc_docevent CASCADE")
    assert rowcount.table_count(DocEvent) == 0 == _listed(client, "/api/v1/doc/docevent/")


def test_a_table_without_a_kept_count_is_counted(client):
    from dtapi.name.models import DocTypeName

    assert rowcount.table_count(DocTypeName) is None
    assert _listed(client, "/api/v1/name/doctypename/") == DocTypeName.objects.count()
