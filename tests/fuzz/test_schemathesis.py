"""Schemathesis drives every operation of /api/v1/openapi.json against the WSGI app, in process.

The data set is the differential test's (every resource has rows), so generated filters,
orderings, pages and keys run real queries on SQLite and PostgreSQL. Each answer must not be a
server error, must carry no traceback, and must match what the document promises for its
status code (status, media type and body schema).

One test per operation, a few examples each, so the module stays within a few minutes per
database; the examples are the same on every run. ``DTAPI_SCHEMATHESIS_EXAMPLES=N`` sets the
examples per operation, ``DTAPI_SCHEMATHESIS_RANDOM=1`` draws new ones.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("DTAPI_SCHEMATHESIS_EXAMPLES", "10"))
RANDOM = bool(os.environ.get("DTAPI_SCHEMATHESIS_RANDOM"))

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "max-examples": EXAMPLES,
            "deterministic": not RANDOM,
            "database": "none",
        },
        # Coverage enumerates boundary values of every parameter: thousands of cases for a
        # resource with hundreds of filters. Fuzzing covers them by sampling.
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
    }
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# The site as a server runs it (all middleware), not Django's test client.
application = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


@pytest.fixture(autouse=True)
def _keep_test_transaction():
    # A WSGI request ends with close_old_connections, which would close the connection that
    # holds the test's transaction (Django's test client disconnects it the same way).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
def test_api(case, dataset):
    # Each request in a savepoint: on PostgreSQL a failed query (answered 400) aborts the
    # transaction, and every later request of the test would fail the same way.
    savepoint = transaction.savepoint()
    try:
        # The WSGI transport does not undo Content-Encoding (a network client does).
        response = case.call(headers={"Accept-Encoding": "identity"})
    finally:
        transaction.savepoint_rollback(savepoint)
    case.validate_response(response, checks=CHECKS)
    assert b"Traceback" not in response.content, case.as_curl_command()
