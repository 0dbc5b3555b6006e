"""Expensive or broken requests are bounded and answered cleanly (statement timeout, REGEXP, 500s).

What clients see: a query cut off by DTAPI_STATEMENT_TIMEOUT is a 400 with a message saying
so, a catastrophic regular expression does not hang the worker, and an unexpected exception is
the original's canned 500 (logged, no traceback). Bulk maintenance runs unbounded.
"""

from __future__ import annotations

import contextlib
import io
import logging
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.db import close_old_connections, connection
from django.db.models.signals import post_migrate, pre_migrate
from django.test import Client, override_settings

import dtapi.settings as settings_module
from dtapi.database import limits as dbutils
from dtapi.engine import queries
from dtapi.engine.registry import registry

from . import factories as f

LOADER_DATA = Path(__file__).resolve().parents[1] / "loaders" / "data"
CANNED = {"error_message": "Sorry, this request could not be processed. Please try again later."}
# A subquery that runs for seconds on either database (no data needed): over ten times the
# bounds the tests set, yet short enough that a missing bound fails rather than hangs.
EXPENSIVE = (
    "(WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 20000000)"
    " SELECT count(*) FROM r) > 0"
)

only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout"
)
only_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's bounds are dtapi's own (progress handler, REGEXP)",
)


def timeout_message(seconds: str) -> dict[str, str]:
    return {
        "error": f"The query took longer than {seconds} and was cancelled. "
        "Narrow it with filters or a smaller limit."
    }


@pytest.fixture
def statement_timeout(db) -> Iterator[Any]:
    """statement_timeout(seconds): a small bound on this test's connection (and its message)."""
    with contextlib.ExitStack() as stack:

        def apply(seconds: float) -> None:
            stack.enter_context(override_settings(DTAPI_STATEMENT_TIMEOUT=seconds))
            dbutils.set_statement_timeout(seconds)

        yield apply
    # The settings are back: so is the connection. (On PostgreSQL, the rollback of the test's
    # transaction undoes the SET; after a cancellation that transaction refuses any command.)
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        dbutils.restore_statement_timeout()


def current_timeout() -> float:
    """The bound in force on the default connection, in seconds (0: none)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT setting FROM pg_settings WHERE name = 'statement_timeout'")
            return int(cursor.fetchone()[0]) / 1000
    connection.ensure_connection()
    return connection._dtapi_sqlite_bounds.timeout


# -- settings -----------------------------------------------------------------------------------


def settings_for(monkeypatch, tmp_path, url: str, timeout: str | None) -> dict[str, Any]:
    """dtapi.settings as evaluated with this environment (a fresh run of the module)."""
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("DTAPI_VAR_DIR", str(tmp_path))
    if timeout is None:
        monkeypatch.delenv("DTAPI_STATEMENT_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("DTAPI_STATEMENT_TIMEOUT", timeout)
    return runpy.run_path(settings_module.__file__, run_name="settings_probe")


def test_postgresql_options_default(monkeypatch, tmp_path):
    found = settings_for(monkeypatch, tmp_path, "postgres://u@h:5432/db", None)
    assert found["DTAPI_STATEMENT_TIMEOUT"] == 30
    assert found["DATABASES"]["default"]["OPTIONS"]["options"] == "-c statement_timeout=30000"


def test_postgresql_options_zero_sets_nothing(monkeypatch, tmp_path):
    found = settings_for(monkeypatch, tmp_path, "postgres://u@h:5432/db", "0")
    assert found["DTAPI_STATEMENT_TIMEOUT"] == 0
    assert "options" not in found["DATABASES"]["default"].get("OPTIONS", {})


def test_postgresql_options_merge_with_the_url(monkeypatch, tmp_path):
    url = "postgres://u@h:5432/db?options=-c%20search_path%3Dx&sslmode=require"
    found = settings_for(monkeypatch, tmp_path, url, "2.5")
    assert found["DATABASES"]["default"]["OPTIONS"] == {
        "options": "-c search_path=x -c statement_timeout=2500",
        "sslmode": "require",
        "connect_timeout": 3,  # DTAPI_DB_CONNECT_TIMEOUT's default
    }


def test_sqlite_gets_no_libpq_options(monkeypatch, tmp_path):
    found = settings_for(monkeypatch, tmp_path, "sqlite:///x.sqlite3", None)
    assert "options" not in found["DATABASES"]["default"]["OPTIONS"]


@pytest.mark.parametrize("raw", ["-1", "soon", "nan", "inf"])
def test_invalid_timeout_is_refused(monkeypatch, tmp_path, raw):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="DTAPI_STATEMENT_TIMEOUT"):
        settings_for(monkeypatch, tmp_path, "postgres://u@h/db", raw)


@only_postgresql
@pytest.mark.django_db
def test_postgresql_connections_carry_the_timeout():
    assert current_timeout() == dbutils.configured_timeout()


# -- a query cut off by the timeout -----------------------------------------------------------


@pytest.fixture
def expensive_documents(monkeypatch):
    """The document resource's queryset made expensive: a real slow query, same engine path."""
    resource = registry.get("doc", "document")
    plain = resource.get_queryset
    monkeypatch.setattr(resource, "get_queryset", lambda: plain().extra(where=[EXPENSIVE]))
    # A fresh plan: the one built before compiled its detail query from the plain queryset.
    monkeypatch.delitem(resource.__dict__, "plan", raising=False)


# transaction=True: the engine runs in autocommit in production, so the connection must be
# usable after the cancellation without a rollback.
@pytest.mark.django_db(transaction=True)
def test_cancelled_query_answers_400_and_the_connection_goes_on(
    client, statement_timeout, expensive_documents, monkeypatch
):
    f.document()
    statement_timeout(0.2)
    raw = connection.connection
    response = client.get("/api/v1/doc/document/")
    assert response.status_code == 400
    assert response.json() == timeout_message("0.2 seconds")

    response = client.get("/api/v1/doc/document/?format=xml")
    assert response.status_code == 400
    assert response.content == (
        b"<?xml version='1.0' encoding='utf-8'?>\n<response><error>The query took longer than"
        b" 0.2 seconds and was cancelled. Narrow it with filters or a smaller limit.</error>"
        b"</response>"
    )

    # The end of a request: after an error, Django checks the connection and keeps it if it
    # works (the connection's age is no matter here).
    close_at, connection.close_at = connection.close_at, None
    try:
        close_old_connections()
    finally:
        connection.close_at = close_at
    assert connection.connection is raw
    assert client.get("/api/v1/doc/state/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_detail_and_set_queries_are_bounded_too(client, statement_timeout, expensive_documents):
    doc = f.document()
    statement_timeout(0.2)
    response = client.get(f"/api/v1/doc/document/{doc.name}/")
    assert (response.status_code, response.json()) == (400, timeout_message("0.2 seconds"))
    response = client.get(f"/api/v1/doc/document/set/{doc.name};other/")
    assert (response.status_code, response.json()) == (400, timeout_message("0.2 seconds"))


@only_postgresql
@pytest.mark.django_db
def test_postgresql_regex_is_bounded_by_the_timeout(client, statement_timeout):
    # PostgreSQL's regex engine backtracks on back-references: this one takes seconds on a
    # 250-character name, and the engine checks for the cancellation.
    f.document(name="a" * 250 + "b")
    statement_timeout(0.1)
    response = client.get("/api/v1/doc/document/?name__regex=^(.*)(.*)(.*)%5C3%5C2%5C1$")
    assert (response.status_code, response.json()) == (400, timeout_message("0.1 seconds"))


def test_write_api_answers_503_when_its_query_is_cancelled(client, statement_timeout, monkeypatch):
    from dtapi.accounts.apikeys import key_string
    from dtapi.doc import services
    from tests import factories as tf

    url = "/api/iesg/position"
    ad = tf.area_director("ad")
    apikey = key_string(tf.api_key(ad, url))
    draft = tf.draft("draft-ietf-mars-test", group=tf.group("mars"), ad=ad)
    tf.ballot(draft, ad)

    def expensive_ballot(doc: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {EXPENSIVE}")

    monkeypatch.setattr(services, "open_ballot", expensive_ballot)
    statement_timeout(0.2)
    response = client.post(url, {"apikey": apikey, "doc": draft.name, "position": "yes"})
    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "The database took longer than 0.2 seconds on this request and cancelled it. "
        "Please try again later."
    )


# -- SQLite: REGEXP and the progress handler --------------------------------------------------


@only_sqlite
@pytest.mark.django_db
@pytest.mark.parametrize("lookup", ["regex", "iregex"])
def test_catastrophic_regex_answers_400(client, statement_timeout, lookup):
    # (a|aa)+$ on 40 a's and a "!" takes re (and regex) exponential time.
    f.document(name="a" * 40 + "!")
    statement_timeout(0.3)
    response = client.get(f"/api/v1/doc/document/?name__{lookup}=(a|aa)%2B$")
    assert (response.status_code, response.json()) == (400, timeout_message("0.3 seconds"))
    # The connection goes on.
    response = client.get(f"/api/v1/doc/document/?name__{lookup}=a%2B!$")
    assert [o["name"] for o in response.json()["objects"]] == ["a" * 40 + "!"]


@only_sqlite
@pytest.mark.django_db
def test_catastrophic_regex_in_a_set_answers_400(client, statement_timeout):
    # A row that matches at once, then the catastrophic one: the timeout may strike while
    # the rows are fetched rather than when the query is executed.
    names = ["a-ok-aaaa", "a" * 40 + "!"]
    for name in names:
        f.document(name=name)
    statement_timeout(0.3)
    response = client.get(f"/api/v1/doc/document/set/{';'.join(names)}/?name__regex=(a|aa)%2B$")
    assert (response.status_code, response.json()) == (400, timeout_message("0.3 seconds"))


@only_sqlite
@pytest.mark.django_db
def test_regex_that_hangs_re_is_answered(client, statement_timeout):
    # With Python's re (Django's REGEXP) this never finishes; the regex module answers it.
    f.document(name="a" * 40 + "!")
    statement_timeout(0.3)
    response = client.get("/api/v1/doc/document/?name__regex=(a%2B)%2B$")
    assert (response.status_code, response.json()["objects"]) == (200, [])


@only_sqlite
@pytest.mark.django_db
def test_regexp_keeps_djangos_semantics(statement_timeout):
    from dtapi.doc.models import Document

    statement_timeout(5)
    f.document(name="draft-x-12", abstract="")
    f.document(name="draft-y-3")
    names = Document.objects.filter(name__regex=r"-\d{2}$").values_list("name", flat=True)
    assert list(names) == ["draft-x-12"]
    assert Document.objects.filter(name__iregex=r"^DRAFT-Y").count() == 1
    # NULL in, NULL out (no row matches either way); numbers are searched as text.
    with connection.cursor() as cursor:
        cursor.execute("SELECT NULL REGEXP 'a', 'a' REGEXP NULL, 12 REGEXP '^1', 'b' REGEXP 'a'")
        assert cursor.fetchone() == (None, None, 1, 0)


@only_sqlite
@pytest.mark.django_db
def test_sqlite_statements_are_interrupted(statement_timeout):
    from django.db import OperationalError

    statement_timeout(0.2)
    with pytest.raises(OperationalError) as caught, connection.cursor() as cursor:
        cursor.execute(f"SELECT {EXPENSIVE}")
    assert str(caught.value) == "interrupted"
    assert dbutils.is_statement_timeout(caught.value)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@only_sqlite
@pytest.mark.django_db
def test_sqlite_timeout_zero_is_unbounded(statement_timeout):
    statement_timeout(0)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL"
            " SELECT x + 1 FROM r WHERE x < 200000) SELECT x FROM r)"
        )
        assert cursor.fetchone() == (200000,)


# -- bulk maintenance runs unbounded ----------------------------------------------------------


@pytest.mark.django_db
def test_loads_lift_the_timeout(monkeypatch):
    from dtapi.loaders import rfc_index
    from dtapi.name.vocabulary import install_vocabulary

    install_vocabulary()
    seen: list[float] = []
    real = rfc_index.atomic_load

    @contextlib.contextmanager
    def spy(using: str = "default") -> Iterator[None]:
        seen.append(current_timeout())
        with real(using):
            yield

    monkeypatch.setattr(rfc_index, "atomic_load", spy)
    assert current_timeout() == dbutils.configured_timeout() > 0
    try:
        call_command("load", "rfc-index", str(LOADER_DATA / "rfc-index.xml"), stdout=io.StringIO())
        assert seen == [0]
    finally:
        dbutils.restore_statement_timeout()


@pytest.mark.django_db
def test_migrate_lifts_the_timeout_and_restores_it():
    config = apps.get_app_config("database")
    kwargs = {"app_config": config, "verbosity": 0, "interactive": False, "using": "default"}
    pre_migrate.send(sender=config, plan=[], apps=apps, **kwargs)
    assert current_timeout() == 0
    post_migrate.send(sender=config, plan=[], apps=apps, **kwargs)
    assert current_timeout() == dbutils.configured_timeout()


# -- unexpected exceptions ----------------------------------------------------------------------


@pytest.fixture
def broken_list(monkeypatch):
    def boom(*args: Any) -> None:
        raise RuntimeError("secret detail /srv/dtapi")

    monkeypatch.setattr(queries, "list_page", boom)


@pytest.mark.django_db
def test_unexpected_exception_is_the_canned_500(broken_list, caplog):
    signalled = []

    def receiver(sender: Any, request: Any = None, **kwargs: Any) -> None:
        signalled.append(request.path)

    got_request_exception.connect(receiver)
    client = Client(raise_request_exception=False)
    try:
        with caplog.at_level(logging.ERROR, logger="django.request"):
            response = client.get("/api/v1/doc/document/")
    finally:
        got_request_exception.disconnect(receiver)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == CANNED
    assert b"secret" not in response.content
    assert signalled == ["/api/v1/doc/document/"]
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1  # once, with the traceback (Django does not log it again)
    assert records[0].levelno == logging.ERROR
    assert records[0].getMessage() == "Internal Server Error: /api/v1/doc/document/"
    assert records[0].exc_info[0] is RuntimeError


@pytest.mark.django_db
def test_unexpected_exception_in_xml(broken_list):
    response = Client(raise_request_exception=False).get("/api/v1/doc/document/?format=xml")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.content == (
        b"<?xml version='1.0' encoding='utf-8'?>\n<response><error_message>Sorry, this request"
        b" could not be processed. Please try again later.</error_message></response>"
    )


@pytest.mark.django_db
def test_unexpected_exception_under_debug_reaches_django(broken_list, settings):
    settings.DEBUG = True
    with pytest.raises(RuntimeError):
        Client().get("/api/v1/doc/document/")


@pytest.mark.django_db
def test_unknown_resource_is_still_djangos_404(client):
    assert client.get("/api/v1/doc/nosuch/").status_code == 404
