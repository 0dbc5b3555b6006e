"""Queries per request are constant, whatever the page size (performance.md)."""

from __future__ import annotations

import pytest

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(db):
    g = f.group()
    p = f.person()
    states = [f.state("draft", "active"), f.state("draft-iesg", "pub")]
    docs = [f.document(group=g, ad=p) for _ in range(30)]
    for doc in docs:
        doc.states.add(*states)
        doc.tags.add("w-expert")
        f.docevent(doc, p)
    return docs


# count + page + one per to-many field (states, tags, submissions)
@pytest.mark.parametrize("limit", [1, 20, 1000])
def test_document_list(client, documents, django_assert_num_queries, limit):
    with django_assert_num_queries(5):
        response = client.get(f"/api/v1/doc/document/?limit={limit}")
    assert response.status_code == 200


@pytest.mark.parametrize("limit", [1, 20, 1000])
def test_event_list_joins_document_names(client, documents, django_assert_num_queries, limit):
    with django_assert_num_queries(2):
        response = client.get(f"/api/v1/doc/docevent/?limit={limit}&format=xml")
    assert response.status_code == 200
    assert b"/api/v1/doc/document/draft-test-doc-" in response.content


@pytest.mark.parametrize("limit", [1, 20, 1000])
def test_filtered_list(client, documents, django_assert_num_queries, limit):
    with django_assert_num_queries(5):
        client.get(f"/api/v1/doc/document/?states__slug=active&limit={limit}&order_by=-id")


def test_detail_and_set(client, documents, django_assert_num_queries):
    with django_assert_num_queries(4):  # row + states, tags, submissions
        client.get(f"/api/v1/doc/document/{documents[0].name}/")
    names = ";".join(d.name for d in documents)
    with django_assert_num_queries(4):
        client.get(f"/api/v1/doc/document/set/{names}/")


def test_past_the_end_skips_the_page_query(client, documents, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/api/v1/doc/document/?offset=500")
    assert response.json()["objects"] == []


def test_detail_is_cached_until_a_write(client, documents, django_assert_num_queries, settings):
    url = f"/api/v1/doc/document/{documents[0].name}/"
    first = client.get(url)
    with django_assert_num_queries(0):  # the original's SimpleCache: served from memory
        again = client.get(url)
        xml = client.get(url + "?format=xml")
    assert again.content == first.content
    assert b"<object>" in xml.content
    documents[0].title = "A new title"
    documents[0].save()  # any write in this process empties the cache
    with django_assert_num_queries(4):
        assert client.get(url).json()["title"] == "A new title"
    settings.DTAPI = {**settings.DTAPI, "DETAIL_CACHE_SECONDS": 0}
    client.get(url)
    with django_assert_num_queries(4):
        client.get(url)


def test_missing_detail_is_not_cached(client, documents, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/api/v1/doc/document/draft-nope/").status_code == 404
    with django_assert_num_queries(1):
        assert client.get("/api/v1/doc/document/draft-nope/").status_code == 404
