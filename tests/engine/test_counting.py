"""``total_count`` from the join table: the original's number, without the documents' table."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dtapi.doc.models import Document

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(db) -> list[Document]:
    active, expired = f.state("draft", "active"), f.state("draft", "expired")
    pub, iesg_eval = f.state("draft-iesg", "pub"), f.state("draft-iesg", "iesg-eva")
    docs = [f.document() for _ in range(6)] + [f.document(type_id="charter")]
    docs[0].states.add(active, pub, iesg_eval)  # two IESG states: the original counts it twice
    docs[1].states.add(active, pub)
    docs[2].states.add(expired)
    docs[3].states.add(iesg_eval)
    docs[6].states.add(active)
    docs[0].tags.add("w-expert")
    docs[2].tags.add("w-expert", "need-rev")
    return docs  # docs[4] and docs[5] have no state


def listing(client, query: str) -> tuple[int, list[str], str]:
    """total_count, the names on the page, and the SQL of the count query."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/doc/document/?{query}&limit=1000")
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    return data["meta"]["total_count"], [o["name"] for o in data["objects"]], queries[0]["sql"]


JOIN_TABLE_ONLY = [
    ("states__type__slug__in=draft-iesg", {"states__type__slug__in": ["draft-iesg"]}, 4),
    (
        "states__type__slug__in=draft-iesg,draft",
        {"states__type__slug__in": ["draft-iesg", "draft"]},
        8,
    ),
    ("states__slug=active", {"states__slug": "active"}, 3),
    (
        "states__type=draft-iesg&states__slug=pub",
        {"states__type": "draft-iesg", "states__slug": "pub"},
        2,
    ),
    ("tags__slug=w-expert", {"tags__slug": "w-expert"}, 2),
    ("states__slug__in=nothing", {"states__slug__in": ["nothing"]}, 0),
]


@pytest.mark.parametrize(("query", "orm", "expected"), JOIN_TABLE_ONLY)
def test_counted_from_the_join_table(client, documents, query, orm, expected):
    total, names, count_sql = listing(client, query)
    # The original's number: COUNT(*) over the join, one per matching join-table row.
    assert total == Document.objects.filter(**orm).count() == expected
    assert total == len(names)
    assert '"doc_document"' not in count_sql.split(" WHERE ")[0]


@pytest.mark.parametrize(
    ("query", "orm"),
    [
        # A missing related row matches: only the outer join over documents can count it.
        ("states__isnull=true", {"states__isnull": True}),
        ("states__slug=none", {"states__slug": None}),
        # Conditions on the documents themselves, or through two relations.
        ("type=draft&states__slug=active", {"type": "draft", "states__slug": "active"}),
        (
            "tags__slug=w-expert&states__slug=active",
            {"tags__slug": "w-expert", "states__slug": "active"},
        ),
    ],
)
def test_counted_over_the_documents_where_the_join_table_cannot_tell(client, documents, query, orm):
    total, names, count_sql = listing(client, query)
    assert total == Document.objects.filter(**orm).count() == len(names)
    assert '"doc_document"' in count_sql.split(" WHERE ")[0]


def test_documents_without_states_are_counted(client, documents):
    assert listing(client, "states__isnull=true")[0] == 2


def test_errors_are_the_lists_own(client, documents):
    response = client.get("/api/v1/doc/document/?states__isnull=maybe")
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "error": "Invalid resource lookup: "
        "The QuerySet value for an isnull lookup must be True or False.."
    }
