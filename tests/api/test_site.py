"""GET /api/ (the API notes) and GET /api/version."""

from __future__ import annotations

import datetime
import json

import pytest

import dtapi
from dtapi.utils.models import DumpInfo

pytestmark = pytest.mark.django_db


def test_help_page(client):
    r = client.get("/api/")
    assert r.status_code == 200
    page = r.content.decode()
    assert "The datatracker API" in page
    for part in (
        "/api/v1/",
        "doc.json",
        "/api/iesg/position",
        "/api/meeting/session/video/url",
        "/api/meeting/session/recording-name",
        "/accounts/apikey/",
        "/api/version",
        "Too long since last regular login",
    ):
        assert part in page, part


def test_help_page_signing_keys(client):
    pytest.importorskip("dtapi.signing.keys")
    from dtapi.signing import keys

    page = client.get("/api/").content.decode()
    assert "Signing Keys" in page
    jwk = keys.public_jwk()
    assert jwk["x"] in page and jwk["y"] in page
    assert "BEGIN PUBLIC KEY" in page


def test_help_page_without_signing(client, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_signing(name, *args, **kwargs):
        if name.startswith("dtapi.signing"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_signing)
    r = client.get("/api/")
    assert r.status_code == 200
    assert "Signing Keys" not in r.content.decode()


def test_help_page_is_get_only(client):
    assert client.post("/api/").status_code == 405


def test_version_without_dump(client):
    for url in ("/api/version", "/api/version/"):
        r = client.get(url)
        assert r.status_code == 200
        assert r["Content-Type"] == "application/json"
        assert json.loads(r.content) == {"version": dtapi.__version__, "dumptime": None}


@pytest.mark.parametrize(
    "tz, expected",
    [
        ("UTC", "2022-08-31 07:10:01 +0000"),
        ("PST8PDT", "2022-08-31 07:10:01 -0700"),
        ("Europe/Berlin", "2022-08-31 07:10:01 +0200"),
        ("No/Such_Zone", "2022-08-31 07:10:01 +0000"),
    ],
)
def test_version_dumptime(client, tz, expected):
    DumpInfo.objects.create(
        date=datetime.datetime(2022, 8, 31, 7, 10, 1, tzinfo=datetime.UTC), host="x", tz=tz
    )
    data = json.loads(client.get("/api/version").content)
    assert data == {"version": dtapi.__version__, "dumptime": expected}


def test_version_uses_the_latest_dump(client):
    for day in (1, 3, 2):
        DumpInfo.objects.create(
            date=datetime.datetime(2022, 8, day, tzinfo=datetime.UTC), host="x", tz="UTC"
        )
    assert json.loads(client.get("/api/version").content)["dumptime"] == (
        "2022-08-03 00:00:00 +0000"
    )


def test_version_dumptime_is_the_newest_of_dump_and_data_load(client):
    from dtapi.loaders.models import DataLoad

    DumpInfo.objects.create(
        date=datetime.datetime(2022, 8, 31, 7, 10, 1, tzinfo=datetime.UTC), host="x", tz="PST8PDT"
    )
    load = DataLoad.objects.create(
        source="shared-data x", time=datetime.datetime(2025, 3, 1, 12, 30, tzinfo=datetime.UTC)
    )
    assert json.loads(client.get("/api/version").content)["dumptime"] == "2025-03-01 12:30:00 +0000"
    load.time = datetime.datetime(2022, 8, 1, tzinfo=datetime.UTC)
    load.save()
    assert json.loads(client.get("/api/version").content)["dumptime"] == "2022-08-31 07:10:01 -0700"
