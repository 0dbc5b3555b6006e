"""The clients' queries have an index path on every large table (PostgreSQL).

On a generated set (``dtapi bench-data``), each request of the query set real clients make
(clients.md: ietfdata's ``order_by=id&limit=100``) is sent through the API, and every SQL
statement it ran is explained with sequential scans priced out (``enable_seqscan = off``).
On a test-sized set the planner may rightly prefer reading a small table whole; what must
hold at any size is that it has another way: a plan that still scans a large table
sequentially with the setting off has no index for that query, and its cost grows with the
table. bench/scale.py measures the same queries at 2x10^4 and 2x10^5 documents.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dtapi.database.rowcount import COUNTED

pytestmark = pytest.mark.django_db
LARGE = set(COUNTED)


@pytest.fixture
def generated():
    if connection.vendor != "postgresql":
        pytest.skip("plans are checked on PostgreSQL, the database for data at this size")
    call_command(
        "bench-data", "--documents", "1500", "--events", "9000", "--quiet", stdout=io.StringIO()
    )

    def first(sql: str):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    return {
        "doc": first("SELECT id FROM doc_document WHERE type_id = 'draft' ORDER BY id LIMIT 1"),
        "name": first("SELECT name FROM doc_document WHERE type_id = 'draft' ORDER BY id"),
        "rfc": first("SELECT target_id FROM doc_relateddocument ORDER BY id LIMIT 1"),
        "group": first("SELECT group_id FROM doc_document WHERE group_id IS NOT NULL LIMIT 1"),
        "state": first("SELECT id FROM doc_state WHERE type_id = 'draft-iesg' AND slug = 'pub'"),
        "person": first("SELECT person_id FROM doc_documentauthor ORDER BY id LIMIT 1"),
        "chair": first("SELECT person_id FROM group_role ORDER BY id LIMIT 1"),
        "meeting": first("SELECT meeting_id FROM meeting_session ORDER BY id LIMIT 1"),
    }


QUERIES = [
    "/api/v1/doc/document/{name}/",
    "/api/v1/doc/docevent/?doc={doc}&order_by=id&limit=100",
    "/api/v1/doc/docevent/?doc={doc}&type=new_revision&order_by=id&limit=100",
    "/api/v1/doc/docevent/?type=changed_state&time__gte=2010-01-01T00:00:00Z"
    "&time__lt=2011-01-01T00:00:00Z&order_by=id&limit=100",
    "/api/v1/doc/document/?group={group}&order_by=id&limit=100",
    "/api/v1/doc/document/?states={state}&order_by=id&limit=100",
    "/api/v1/doc/document/?type=draft&order_by=id&limit=100",
    "/api/v1/doc/documentauthor/?person={person}&order_by=id&limit=100",
    "/api/v1/doc/relateddocument/?source={doc}&order_by=id&limit=100",
    "/api/v1/doc/relateddocument/?target={rfc}&order_by=id&limit=100",
    "/api/v1/person/email/?person={person}&order_by=address&limit=100",
    "/api/v1/group/role/?person={chair}&order_by=id&limit=100",
    "/api/v1/meeting/session/?meeting={meeting}&order_by=id&limit=100",
    "/api/v1/doc/document/?order_by=id&limit=100",
    "/api/v1/doc/document/?order_by=id&limit=100&offset=1200",
    "/api/v1/doc/docevent/?order_by=id&limit=100&offset=8000",
    "/api/v1/doc/docevent/?limit=100&offset=8000",
]


def _sequential_scans(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]["Plan"]
        finally:
            cursor.execute("SET LOCAL enable_seqscan = on")
    found: list[str] = []

    def walk(node: dict, limited: bool) -> None:
        kind, table = node["Node Type"], node.get("Relation Name")
        limited = limited or kind == "Limit"
        if table in LARGE:
            # With sequential scans priced out, the planner walks a whole index instead where
            # it has no index for the condition: as bad, unless a LIMIT stops it early.
            whole_index = kind in ("Index Scan", "Index Only Scan") and "Index Cond" not in node
            if kind == "Seq Scan" or (whole_index and not limited):
                found.append(f"{kind} on {table}")
        for child in node.get("Plans", []):
            walk(child, limited)

    walk(plan, False)
    return found


@pytest.mark.parametrize("template", QUERIES)
def test_no_sequential_scan_of_a_large_table(client, generated, template):
    url = template.format(**generated)
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(url)
    assert answer.status_code == 200, answer.content[:200]
    assert captured.captured_queries
    for query in captured.captured_queries:
        assert _sequential_scans(query["sql"]) == [], (url, query["sql"])


def test_the_check_sees_a_query_without_an_index(generated):
    sql = """SELECT count(*) FROM doc_docevent WHERE "desc" = 'x'"""
    assert _sequential_scans(sql)  # a Seq Scan, or a whole index walked without a LIMIT


def test_deep_pages_seek_by_key(client, generated):
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/v1/doc/docevent/?order_by=id&limit=100&offset=8000")
    page = captured.captured_queries[-1]["sql"]
    assert "IN (SELECT" in page.upper() and "OFFSET 8000" in page.upper()
