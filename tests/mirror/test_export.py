"""`dtapi export` and /api/export/<app>/<resource>.ndjson: every object, one per line, exactly
as the API's list pages show it; `dtapi mirror --from-export` starts a mirror from the files."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from dtapi.mirror.models import ResourceState
from dtapi.mirror.service import mirror
from tests import factories

from .compare import differences
from .test_mirror import UNMIRRORABLE, quick_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_var_dir(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path / "var"  # downloads are kept under VAR_DIR/exports


def api_objects(path: str) -> list[dict]:
    return Client().get(path, {"limit": 1000, "order_by": "id"}).json()["objects"]


def test_export_command_writes_the_api_objects(tmp_path: Path) -> None:
    people = [factories.person() for _ in range(3)]
    factories.draft("draft-ietf-mirror-export")
    out = io.StringIO()
    call_command("export", "person.person", "doc.document", "--out", str(tmp_path), stdout=out)
    lines = (tmp_path / "person.person.ndjson").read_text().splitlines()
    assert [json.loads(line) for line in lines] == api_objects("/api/v1/person/person/")
    assert len(lines) >= len(people)
    docs = [
        json.loads(line) for line in (tmp_path / "doc.document.ndjson").read_text().splitlines()
    ]
    assert docs == api_objects("/api/v1/doc/document/")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["resources"]["person.person"]["count"] == len(lines)
    assert "2 resources" in out.getvalue()


def test_export_command_refuses_an_unknown_resource(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no resource 'person.nobody'"):
        call_command("export", "person.nobody", "--out", str(tmp_path))


def test_streamed_download_plain_and_gzip() -> None:
    for _ in range(3):
        factories.person()
    expected = api_objects("/api/v1/person/person/")
    response = Client().get("/api/export/person/person.ndjson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    body = b"".join(response.streaming_content)
    assert [json.loads(line) for line in body.splitlines()] == expected
    response = Client().get("/api/export/person/person.ndjson.gz")
    assert response["Content-Type"] == "application/gzip"
    body = gzip.decompress(b"".join(response.streaming_content))
    assert [json.loads(line) for line in body.splitlines()] == expected
    assert Client().get("/api/export/person/nobody.ndjson").status_code == 404


def test_a_kept_download_is_served_until_something_changes(settings) -> None:
    factories.person(name="Before")
    first = Client().get("/api/export/person/person.ndjson")
    assert first.streaming and b"Before" in b"".join(first.streaming_content)
    kept = Client().get("/api/export/person/person.ndjson")
    assert kept["X-Dtapi-Feed-Position"] == first["X-Dtapi-Feed-Position"]
    assert b"Before" in b"".join(kept.streaming_content)
    assert (settings.VAR_DIR / "exports" / "person.person.ndjson").is_file()
    factories.person(name="After")
    fresh = Client().get("/api/export/person/person.ndjson")
    assert fresh["X-Dtapi-Feed-Position"] != first["X-Dtapi-Feed-Position"]
    assert b"After" in b"".join(fresh.streaming_content)


def test_mirror_from_an_export_then_incremental(source, tmp_path: Path) -> None:
    # The source's export, made by the source's own command.
    source.run(
        "from django.core.management import call_command\n"
        f"call_command('export', '--out', {str(tmp_path)!r}, '--gzip')\n"
    )
    client = quick_client(source.url)
    report = mirror(source.url, client=client, export_dir=str(tmp_path), out=io.StringIO())
    assert not report.failed
    assert ResourceState.objects.exclude(phase="done").count() == 0
    assert differences(source, skip=UNMIRRORABLE, details_per_resource=1) == []
