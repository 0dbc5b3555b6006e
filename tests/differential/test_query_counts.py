"""SQL queries per request: dtapi's are constant in the page size, the original's are not.

No timings here (the benchmark measures time, bench/api_bench.py): only query counts, which
are deterministic. The same checks on the two tastypie variants make sure the benchmark's
baselines are what they claim to be -- the original's configuration runs queries per object,
the select_related/prefetch_related variant a constant number.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/doc/document/",
    "/api/v1/doc/docevent/",
    "/api/v1/doc/documentauthor/",
    "/api/v1/group/group/",
    "/api/v1/person/person/",
    "/api/v1/meeting/session/",
    "/api/v1/meeting/timeslot/",
]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:200])
    return len(captured)


@pytest.fixture(scope="module")
def optimized(dataset):
    from tests.reference.client import reference_client

    return reference_client("optimized")


@pytest.mark.parametrize("path", LISTS)
def test_dtapi_queries_do_not_grow_with_the_page(dtapi, path):
    one, many = queries(dtapi, path + "?limit=1"), queries(dtapi, path + "?limit=0")
    assert one == many
    assert many <= 8


@pytest.mark.parametrize("path", ["/api/v1/doc/document/", "/api/v1/doc/docevent/"])
def test_baselines(reference, optimized, path):
    from django.core.cache import cache

    cache.clear()  # the original caches related URIs: count the cold case
    original = queries(reference, path + "?limit=1"), queries(reference, path + "?limit=10")
    cache.clear()
    better = queries(optimized, path + "?limit=1"), queries(optimized, path + "?limit=10")
    assert original[1] > original[0] + 9  # at least a query per object
    assert better[0] == better[1]  # constant
