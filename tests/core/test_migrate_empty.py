"""``migrate`` on an empty database builds the final schema in one pass, then migrates as usual.

Run as an operator runs it (``dtapi migrate`` in a process of its own) on a new database of
the vendor under test: a SQLite file, or a scratch PostgreSQL database beside the test one.
``bench/migrate_paths.py`` checks that the result equals Django's step-by-step migrations.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from dtapi.database.management.commands.migrate import ROW_REWRITES

DTAPI = [sys.executable, "-m", "dtapi"]


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of the vendor under test."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    import psycopg

    url = os.environ["DATABASE_URL"]
    base = url.rsplit("/", 1)[0]
    name = f"{connection.settings_dict['NAME']}_empty"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def dtapi(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([*DTAPI, *args], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_an_empty_database_is_created_in_one_pass_and_then_migrates_as_usual(empty_database):
    out = dtapi(empty_database, "migrate", "--noinput")
    assert "Empty database: creating the schema of" in out
    assert "Applying" not in out
    assert "No migrations to apply." in dtapi(empty_database, "migrate", "--noinput")
    plan = dtapi(empty_database, "showmigrations", "--plan")
    assert "[X]" in plan and "[ ]" not in plan
    # post_migrate ran: the vocabulary is there; RunSQL ran: the hand-written index is there.
    check = (
        "from django.db import connection\n"
        "from dtapi.doc.models import State\n"
        "print(State.objects.count())\n"
        "with connection.cursor() as c:\n"
        "    print(sorted(connection.introspection.get_constraints(c, 'doc_document_states')))\n"
    )
    count, constraints = dtapi(empty_database, "shell", "-c", check).strip().splitlines()[-2:]
    assert int(count) == 178
    assert "doc_document_states_state_document_idx" in constraints


@pytest.mark.django_db
def test_a_database_with_tables_or_a_narrower_request_takes_the_usual_path(empty_database):
    from dtapi.database.management.commands.migrate import Command

    usual = {"database": "default", "verbosity": 0, "interactive": False, "run_syncdb": False}
    assert Command()._fast_plan(usual) is None  # the test database has tables
    for narrower in ({"app_label": "doc"}, {"step_by_step": True}, {"fake": True}):
        assert Command()._fast_plan({**usual, **narrower}) is None


def test_every_data_migration_skipped_on_an_empty_database_is_a_data_migration():
    import importlib

    from django.apps import apps
    from django.db.migrations import RunPython

    for label, name in ROW_REWRITES:
        module = importlib.import_module(f"{apps.get_app_config(label).name}.migrations.{name}")
        assert any(isinstance(op, RunPython) for op in module.Migration.operations), name
