"""Each load is recorded; ``load shared-data --if-changed`` loads only new or changed contents."""

from __future__ import annotations

import pytest

from dtapi.loaders.models import DataLoad
from dtapi.loaders.records import fingerprint

pytestmark = pytest.mark.django_db

GROUPS = "groups:\n- abbreviation: quic\n  type: wg\n  status: active\n"


@pytest.fixture
def folder(tmp_path):
    """A shared data folder holding only the list of groups (the other steps are skipped)."""
    root = tmp_path / "data"
    (root / "metanorma-ietf-groups-2025").mkdir(parents=True)
    (root / "metanorma-ietf-groups-2025" / "groups.yaml").write_text(GROUPS)
    return root


def test_only_new_or_changed_contents_are_loaded(vocabulary, folder, load_cmd):
    out = load_cmd("shared-data", folder, "--if-changed")
    assert f"Loading {folder} (never loaded)" in out and "Loaded shared-data in" in out
    assert "groups active in 2025" in out
    assert DataLoad.objects.count() == 1
    out = load_cmd("shared-data", folder, "--if-changed")
    assert "unchanged since its load of" in out and "nothing to load" in out
    assert DataLoad.objects.count() == 1
    # Same contents, new file times (a fresh clone, a copy): still unchanged.
    groups = folder / "metanorma-ietf-groups-2025" / "groups.yaml"
    groups.write_text(GROUPS)
    assert "nothing to load" in load_cmd("shared-data", folder, "--if-changed")
    groups.write_text(GROUPS.replace("quic", "moq"))
    out = load_cmd("shared-data", folder, "--if-changed")
    assert "(changed since its load of" in out
    assert DataLoad.objects.count() == 2
    # Without --if-changed, a load always runs (idempotent).
    load_cmd("shared-data", folder)
    assert DataLoad.objects.count() == 3


def test_other_loads_do_not_hide_the_shared_data_s_last_load(vocabulary, folder, load_cmd):
    load_cmd("shared-data", folder)
    load_cmd("groups", folder / "metanorma-ietf-groups-2025" / "groups.yaml")
    assert "nothing to load" in load_cmd("shared-data", folder, "--if-changed")
    newest = DataLoad.objects.order_by("-time", "-id").first()
    assert newest.source.startswith("groups ") and newest.counts


def test_the_fingerprint_is_of_names_and_contents(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        (d / "x").mkdir(parents=True)
        (d / "x" / "f.txt").write_text("same")
    assert fingerprint([a]) == fingerprint([b])
    (b / "x" / "f.txt").rename(b / "x" / "g.txt")
    assert fingerprint([a]) != fingerprint([b])


def test_prepare_migrates_loads_if_changed_and_collects_static(
    vocabulary, folder, settings, tmp_path
):
    import io

    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    out = io.StringIO()
    call_command("prepare", "--shared-data", str(folder), stdout=out)
    assert "(never loaded)" in out.getvalue() and "Ready to serve after" in out.getvalue()
    out = io.StringIO()
    call_command("prepare", "--shared-data", str(folder), stdout=out)
    assert "nothing to load" in out.getvalue()
    out = io.StringIO()
    call_command("prepare", "--shared-data", str(tmp_path / "absent"), stdout=out)
    assert "serving the built-in vocabulary only" in out.getvalue()
