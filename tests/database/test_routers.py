"""Read replicas (dtapi.database.routers): GET requests read from a replica, writes and what a
request reads after them go to the primary, an unreachable replica falls back to the primary.

The replica here is a second alias on the test database itself (as ``DATABASE_REPLICA_URLS``
makes them, Django's test mirror), so which alias served a query is what the tests look at;
a dead replica is an alias whose server cannot be reached.
"""

from __future__ import annotations

import select

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from dtapi.database import routers
from dtapi.person.models import Person
from tests import factories

REPLICA = "replica1"
DEAD = "replica_dead"

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


def _dead_settings(default: dict) -> dict:
    dead = dict(default)
    if default["ENGINE"].endswith("sqlite3"):
        dead["NAME"] = "/nonexistent-dtapi-dir/replica.sqlite3"  # cannot be opened
    else:
        dead.update(
            HOST="127.0.0.1", PORT="9", OPTIONS={**default["OPTIONS"], "connect_timeout": 2}
        )
    return dead


@pytest.fixture(scope="module", autouse=True)
def _replica_aliases(django_db_setup, django_db_blocker):
    # Added before the test case is set up, so that its ``databases`` may name them.
    default = connections["default"].settings_dict
    connections.settings[REPLICA] = dict(default)
    connections.settings[DEAD] = _dead_settings(default)
    yield
    for alias in (REPLICA, DEAD):
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


@pytest.fixture(autouse=True)
def _replicas(settings):
    settings.DTAPI_DATABASE_REPLICAS = [REPLICA]
    routers._down_until.clear()
    yield
    routers._down_until.clear()


def _queries(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def _person_queries(captured: CaptureQueriesContext) -> int:
    return sum('"person_person"' in q["sql"] for q in captured.captured_queries)


def test_api_v1_get_reads_from_the_replica(client):
    person = factories.person(name="Replica Reader")
    with _queries("default") as primary, _queries(REPLICA) as replica:
        response = client.get(f"/api/v1/person/person/?name={person.name}")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 1
    assert _person_queries(replica) >= 1
    assert _person_queries(primary) == 0


def test_no_request_reads_from_the_primary():
    # Outside a request (worker, management commands, loaders): the primary, always.
    assert routers.ReplicaRouter().db_for_read(Person) is None
    with _queries(REPLICA) as replica:
        assert Person.objects.count() == 0
    assert replica.captured_queries == []


def test_unsafe_methods_read_from_the_primary():
    seen = []

    def view(request):
        seen.append(Person.objects.db)
        return HttpResponse()

    middleware = routers.ReplicaRoutingMiddleware(view)
    middleware(RequestFactory().get("/"))
    middleware(RequestFactory().post("/"))
    middleware(RequestFactory().delete("/"))
    assert seen == [REPLICA, "default", "default"]


def test_reads_after_a_write_in_the_same_request_go_to_the_primary():
    with routers.replica_reads():
        assert Person.objects.db == REPLICA
        person = Person.objects.create(name="Written", ascii="Written")
        assert Person.objects.db == "default"
        with _queries(REPLICA) as replica:
            assert Person.objects.get(pk=person.pk).name == "Written"
        assert replica.captured_queries == []


def test_reads_inside_a_transaction_go_to_the_primary():
    with routers.replica_reads():
        with transaction.atomic():
            assert Person.objects.db == "default"
        # and stay there: the transaction may have written
        assert Person.objects.db == "default"


def test_sessions_and_credentials_are_read_from_the_primary():
    with routers.replica_reads():
        assert Session.objects.db == "default"
        assert Person.objects.db == REPLICA


def test_no_replicas_configured_reads_from_the_primary(settings):
    settings.DTAPI_DATABASE_REPLICAS = []
    with routers.replica_reads():
        assert Person.objects.db == "default"


def test_a_dead_replica_falls_back_to_the_primary(client, settings):
    settings.DTAPI_DATABASE_REPLICAS = [DEAD]
    person = factories.person(name="Fallback Reader")
    for _ in range(2):  # the second time, the replica is known to be down
        with _queries("default") as primary:
            response = client.get(f"/api/v1/person/person/{person.pk}/")
        assert response.status_code == 200
        assert response.json()["name"] == "Fallback Reader"
        assert _person_queries(primary) >= 1 or _ == 1  # the detail may come from the cache
    assert DEAD in routers._down_until


def test_a_dead_replica_is_skipped_for_a_live_one(settings):
    settings.DTAPI_DATABASE_REPLICAS = [DEAD, REPLICA]
    for _ in range(5):
        with routers.replica_reads():
            assert Person.objects.db == REPLICA


def _drop_replica_connection_server_side(monkeypatch) -> None:
    """The replica's server closes the kept connection, as a restart or a crash does."""
    connection = connections[REPLICA]
    if connection.vendor != "postgresql":
        monkeypatch.setattr(connection, "is_usable", lambda: False)
        return
    pid = connection.connection.info.backend_pid
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The termination notice reaches the socket asynchronously: wait for it to be readable.
    for _ in range(200):
        if select.select([connection.connection.fileno()], [], [], 0.05)[0]:
            break


def test_a_kept_replica_connection_that_died_is_replaced(monkeypatch):
    with routers.replica_reads():
        Person.objects.count()  # a kept connection to the replica
    _drop_replica_connection_server_side(monkeypatch)
    monkeypatch.undo()
    with routers.replica_reads():
        assert Person.objects.db == REPLICA  # a new connection: the server is still there
        assert Person.objects.count() == 0


def test_a_replica_that_went_away_is_checked_before_use(monkeypatch):
    with routers.replica_reads():
        Person.objects.count()  # a kept connection to the replica
    # The server went away: the kept connection is dead, nor can a new one open.
    _drop_replica_connection_server_side(monkeypatch)
    dead = _dead_settings(connections["default"].settings_dict)
    for key in ("NAME", "PORT"):
        monkeypatch.setitem(connections[REPLICA].settings_dict, key, dead[key])
    with routers.replica_reads():
        assert Person.objects.db == "default"
        assert Person.objects.count() == 0


def test_replicas_are_never_migrated():
    router = routers.ReplicaRouter()
    assert router.allow_migrate(REPLICA, "person") is False
    assert router.allow_migrate("default", "person") is None
