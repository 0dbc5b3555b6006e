"""Regular expression filters cannot exhaust a worker's memory or time (issue 11, point 1).

The attacks found on ``main``: ``x{1000000}`` compiled by writing it out (hundreds of MB kept
by a cache), a pattern the bounded engine refused run by ``re`` with no time limit, and a
backtracking pattern run for the full 30 s. Each is answered 400 on both databases, before the
pattern is compiled, with the memory the request allocates measured.
"""

from __future__ import annotations

import sys
import tracemalloc
from urllib.parse import quote

import pytest
import regex
from django.db import OperationalError, connection
from django.test import override_settings

from dtapi.database import limits

from . import factories as f

only_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's REGEXP")

REFUSED = "The regular expression provided for the '%s' field is refused: %s."
TOO_MANY = "a repetition count is larger than 255"
TOO_LARGE = "its repetitions add up to more than 10000 elements"
TOO_LONG = "it is longer than 256 characters"
# A quarter of a kilobyte per written-out element: the refused patterns would take 250 MB.
MEMORY_BUDGET = 5 * 2**20


def get(client, query: str):
    return client.get("/api/v1/doc/document/?" + query + "&limit=1")


def refused(field: str, reason: str) -> dict[str, str]:
    return {"error": REFUSED % (field, reason)}


ATTACKS = [
    # (query, field, reason)
    ("name__regex=" + quote("x{1000000}"), "name", TOO_MANY),
    ("name__iregex=" + quote("x{1000000}"), "name", TOO_MANY),
    ("name__regex=" + quote("x{256}"), "name", TOO_MANY),
    ("name__regex=" + quote("x{0,100000}"), "name", TOO_MANY),
    ("name__regex=" + quote("x{100000,}"), "name", TOO_MANY),
    # Counts within the bound, multiplied by nesting.
    ("name__regex=" + quote("(x{255}){255}"), "name", TOO_LARGE),
    ("abstract__regex=" + quote("((a{200}){200}){200}"), "abstract", TOO_LARGE),
    ("title__iregex=" + quote("(?:(a|b){100}c){101}"), "title", TOO_LARGE),
    ("name__regex=" + quote("x" * 257), "name", TOO_LONG),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "field", "reason"), ATTACKS)
def test_costly_patterns_are_refused_before_compiling(client, query, field, reason):
    f.document(name="draft-x", abstract="a", title="b")
    tracemalloc.start()
    try:
        response = get(client, query)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (response.status_code, response.json()) == (400, refused(field, reason))
    assert peak < MEMORY_BUDGET


@pytest.mark.django_db
def test_bounded_patterns_still_work_within_the_budget(client):
    f.document(name="draft-" + "x" * 240)
    f.document(name="draft-xx")
    tracemalloc.start()
    try:
        response = client.get("/api/v1/doc/document/?name__regex=" + quote("^draft-x{240}$"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    assert [o["name"] for o in response.json()["objects"]] == ["draft-" + "x" * 240]
    assert peak < MEMORY_BUDGET
    response = client.get("/api/v1/doc/document/?name__iregex=" + quote("^DRAFT-(x{1,2}|y)$"))
    assert [o["name"] for o in response.json()["objects"]] == ["draft-xx"]


@pytest.mark.django_db
def test_exactly_256_characters_is_allowed(client):
    f.document(name="draft-x")
    response = client.get("/api/v1/doc/document/?name__regex=" + quote("x|" + "y" * 254))
    assert response.status_code == 200
    assert [o["name"] for o in response.json()["objects"]] == ["draft-x"]


@pytest.mark.django_db
def test_what_the_bounded_engine_cannot_compile_is_refused(client):
    # regex reads "{i}" as fuzzy matching and refuses it here; main fell back to re, which ran
    # the rest of the pattern with no time limit. PostgreSQL reads "{i}" as the characters and
    # runs it in its own engine, under its statement_timeout.
    f.document(abstract="abc " * 200)
    response = get(client, "abstract__regex=" + quote("(.*a){12}$|{i}"))
    if connection.vendor == "sqlite":
        assert response.status_code == 400
        assert response.json() == refused(
            "abstract",
            "the database's regular expression engine cannot run it "
            "(nothing for fuzzy constraint at position 11)",
        )
    else:
        assert (response.status_code, response.json()["objects"]) == (200, [])


@only_sqlite
@pytest.mark.django_db
def test_fuzzy_matching_is_refused_too(client):
    # regex's fuzzy syntax compiles there but means something neither re nor PostgreSQL knows.
    f.document(name="draft-abc")
    response = get(client, "name__regex=" + quote("(abc){e<=1}"))
    assert response.status_code == 400


@pytest.mark.django_db
def test_backtracking_pattern_is_cut_off_by_the_timeout(client, settings):
    # (.*a){14}$ on a 800-character abstract: seconds of backtracking for regex; the statement
    # timeout stops it (SQLite: the REGEXP's own timeout; PostgreSQL: statement_timeout).
    f.document(abstract="abc " * 200)
    with override_settings(DTAPI_STATEMENT_TIMEOUT=0.2):
        limits.set_statement_timeout(0.2)
        try:
            response = get(client, "abstract__regex=" + quote("(.*a){14}$"))
        finally:
            if connection.vendor == "sqlite":
                limits.restore_statement_timeout()
    # PostgreSQL's engine answers this one at once (no match); SQLite's is stopped in time.
    if response.status_code == 200:
        assert connection.vendor == "postgresql"
        assert response.json()["objects"] == []
    else:
        assert (response.status_code, response.json()) == (
            400,
            {
                "error": "The query took longer than 0.2 seconds and was cancelled. "
                "Narrow it with filters or a smaller limit."
            },
        )


# -- SQLite's REGEXP itself (callers other than the API: the admin, the shell) ----------------


@only_sqlite
@pytest.mark.django_db
@pytest.mark.parametrize("pattern", ["x{1000000}", "(x{255}){255}", "(.*a){12}$|{i}"])
def test_regexp_refuses_what_the_filters_refuse(pattern):
    from dtapi.doc.models import Document

    f.document(name="draft-x")
    tracemalloc.start()
    try:
        with pytest.raises(OperationalError):
            list(Document.objects.filter(name__regex=pattern))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_BUDGET


@only_sqlite
@pytest.mark.django_db
def test_regexp_keeps_no_compiled_pattern_but_its_last():
    from dtapi.doc.models import Document

    f.document(name="draft-abc")
    for n in range(1, 4):
        assert Document.objects.filter(name__regex=f"^draft-a{{{n}}}bc$").count() == (n == 1)
    bounds = connection._dtapi_sqlite_bounds
    assert bounds.pattern[0] == "^draft-a{3}bc$"
    # Nor does the regex module's own cache (keyed by pattern) keep them.
    cache = sys.modules[regex.compile.__module__]._cache
    assert not any("draft-a{" in str(key) for key in cache)


def test_check_regex_counts_nesting_and_branches():
    limits.check_regex("(a|b{100}){90}", bounded_engine=True)
    with pytest.raises(limits.RegexRefused, match="more than 10000 elements"):
        limits.check_regex("(a|b{100}|c){100}", bounded_engine=True)
    with pytest.raises(limits.RegexRefused, match="larger than 255"):
        limits.check_regex("(?=x{300})", bounded_engine=False)
    with pytest.raises(limits.RegexInvalid):
        limits.check_regex("(", bounded_engine=False)
    # PostgreSQL runs its own engine: regex's syntax is not asked for there.
    limits.check_regex("a{e<=1}x", bounded_engine=False)
