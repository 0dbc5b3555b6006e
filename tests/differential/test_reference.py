"""The reference itself against the facts of the spec (§1, §1.0, §8, clients.md).

The differential test is only as good as its reference: these checks make sure the tastypie
reference behaves like the original where the spec states how the original behaves, so that a
mistake shared by the reference and dtapi cannot pass unnoticed. They need no dtapi.
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def get(client, target, **headers):
    response = client.get(target, headers=headers)
    body = response.content
    if response.get("Content-Type", "").startswith("application/json") and body:
        return response, json.loads(body)
    return response, body


def test_document_wire_format(reference, dataset):
    response, doc = get(reference, "/api/v1/doc/document/rfc9000/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert doc["rfc"] == "9000" and doc["rfc_number"] == 9000
    assert doc["resource_uri"] == "/api/v1/doc/document/rfc9000/"
    assert doc["type"] == "/api/v1/name/doctypename/rfc/"
    assert doc["states"] == [f"/api/v1/doc/state/{doc['states'][0].split('/')[-2]}/"]
    assert "formal_languages" not in doc and "action_holders" not in doc
    # 2020+ times in Los Angeles with microseconds -> UTC, seconds, Z
    assert doc["time"].endswith("Z") and len(doc["time"]) == 20
    _, mars = get(reference, "/api/v1/doc/document/draft-ietf-mars-protocol/")
    assert mars["submissions"] == [f"/api/v1/submit/submission/{dataset.submission}/"]
    assert mars["expires"] == "2024-06-01T00:00:12Z"
    assert mars["shepherd"] == "/api/v1/person/email/bob@mars.example/"
    assert mars["rfc"] is None
    # keys sorted, Python's default separators, no ASCII escaping
    raw = reference.get("/api/v1/doc/document/draft-smith-mars-extension/").content
    assert raw.startswith(b'{"abstract": ') and "ünïcödé".encode() in raw


def test_related_values(reference, dataset):
    _, person = get(reference, f"/api/v1/person/person/{dataset.p_chair}/")
    assert person["user"] == ""  # User has no resource
    _, person = get(reference, f"/api/v1/person/person/{dataset.p_author}/")
    assert person["user"] is None
    assert person["photo"] == "/media/photo/marie.jpg"
    _, group = get(reference, f"/api/v1/group/group/{dataset.g_mars}/")
    assert group["ad"] is None
    assert group["used_roles"] == "['chair', 'secr']"  # JSON column: Python str()
    assert sorted(group["unused_tags"]) == [
        "/api/v1/name/doctagname/need-aut/",
        "/api/v1/name/doctagname/w-dep/",
    ]
    _, deleted = get(reference, "/api/v1/doc/deletedevent/")
    assert deleted["objects"][0]["content_type"] == ""


def test_meeting_departures(reference, dataset):
    _, meeting = get(reference, f"/api/v1/meeting/meeting/{dataset.m_83}/")
    assert meeting["agenda"] == meeting["schedule"]
    assert meeting["schedule"] == f"/api/v1/meeting/schedule/{dataset.sched_official}/"
    assert meeting["idsubmit_cutoff_time_utc"] == "23:59:59"
    assert meeting["idsubmit_cutoff_warning_days"] == "21 days, 0:00:00"
    assert meeting["updated"] == "2012-03-25T01:00:00Z"  # latest official assignment
    assert "overview" not in meeting and "group_conflict_types" not in meeting
    _, empty = get(reference, f"/api/v1/meeting/meeting/{dataset.m_empty}/")
    assert empty["updated"] == "1970-01-01T00:00:00Z"
    _, session = get(reference, f"/api/v1/meeting/session/{dataset.s_mars}/")
    assert session["requested_duration"] == "1:30:00"
    assert session["assignments"]
    _, slot = get(reference, f"/api/v1/meeting/timeslot/{dataset.ts_plenary}/")
    assert slot["duration"] == "1 day, 0:00:05"
    assert slot["time"] == "2012-03-26T11:00:00Z"  # 13:00 in Paris, summer time
    _, schema = get(reference, "/api/v1/meeting/timeslot/schema/")
    assert schema["fields"]["duration"]["type"] == "timedelta"
    assert schema["ordering"] == ["id", "time", "modified", "meeting"]


def test_schema_conventions(reference, dataset):
    _, schema = get(reference, "/api/v1/name/streamname/schema/")
    assert "ordering" not in schema
    assert schema["filtering"] == {"desc": 1, "name": 1, "order": 1, "slug": 1, "used": 1}
    _, schema = get(reference, "/api/v1/person/email/schema/")
    assert schema["ordering"] == ["address"]
    assert schema["fields"]["person"]["related_type"] == "to_one"
    _, schema = get(reference, "/api/v1/doc/document/schema/")
    assert schema["allowed_list_http_methods"] == ["get", "post", "put", "delete", "patch"]
    assert schema["default_limit"] == 20 and schema["ordering"] == ["id"]
    assert schema["filtering"]["states"] == 2 and "id" not in schema["filtering"]
    _, schema = get(reference, "/api/v1/person/personalapikey/schema/")
    assert "salt" not in schema["fields"]


def test_lists_and_pagination(reference, dataset):
    _, page = get(reference, "/api/v1/doc/document/?type=draft&limit=2&offset=2&type=draft")
    assert page["meta"]["next"] == "/api/v1/doc/document/?type=draft&type=draft&limit=2&offset=4"
    assert page["meta"]["previous"] == (
        "/api/v1/doc/document/?type=draft&type=draft&limit=2&offset=0"
    )
    _, page = get(reference, "/api/v1/doc/document/?limit=0")
    assert page["meta"]["limit"] == 1000 and page["meta"]["next"] is None
    _, page = get(reference, "/api/v1/person/personalapikey/")
    assert page["meta"]["total_count"] == 0
    response, body = get(reference, "/api/v1/doc/document/?limit=-1")
    assert response.status_code == 400
    assert body == {
        "error": "Invalid limit '-1' provided. Please provide a positive integer &gt;= 0."
    }


def test_filtering_rules(reference, dataset):
    response, body = get(reference, "/api/v1/doc/document/?group__acronym__startswith=ma")
    assert response.status_code == 400
    assert body == {"error": "The 'acronym' field does not support relations."}
    response, body = get(reference, "/api/v1/doc/document/?states__slug__startswith=pub")
    assert response.status_code == 200 and body["meta"]["total_count"] == 4
    response, body = get(reference, "/api/v1/doc/document/?id=1")
    assert body == {"error": "The 'id' field does not allow filtering."}
    response, body = get(reference, "/api/v1/doc/document/?nosuch=1")
    assert response.status_code == 200 and body["meta"]["total_count"] == 16
    response, body = get(reference, f"/api/v1/doc/docevent/?doc={dataset.d_mars}&limit=1")
    assert body["objects"][0]["doc"] == "/api/v1/doc/document/draft-ietf-mars-protocol/"
    response, body = get(reference, "/api/v1/doc/document/?time__year__gte=2020")
    assert body == {"error": "The 'time' field does not support relations."}
    response, body = get(reference, "/api/v1/doc/document/?order_by=name")
    assert body == {"error": "The 'name' field does not allow ordering."}


def test_http_behaviour(reference, dataset):
    response = reference.get("/api/v1/doc/document/no-such/")
    assert response.status_code == 404 and response.content == b""
    assert response["Content-Type"].startswith("text/html")
    response, body = get(reference, "/api/v1/person/person/abc/")
    assert response.status_code == 404 and set(body) == {"error_message"}
    assert reference.head("/api/v1/doc/document/").status_code == 405
    response = reference.get("/api/v1/doc/document/")
    assert response["Cache-Control"] == "max-age=300, s-maxage=300"
    assert "Accept" in response["Vary"]
    again = reference.get("/api/v1/doc/document/", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""
    response = reference.get("/api/v1/doc/document/", headers={"Origin": "https://x.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    response = reference.put("/api/v1/doc/document/rfc9000/", "{}", "application/json")
    assert response.status_code == 401


def test_formats(reference, dataset):
    response = reference.get("/api/v1/doc/state/?format=xml&limit=1")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.content.startswith(
        b"<?xml version='1.0' encoding='utf-8'?>\n<response><meta type=\"hash\">"
    )
    response = reference.get("/api/v1/doc/document/", headers={"Accept": "text/html"})
    assert response["Content-Type"] == "application/json"
    response = reference.get("/api/v1/doc/document/?format=yaml")
    assert response["Content-Type"] == "application/json"
    response, body = get(reference, "/api/v1/doc/document/", Accept="garbage")
    assert response.status_code == 400 and body == {"error": "Invalid Accept header"}
    _, top = get(reference, "/api/v1/")
    assert top["doc"] == {"list_endpoint": "/api/v1/doc/"}
    assert list(top) == sorted(top)


def _client_fields() -> dict[str, list[str]]:
    """``../shared/spec/client-fields.md``: resource list URI -> the keys ietfdata reads."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "shared" / "spec" / "client-fields.md"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    result: dict[str, list[str]] = {}
    current = None
    for line in path.read_text().splitlines():
        if line.startswith("#### `"):
            current = line.split("`")[1]
            result[current] = []
        elif current and line.startswith("- ") and ":" in line:
            result[current].append(line[2:].split(":")[0].strip())
    return result


def test_reference_objects_have_every_key_clients_read(reference, dataset):
    missing = {}
    for list_uri, keys in _client_fields().items():
        _, page = get(reference, list_uri + "?limit=1")
        assert isinstance(page, dict) and page.get("objects"), list_uri
        absent = sorted(set(keys) - set(page["objects"][0]))
        if absent:
            missing[list_uri] = absent
    assert not missing
