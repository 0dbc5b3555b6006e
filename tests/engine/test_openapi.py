"""GET /api/v1/openapi.json: a valid OpenAPI 3.1 document that describes the real answers."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import openapi_spec_validator
import pytest

from dtapi.engine import openapi
from dtapi.engine.registry import registry

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # the differential data set is imported by module path
    sys.path.insert(0, str(REPO))

from tests.differential.fixtures import dataset  # noqa: E402, F401

pytestmark = pytest.mark.django_db

URL = "/api/v1/openapi.json"
OAS_31_SCHEMA = (
    Path(openapi_spec_validator.__file__).parent / "resources" / "schemas" / "v3.1" / "schema.json"
)


@cache
def document() -> dict[str, Any]:
    return openapi.build_document()


def operation(path: str) -> dict[str, Any]:
    return document()["paths"][path]["get"]


def parameter(path: str, name: str) -> dict[str, Any]:
    refs = document()["components"]["parameters"]
    for item in operation(path)["parameters"]:
        if "$ref" in item:
            item = refs[item["$ref"].rsplit("/", 1)[1]]
        if item["name"] == name:
            return item
    raise KeyError(name)


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator of ``schema`` whose ``#/components/...`` references resolve in the document."""
    root = {**schema, "components": document()["components"]}
    return jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker())


def response_schema(path: str, status: str = "200") -> dict[str, Any]:
    return operation(path)["responses"][status]["content"]["application/json"]["schema"]


def assert_valid(path: str, data: Any, status: str = "200") -> None:
    errors = sorted(validator(response_schema(path, status)).iter_errors(data), key=str)
    assert not errors, f"{path}: " + "; ".join(f"{e.json_path}: {e.message}" for e in errors[:5])


# -- the endpoint ---------------------------------------------------------------------------


def test_served_as_json_with_cache_headers_etag_and_cors(client):
    response = client.get(URL, headers={"Origin": "https://x.example"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "max-age=" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content) == json.loads(json.dumps(document()))
    again = client.get(URL, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_read_only(client):
    assert client.post(URL).status_code == 405


# -- validity -------------------------------------------------------------------------------


def test_whole_document_matches_the_openapi_31_schema():
    import jsonschema_rs

    schema = json.loads(OAS_31_SCHEMA.read_text())
    # Round-trip through JSON, as a client sees it (tuples become lists, keys strings).
    jsonschema_rs.validator_for(schema).validate(json.loads(json.dumps(document())))


def test_every_component_schema_is_valid_json_schema():
    for schema in document()["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_a_sample_passes_the_full_openapi_validator():
    """openapi-spec-validator's semantic checks (references, path parameters, operation ids,
    parameter schemas) are quadratic in the number of schemas: run them on a sample of paths
    with every component."""
    doc = document()
    apps = ("doc/document", "person/person", "person/email", "name/streamname", "meeting/session")
    paths = {
        path: item
        for path, item in doc["paths"].items()
        if path.count("/") <= 4 or any(f"/api/v1/{app}/" in path for app in apps)
    }
    openapi_spec_validator.validate(json.loads(json.dumps({**doc, "paths": paths})))


def test_operation_ids_unique_and_only_get():
    ids = []
    for item in document()["paths"].values():
        assert set(item) == {"get"}
        ids.append(item["get"]["operationId"])
    assert len(ids) == len(set(ids))


def test_every_resource_has_list_detail_set_and_schema():
    paths = document()["paths"]
    assert "/api/v1/" in paths
    for label in registry.app_labels():
        assert paths[f"/api/v1/{label}/"]["get"]["operationId"] == f"{label}_top_level"
    resources = list(registry.resources())
    assert len(resources) > 150
    for resource in resources:
        base = resource.list_uri
        op = f"{resource.app_label}_{resource.name}"
        assert paths[base]["get"]["operationId"] == f"{op}_list"
        assert paths[f"{base}{{key}}/"]["get"]["operationId"] == f"{op}_detail"
        assert paths[f"{base}set/{{keys}}/"]["get"]["operationId"] == f"{op}_set"
        assert paths[f"{base}schema/"]["get"]["operationId"] == f"{op}_schema"
        assert f"{resource.app_label}.{resource.name}" in document()["components"]["schemas"]
    assert len(paths) == 1 + len(registry.app_labels()) + 4 * len(resources)


def test_info_and_servers():
    import dtapi

    doc = document()
    assert doc["openapi"] == "3.1.0"
    assert doc["info"] == {**doc["info"], "title": "dtapi /api/v1", "version": dtapi.__version__}
    assert doc["servers"] == [{"url": "/"}]


# -- what users see -------------------------------------------------------------------------


def test_document_list_parameters():
    path = "/api/v1/doc/document/"
    assert parameter(path, "name__contains")["schema"] == {"type": "string"}
    assert parameter(path, "name")["schema"] == {"type": "string"}
    assert parameter(path, "time__gte")["schema"]["format"] == "date-time"
    assert parameter(path, "time__year")["schema"]["type"] == "integer"
    assert parameter(path, "time__hour")["schema"] == {"type": "integer"}
    assert parameter(path, "name__regex")["schema"] == {"type": "string", "format": "regex"}
    assert parameter(path, "group")["schema"]["type"] == "integer"
    assert "group__acronym" in parameter(path, "group")["description"]
    states_in = parameter(path, "states__in")
    assert states_in["schema"]["type"] == "array"
    assert (states_in["style"], states_in["explode"]) == ("form", False)
    assert parameter(path, "states__isnull")["schema"] == {"type": "boolean"}
    order_by = parameter(path, "order_by")["schema"]["items"]["enum"]
    assert order_by == ["id", "-id"]
    assert parameter(path, "limit")["schema"] == {"type": "integer", "minimum": 0}
    assert parameter(path, "format")["schema"]["enum"] == ["html", "json", "xml"]
    names = {p.get("name") for p in operation(path)["parameters"]}
    # Relations accept only Django's related lookups; not filterable fields have none.
    assert "group__contains" not in names and "group__lt" in names
    assert not {"id", "id__gt", "words", "rfc", "submissions"} & names


def test_detail_key_types():
    def key(path: str) -> dict[str, Any]:
        return parameter(path, "key")["schema"]

    assert key("/api/v1/doc/document/{key}/")["type"] == "string"
    assert key("/api/v1/person/email/{key}/")["type"] == "string"
    assert key("/api/v1/name/streamname/{key}/")["type"] == "string"
    assert key("/api/v1/person/person/{key}/")["type"] == "integer"
    assert key("/api/v1/doc/ballotpositiondocevent/{key}/")["type"] == "integer"


def test_object_schema():
    schemas = document()["components"]["schemas"]
    document_schema = schemas["doc.document"]
    properties = document_schema["properties"]
    assert document_schema["additionalProperties"] is False
    assert set(document_schema["required"]) == set(properties)
    assert properties["time"]["pattern"] == openapi.DATETIME_PATTERN
    assert properties["group"]["type"] == ["string", "null"]
    assert properties["group"]["pattern"] == r"^/api/v1/group/group/.+/$"
    assert properties["states"]["type"] == "array"
    assert properties["resource_uri"]["pattern"] == r"^/api/v1/doc/document/.+/$"
    assert schemas["group.group"]["properties"]["ad"]["type"] == "null"
    assert schemas["person.person"]["properties"]["user"]["enum"] == ["", None]
    assert schemas["name.streamname"]["properties"]["order"]["type"] == "integer"
    assert "order_by" not in {
        p.get("name") for p in operation("/api/v1/name/streamname/")["parameters"]
    }


# -- the real answers -----------------------------------------------------------------------


@pytest.mark.usefixtures("dataset")
def test_every_list_answer_matches(client):
    for resource in registry.resources():
        response = client.get(f"{resource.list_uri}?limit=0")
        assert response.status_code == 200, resource
        data = response.json()
        assert_valid(resource.list_uri, data)
        if resource.name != "personalapikey":
            assert data["objects"], f"{resource!r} has no data"


@pytest.mark.usefixtures("dataset")
def test_details_sets_and_schemas_match(client):
    for resource in registry.resources():
        objects = client.get(f"{resource.list_uri}?limit=2").json()["objects"]
        for obj in objects:
            detail = client.get(obj["resource_uri"])
            assert detail.status_code == 200
            assert_valid(f"{resource.list_uri}{{key}}/", detail.json())
        keys = [obj["resource_uri"][len(resource.list_uri) : -1] for obj in objects]
        found = client.get(f"{resource.list_uri}set/{';'.join([*keys, 'nosuch'])}/")
        if found.status_code == 200:  # an integer key answers 400 for "nosuch"
            assert_valid(f"{resource.list_uri}set/{{keys}}/", found.json())
        schema = client.get(resource.schema_uri).json()
        assert_valid(resource.schema_uri, schema)


@pytest.mark.usefixtures("dataset")
def test_top_levels_and_errors_match(client):
    assert_valid("/api/v1/", client.get("/api/v1/").json())
    for label in registry.app_labels():
        for query in ("", "?fullschema=true"):
            assert_valid(f"/api/v1/{label}/", client.get(f"/api/v1/{label}/{query}").json())
    bad = client.get("/api/v1/doc/document/?limit=-1")
    assert bad.status_code == 400
    error = document()["components"]["responses"]["BadRequest"]["content"]["application/json"]
    assert not list(validator(error["schema"]).iter_errors(bad.json()))
    canned = client.get("/api/v1/person/person/abc/")
    assert canned.status_code == 404
    assert_valid("/api/v1/person/person/{key}/", canned.json(), status="404")
