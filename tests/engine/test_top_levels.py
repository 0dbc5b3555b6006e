"""/api/v1/, /api/v1/<app>/ and schema/."""

from __future__ import annotations

import pytest

from dtapi.engine.registry import api_app_configs

pytestmark = pytest.mark.django_db


def test_top_level_lists_every_api_app(client):
    data = client.get("/api/v1/").json()
    labels = sorted(config.label for config in api_app_configs())
    assert list(data) == labels
    assert data["doc"] == {"list_endpoint": "/api/v1/doc/"}
    assert client.get("/api/v1").json() == data


def test_app_level_has_every_model(client):
    data = client.get("/api/v1/doc/").json()
    config = next(c for c in api_app_configs() if c.label == "doc")
    assert set(data) == {model._meta.model_name for model in config.get_models()}
    assert data["document"] == {
        "list_endpoint": "/api/v1/doc/document/",
        "schema": "/api/v1/doc/document/schema/",
    }


def test_fullschema(client):
    data = client.get("/api/v1/name/?fullschema=true").json()
    assert data["streamname"]["schema"]["fields"]["slug"]["primary_key"] is True
    assert client.get("/api/v1/name/?fullschema=false").json()["streamname"]["schema"] == (
        "/api/v1/name/streamname/schema/"
    )


def test_schema_shape(client):
    schema = client.get("/api/v1/doc/document/schema/").json()
    assert schema["default_limit"] == 20
    assert schema["default_format"] == "application/json"
    assert schema["allowed_list_http_methods"] == ["get", "post", "put", "delete", "patch"]
    assert schema["ordering"] == ["id"]
    assert schema["filtering"]["group"] == 2 and schema["filtering"]["title"] == 1
    assert "id" not in schema["filtering"]
    assert schema["fields"]["states"]["related_type"] == "to_many"
    assert schema["fields"]["rfc"]["type"] == "string"
    names = client.get("/api/v1/name/streamname/schema/").json()
    assert "ordering" not in names
    session = client.get("/api/v1/meeting/session/schema/").json()
    assert session["fields"]["requested_duration"]["type"] == "timedelta"
