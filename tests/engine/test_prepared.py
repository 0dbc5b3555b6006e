"""KeyedQuery: a to-many query compiled by Django once per number of keys, then re-run."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models.sql.compiler import SQLCompiler

from dtapi.doc.models import Document
from dtapi.engine.prepared import KeyedQuery, OneKeyQuery

from . import factories as f

pytestmark = pytest.mark.django_db

Through = Document.states.through


@pytest.fixture
def compilations(monkeypatch) -> list[str]:
    """The SQL of every query Django compiles from now on."""
    seen: list[str] = []
    original = SQLCompiler.as_sql

    def as_sql(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        seen.append(result[0])
        return result

    monkeypatch.setattr(SQLCompiler, "as_sql", as_sql)
    return seen


@pytest.fixture
def docs() -> list[Document]:
    states = [f.state(slug="active"), f.state(slug="expired"), f.state("draft-iesg", "pub")]
    documents = [f.document() for _ in range(4)]
    for i, doc in enumerate(documents):
        doc.states.add(*states[: i % 3 + 1])
    return documents


def states_of(keys: list[Any]) -> Any:
    return (
        Through.objects.filter(document__in=keys)
        .order_by("document_id", "state_id")
        .values_list("document_id", "state_id")
    )


def test_same_rows_as_the_orm_and_compiled_once_per_number_of_keys(docs, compilations):
    query = KeyedQuery(Through, states_of)
    first, second = [d.pk for d in docs[:2]], [d.pk for d in docs[2:]]
    assert query.rows(first) == list(states_of(first))
    compiled = len(compilations)
    assert query.rows(second) == list(states_of(second))  # same number of keys: no compiling
    assert len(compilations) == compiled + 1  # (that one was states_of's own, for comparison)
    assert query.rows([docs[0].pk]) == list(states_of([docs[0].pk]))  # one key: a new SQL


def test_duplicate_and_missing_keys_are_dropped_as_django_does(docs):
    query = KeyedQuery(Through, states_of)
    keys = [docs[0].pk, docs[1].pk]
    query.rows(keys)
    assert query.rows([docs[2].pk, docs[2].pk, None, docs[3].pk]) == list(
        states_of([docs[2].pk, docs[3].pk])
    )
    assert query.rows([None]) == []


def test_a_query_with_other_parameters_runs_through_the_orm(docs, compilations):
    def active_states_of(keys: list[Any]) -> Any:
        return states_of(keys).filter(state__slug="active")

    query = KeyedQuery(Through, active_states_of)
    keys = [d.pk for d in docs[:2]]
    assert query.rows(keys) == list(active_states_of(keys))
    before = len(compilations)
    other = [d.pk for d in docs[2:]]
    assert query.rows(other) == list(active_states_of(other))
    assert len(compilations) == before + 2  # not reusable: compiled again, like the check


# -- OneKeyQuery: a detail ----------------------------------------------------------------


def detail_of(key: str) -> Any:
    return Document.objects.filter(name=key).values_list("name", "id", "time", "title")[:2]


def one_key_query(build: Any = detail_of) -> OneKeyQuery:
    return OneKeyQuery(Document, Document._meta.get_field("name"), build)


def test_a_detail_is_compiled_once_and_converted_as_django_does(docs, compilations):
    query = one_key_query()
    assert query.bind(docs[0].name)() == list(detail_of(docs[0].name))
    compiled = len(compilations)
    for doc in docs[1:]:
        rows = query.bind(doc.name)()
        assert rows == list(detail_of(doc.name))  # datetimes included (SQLite converts them)
        assert isinstance(rows[0][2], datetime.datetime)
    assert len(compilations) == compiled + 3  # only detail_of's own, for comparison
    assert query.bind("draft-no-such-document")() == []


def test_a_bad_key_raises_what_filter_raises():
    query = OneKeyQuery(
        Document,
        Document._meta.get_field("id"),
        lambda key: Document.objects.filter(id=key).values_list("name"),
    )
    query.bind("1")()
    with pytest.raises(ValueError, match="Field 'id' expected a number but got 'x'"):
        query.bind("x")


def test_a_detail_with_other_parameters_runs_through_the_orm(docs, compilations):
    def draft_named(key: str) -> Any:
        return Document.objects.filter(name=key, type="draft").values_list("name", "id")[:2]

    query = one_key_query(draft_named)
    query.bind(docs[0].name)()
    before = len(compilations)
    assert query.bind(docs[1].name)() == list(draft_named(docs[1].name))
    assert len(compilations) == before + 2
