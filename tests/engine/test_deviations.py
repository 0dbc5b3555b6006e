"""Where dtapi deliberately answers differently from the original, and why.

1. Requests on which the original fails with a 500 get a 400 with a clear message: an offset
   beyond 2^63-1, an invalid regular expression, ``range`` without exactly two values, ``in``/
   ``range`` given true/false/none, a duration filter on SQLite, and database errors raised by
   the request's values (tested in test_filtering.py / test_pagination.py).
2. XML: characters XML cannot carry become control pictures instead of a 500
   (test_renderers.py), as the current original does.
3. Every write (POST/PUT/PATCH/DELETE, list or detail) answers 401 with an empty body; the
   original answers 204 to a list DELETE, 400 to some POSTs and 501 to a detail POST. The spec
   allows this (§1.12 "a compatible server may answer 401 for every write").
4. The two top-level views also carry ``Cache-Control``/``Vary`` like every successful GET;
   the original sends them only from resources. A bad ``Accept`` on them answers 400 with a
   JSON error body instead of an empty 400.
5. JSON is produced by the standard library's C encoder (not orjson): orjson cannot emit the
   original's separators, so its output would differ in bytes. No deviation results.
6. Only JSON and XML are offered (the original also offers YAML when PyYAML is installed).
"""

import pytest

pytestmark = pytest.mark.django_db


def test_every_write_is_401(client):
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/api/v1/doc/document/").status_code == 401


def test_top_level_is_cacheable(client):
    response = client.get("/api/v1/")
    assert response["Cache-Control"] == "max-age=300, s-maxage=300"


def test_yaml_is_not_offered(client):
    assert client.get("/api/v1/", HTTP_ACCEPT="text/yaml")["Content-Type"] == "application/json"
