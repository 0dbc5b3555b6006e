"""limit/offset, the meta block, next/previous links."""

from __future__ import annotations

import pytest

from dtapi.doc.models import Document

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return [f.person() for _ in range(25)]


def meta(client, query: str) -> dict:
    response = client.get(f"/api/v1/person/person/{query}")
    assert response.status_code == 200, response.content
    return response.json()["meta"]


def test_defaults(client, people):
    assert meta(client, "") == {
        "limit": 20,
        "next": "/api/v1/person/person/?limit=20&offset=20",
        "offset": 0,
        "previous": None,
        "total_count": 25,
    }


def test_last_page(client, people):
    data = meta(client, "?limit=20&offset=20")
    assert data["next"] is None
    assert data["previous"] == "/api/v1/person/person/?limit=20&offset=0"


def test_limit_zero_and_above_max_mean_max(client, people):
    assert meta(client, "?limit=0")["limit"] == 1000
    assert meta(client, "?limit=5000")["limit"] == 1000


def test_links_keep_parameters_in_order(client, people):
    data = meta(client, "?order_by=id&x=1&limit=5&x=2&format=json&offset=5")
    assert (
        data["next"] == "/api/v1/person/person/?order_by=id&x=1&x=2&format=json&limit=5&offset=10"
    )
    assert data["previous"] == (
        "/api/v1/person/person/?order_by=id&x=1&x=2&format=json&limit=5&offset=0"
    )


def test_links_encode_values(client, people):
    data = meta(client, "?q=a+b%40c&limit=5")
    assert data["next"] == "/api/v1/person/person/?q=a+b%40c&limit=5&offset=5"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=abc", "Invalid limit 'abc' provided. Please provide a positive integer."),
        ("limit=-1", "Invalid limit '-1' provided. Please provide a positive integer &gt;= 0."),
        ("offset=x", "Invalid offset 'x' provided. Please provide an integer."),
        ("offset=-2", "Invalid offset '-2' provided. Please provide a positive integer &gt;= 0."),
        (
            "offset=99999999999999999999",
            "Invalid offset '99999999999999999999' provided. "
            "Please provide a positive integer below 9223372036854775808.",
        ),
    ],
)
def test_errors(client, people, query, message):
    response = client.get(f"/api/v1/person/person/?{query}")
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_error_in_xml(client, people):
    response = client.get("/api/v1/person/person/?limit=x&format=xml")
    assert response.status_code == 400
    assert response.content == (
        b"<?xml version='1.0' encoding='utf-8'?>\n<response><error>Invalid limit 'x' provided. "
        b"Please provide a positive integer.</error></response>"
    )


def test_a_list_without_any_ordering_is_paged_by_primary_key(client):
    """The original leaves this order to the database. On PostgreSQL an updated row moves to
    the end of the table, so offset pages could skip or repeat rows; dtapi orders by pk there.
    (SQLite returns rows in its plan's order, the same for every page: no ORDER BY needed.)"""
    docs = [f.document() for _ in range(3)]
    Document.objects.filter(pk=docs[0].pk).update(title="updated")
    pages = [
        client.get(f"/api/v1/doc/document/?limit=2&offset={offset}").json()["objects"]
        for offset in (0, 2)
    ]
    assert [obj["name"] for page in pages for obj in page] == [doc.name for doc in docs]
    assert not Document._meta.ordering  # else this test proves nothing
