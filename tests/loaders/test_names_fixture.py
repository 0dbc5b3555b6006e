"""The real names fixture (``../shared/data/names-2022.json`` + ``names-delta-2023.json``) loads
whole: every object in it is in the database afterwards, no model is skipped or unknown, and
what the fixture says is what is stored (descriptions for the built-in vocabulary; every plain
field and many-to-many for the other rows).

Skipped with a reason where ../shared/data is absent (see tests/conftest.py).
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models

pytestmark = pytest.mark.django_db

FILES = ("names-2022.json", "names-delta-2023.json")
PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
)


@pytest.fixture
def records(shared_data) -> list[dict]:
    """The fixture's records, later files after earlier ones."""
    return [record for name in FILES for record in json.loads((shared_data / name).read_text())]


def _latest(records: list[dict]) -> dict[tuple[str, object], dict]:
    return {(record["model"], record["pk"]): record for record in records}


def test_every_object_loads_and_no_model_is_skipped(vocabulary, load_cmd, shared_data, records):
    from dtapi.loaders.dumpdata import vocabulary_models
    from dtapi.loaders.legacy import FIELD_RENAMES

    output = load_cmd("dumpdata", *(shared_data / name for name in FILES))
    assert "skipped" not in output, output
    assert "excluded" not in output, output

    assert len(records) == 1418 + 15
    vocabulary = vocabulary_models()
    missing, different = [], []
    for (label, pk), record in _latest(records).items():
        model = apps.get_model(label)  # LookupError: a model of the fixture does not exist
        row = model._base_manager.filter(pk=pk).first()
        if row is None:
            missing.append(f"{label} pk={pk!r}")
            continue
        fields = record["fields"]
        if label in vocabulary:
            # Built-in vocabulary: the fixture supplies the descriptions.
            if fields.get("desc") and row.desc != fields["desc"]:
                different.append(f"{label} pk={pk!r}: desc {row.desc!r}")
            continue
        for old_name, value in fields.items():
            name = FIELD_RENAMES.get((label, old_name), old_name)  # 2022 names of today's fields
            f = model._meta.get_field(name)
            if f.many_to_many:
                stored = set(getattr(row, name).values_list("pk", flat=True))
                if stored != set(value):
                    different.append(f"{label} pk={pk!r}: {name} {sorted(stored)}")
            elif f.is_relation:
                if getattr(row, f.attname) != value:
                    different.append(f"{label} pk={pk!r}: {name} {getattr(row, f.attname)!r}")
            elif isinstance(f, PLAIN) and not f.choices and getattr(row, name) != value:
                different.append(f"{label} pk={pk!r}: {name} {getattr(row, name)!r} != {value!r}")
    assert missing == []
    assert different == []
