"""HTTP behaviour: methods, status codes, headers, conditional GET, CORS, gzip."""

from __future__ import annotations

import gzip

import pytest

from tests.clock import pinned_clock

from . import factories as f

pytestmark = pytest.mark.django_db

ALLOW = "GET,POST,PUT,DELETE,PATCH"


@pytest.fixture
def doc(db):
    return f.document()


def test_json_headers(client, doc):
    response = client.get("/api/v1/doc/document/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "max-age=300, s-maxage=300"
    assert "Accept" in [v.strip() for v in response["Vary"].split(",")]
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34


def test_xml_headers(client, doc):
    for response in (
        client.get("/api/v1/doc/document/?format=xml"),
        client.get("/api/v1/doc/document/", HTTP_ACCEPT="application/xml"),
    ):
        assert response["Content-Type"] == "application/xml; charset=utf-8"
        assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<response>")


def test_unknown_format_falls_back_to_json(client, doc):
    response = client.get("/api/v1/doc/document/?format=yaml", HTTP_ACCEPT="*/*")
    assert response["Content-Type"] == "application/json"


def test_if_none_match_gives_304(client, doc):
    first = client.get("/api/v1/doc/document/")
    second = client.get("/api/v1/doc/document/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 304
    assert second.content == b""
    assert second["ETag"] == first["ETag"]
    other = client.get("/api/v1/doc/document/", HTTP_IF_NONE_MATCH='"nope"')
    assert other.status_code == 200


def test_gzip(client, doc):
    with pinned_clock():  # the schema renders "now" (the default of Document.time)
        response = client.get("/api/v1/doc/document/schema/", HTTP_ACCEPT_ENCODING="gzip")
        plain = client.get("/api/v1/doc/document/schema/")
    assert response["Content-Encoding"] == "gzip"
    assert response["ETag"].startswith('W/"')
    assert gzip.decompress(response.content) == plain.content
    assert "Accept-Encoding" in response["Vary"]


def test_cors(client, doc):
    response = client.get("/api/v1/doc/document/", HTTP_ORIGIN="https://example.com")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/doc/document/",
        HTTP_ORIGIN="https://example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, OPTIONS"
    assert preflight.content == b""


def test_options_and_unsupported_methods(client, doc):
    options = client.options("/api/v1/doc/document/")
    assert (options.status_code, options["Allow"], options.content) == (200, ALLOW, ALLOW.encode())
    head = client.head(
        "/api/v1/doc/document/"
    )  # dtapi: answered as GET (tests/engine/test_head.py)
    assert (head.status_code, head.content) == (200, b"")
    schema_post = client.post("/api/v1/doc/document/schema/")
    assert (schema_post.status_code, schema_post["Allow"]) == (405, "GET")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused(client, doc, method):
    for uri in ("/api/v1/doc/document/", f"/api/v1/doc/document/{doc.name}/"):
        response = getattr(client, method)(uri, data="{}", content_type="application/json")
        assert response.status_code == 401
        assert response.content == b""


def test_method_override_header(client, doc):
    response = client.get("/api/v1/doc/document/", HTTP_X_HTTP_METHOD_OVERRIDE="DELETE")
    assert response.status_code == 401


def test_missing_slash_redirects(client, doc):
    response = client.get("/api/v1/doc/document")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/doc/document/"


def test_unknown_resource_and_app(client):
    assert client.get("/api/v1/doc/nosuch/").status_code == 404
    assert client.get("/api/v1/nosuch/").status_code == 404


def test_unknown_detail_is_empty_404(client, doc):
    response = client.get("/api/v1/doc/document/no-such/")
    assert response.status_code == 404
    assert response.content == b""
    assert response["Content-Type"].startswith("text/html")


def test_wrong_type_detail_is_json_404(client):
    response = client.get("/api/v1/person/person/abc/")
    assert response.status_code == 404
    assert response.json() == {
        "error_message": "Sorry, this request could not be processed. Please try again later."
    }


def test_detail_ids_with_dots_and_at(client):
    email = f.email(address="a.b+c@example.org")
    response = client.get(f"/api/v1/person/email/{email.address}/")
    assert response.json()["resource_uri"] == "/api/v1/person/email/a.b+c@example.org/"


def test_invalid_accept_header(client, doc):
    response = client.get("/api/v1/doc/document/", HTTP_ACCEPT="garbage")
    assert response.status_code == 400
    assert response.json() == {"error": "Invalid Accept header"}
