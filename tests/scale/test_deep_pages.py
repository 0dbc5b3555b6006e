"""Deep pages (``engine/keyset.py``) answer exactly what the plain ``OFFSET`` query does."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dtapi.engine import keyset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(monkeypatch):
    call_command(
        "bench-data", "--documents", "400", "--events", "3000", "--quiet", stdout=io.StringIO()
    )


def _page(client, url: str) -> dict:
    answer = client.get(url)
    assert answer.status_code == 200, answer.content[:300]
    return answer.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/doc/document/?order_by=id&limit=7&offset={}",
        "/api/v1/doc/document/?type=draft&order_by=-id&limit=5&offset={}",
        "/api/v1/doc/docevent/?limit=9&offset={}",  # the model's order: -time, -id
        "/api/v1/doc/docevent/?type=new_revision&order_by=id&limit=9&offset={}",
        "/api/v1/doc/docevent/?doc__type=draft&order_by=id&limit=9&offset={}",
        "/api/v1/doc/ballotpositiondocevent/?order_by=id&limit=4&offset={}",
        "/api/v1/doc/document/?states__type=draft&order_by=id&limit=6&offset={}",  # to-many
        "/api/v1/person/email/?order_by=address&limit=5&offset={}",
    ],
)
def test_a_deep_page_is_the_offset_page(client, data, monkeypatch, url):
    offset = 150
    plain = _page(client, url.format(offset))
    monkeypatch.setattr(keyset, "DEEP_OFFSET", 10)
    with CaptureQueriesContext(connection) as queries:
        deep = _page(client, url.format(offset))
    assert deep == plain
    assert len(deep["objects"]) > 0
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    seeks = "states__type" not in url and "OFFSET" in sql.upper()
    if "states__type" in url:  # a to-many filter can repeat rows: the plain query stays
        assert " IN (SELECT" not in sql.upper()
    else:
        assert seeks and " IN (SELECT" in sql.upper()


def test_the_last_page_and_past_the_end(client, data, monkeypatch):
    monkeypatch.setattr(keyset, "DEEP_OFFSET", 10)
    total = _page(client, "/api/v1/doc/document/?limit=1")["meta"]["total_count"]
    last = _page(client, f"/api/v1/doc/document/?order_by=id&limit=20&offset={total - 3}")
    assert len(last["objects"]) == 3 and last["meta"]["next"] is None
    past = _page(client, f"/api/v1/doc/document/?order_by=id&limit=20&offset={total + 5}")
    assert past["objects"] == [] and past["meta"]["total_count"] == total
