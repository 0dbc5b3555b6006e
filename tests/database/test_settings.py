"""DATABASE_REPLICA_URLS and DTAPI_DB_CONNECT_TIMEOUT as the settings read them."""

from __future__ import annotations

import runpy
from typing import Any

from dtapi import settings as settings_module


def settings_for(monkeypatch, tmp_path, **env: str) -> dict[str, Any]:
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("DTAPI_VAR_DIR", str(tmp_path))
    for name in ("DATABASE_REPLICA_URLS", "DTAPI_DB_CONNECT_TIMEOUT", "DTAPI_STATEMENT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(settings_module.__file__, run_name="settings_probe")


def test_replicas_from_the_environment(monkeypatch, tmp_path):
    found = settings_for(
        monkeypatch,
        tmp_path,
        DATABASE_URL="postgres://u@primary:5432/dtapi",
        DATABASE_REPLICA_URLS=" postgres://u@r1:5432/dtapi , postgres://u@r2:5433/dtapi,",
        DTAPI_DB_CONNECT_TIMEOUT="2",
    )
    assert found["DTAPI_DATABASE_REPLICAS"] == ["replica1", "replica2"]
    databases = found["DATABASES"]
    assert (databases["replica1"]["HOST"], databases["replica2"]["PORT"]) == ("r1", 5433)
    for alias in ("default", "replica1", "replica2"):
        # the same bounds on every connection: statement timeout, connect timeout
        assert databases[alias]["OPTIONS"] == {
            "options": "-c statement_timeout=30000",
            "connect_timeout": 2,
        }
    # in tests, a replica is the test database itself
    assert databases["replica1"]["TEST"] == {"MIRROR": "default"}
    assert found["DATABASE_ROUTERS"] == ["dtapi.database.routers.ReplicaRouter"]


def test_no_replicas_by_default(monkeypatch, tmp_path):
    found = settings_for(monkeypatch, tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert found["DTAPI_DATABASE_REPLICAS"] == []
    assert list(found["DATABASES"]) == ["default"]
    assert "connect_timeout" not in found["DATABASES"]["default"].get("OPTIONS", {})
