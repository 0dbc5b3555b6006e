"""The database unreachable: 503 with Retry-After and a JSON body, then recovery by itself.

On PostgreSQL the server really is unreachable (the connection's port points where nothing
listens, as while the server restarts); SQLite's test database lives in memory, so there the
database's own error ("unable to open database file") is raised for every statement.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from django.db import OperationalError, connections

from dtapi.database.availability import RETRY_AFTER, is_database_unavailable
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE = f"The database is unavailable. Please try again in {RETRY_AFTER} seconds."


def _sqlite_error() -> sqlite3.OperationalError:
    try:
        sqlite3.connect("file:/nonexistent-dtapi-dir/db.sqlite3?mode=ro", uri=True)
    except sqlite3.OperationalError as exc:
        return exc
    raise AssertionError("opened a file that does not exist")


@pytest.fixture
def database_down() -> Iterator[None]:
    connection = connections["default"]
    if connection.vendor == "sqlite":

        def unreachable(execute, sql, params, many, context):
            raise OperationalError(str(error)) from error

        error = _sqlite_error()
        with connection.execute_wrapper(unreachable):
            yield
        return
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "9"  # nothing listens: refused at once
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def _assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": MESSAGE}


def test_api_v1_answers_503_while_the_database_is_down_and_recovers(client, request):
    person = factories.person(name="Ada Available")
    down = request.getfixturevalue("database_down")  # noqa: F841 - from here on
    _assert_unavailable(client.get("/api/v1/person/person/"))
    _assert_unavailable(client.get(f"/api/v1/person/person/{person.pk}/"))
    _assert_unavailable(client.get("/api/v1/person/person/?name__contains=Ada"))


def test_recovery_needs_no_restart(client):
    person = factories.person(name="Back Again")
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        connection.close()
        connection.settings_dict["PORT"] = "9"
        try:
            _assert_unavailable(client.get(f"/api/v1/person/person/{person.pk}/"))
        finally:
            connection.close()
            connection.settings_dict.update(saved)
    else:
        error = _sqlite_error()

        def unreachable(execute, sql, params, many, context):
            raise OperationalError(str(error)) from error

        with connection.execute_wrapper(unreachable):
            _assert_unavailable(client.get(f"/api/v1/person/person/{person.pk}/"))
    # The same process, the database back: answers again.
    response = client.get(f"/api/v1/person/person/{person.pk}/")
    assert response.status_code == 200
    assert response.json()["name"] == "Back Again"


def test_pages_outside_the_api_answer_503_too(client, database_down):
    _assert_unavailable(client.get("/doc/rfc9000/doc.json"))


def test_a_bad_query_is_not_unavailability():
    assert not is_database_unavailable(OperationalError("no such column: x"))
    assert not is_database_unavailable(ValueError("x"))
    error = sqlite3.OperationalError("no such table: nothing")
    try:
        raise OperationalError(str(error)) from error
    except OperationalError as exc:
        assert not is_database_unavailable(exc)
