"""KeyedQuery: a to-many query compiled by Django once per number of keys, then re-run."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models.sql.compiler import SQLCompiler

from dtapi.doc.models import Document
from dtapi.engine.prepared import KeyedQuery

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
