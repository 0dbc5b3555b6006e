"""Fixtures of the loader tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).parent / "data"


@pytest.fixture
def vocabulary(db):
    """The built-in vocabulary (installed by a data migration; idempotent here)."""
    from dtapi.name.vocabulary import install_vocabulary

    install_vocabulary()


@pytest.fixture
def write_json(tmp_path):
    """write_json(name, obj) -> path of a JSON file in a temporary folder."""

    def write(name: str, obj) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(obj, indent=1))
        return path

    return write


@pytest.fixture
def load_cmd():
    """Run ``dtapi load ...`` and return its output."""
    import io

    def run(*args: str) -> str:
        out = io.StringIO()
        call_command("load", *[str(a) for a in args], stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def counts():
    """counts() -> rows per table, for "nothing changed" checks."""
    return row_counts


def row_counts() -> dict[str, int]:
    """Rows per table (the record of loads aside: every load adds one, by design)."""
    from django.apps import apps
    from django.db import connection

    tables = set(connection.introspection.table_names())
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in tables and table not in counts and table != "loaders_dataload":
            counts[table] = model._base_manager.count()
    return counts
