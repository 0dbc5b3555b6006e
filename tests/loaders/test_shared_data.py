"""The real data in ../shared/data: one whole load per module, then checks on it.

Skipped with a clear reason where ../shared/data is absent. The load runs once inside a
transaction that is rolled back after the module, so other tests see an unchanged database.
"""

from __future__ import annotations

import json

import pytest
from django.core.management.base import CommandError
from django.db import connection, transaction

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, shared_data):
    """Everything in ../shared/data, loaded once; yields the per-step output lines."""
    from dtapi.database.limits import lift_statement_timeout, restore_statement_timeout
    from dtapi.database.maintenance import refresh_statistics
    from dtapi.loaders import shared_data as loader
    from dtapi.name.vocabulary import install_vocabulary

    lines: list[str] = []
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                # As `dtapi load` does: bulk work is not bounded by the request timeout. The
                # deferred foreign-key checks of the whole load run here (they would otherwise
                # fall to the first test's teardown, under the timeout).
                lift_statement_timeout()
                install_vocabulary()
                loader.load(shared_data, out=lines.append)
                # As `dtapi load` does: without statistics, PostgreSQL's planner picks plans
                # that take minutes on the loaded tables (seen: an /api/ example's count).
                refresh_statistics()
                connection.check_constraints()
                yield lines
                raise _Rollback
        except _Rollback:
            pass
        finally:
            restore_statement_timeout()


def test_every_rfc_record_is_a_document_or_skipped_as_not_issued(loaded, shared_data):
    from dtapi.doc.models import Document

    records = [
        json.loads(line) for line in (shared_data / "rfc-editor-json-2024-01" / "rfcs.jsonl").open()
    ]
    assert len(records) == 9506
    issued = {int(r["doc_id"][3:]) for r in records if r["pub_status"] != "NOT ISSUED"}
    loaded_numbers = set(Document.objects.filter(type="rfc").values_list("rfc_number", flat=True))
    assert issued <= loaded_numbers
    assert len(records) - len(issued) == 187
    assert any("skipped 187: not issued" in line for line in loaded)
    # rfc-index.txt adds the RFCs published after the JSON snapshot (up to RFC 9552).
    assert max(loaded_numbers) == 9552
    rfc = Document.objects.get(name="rfc9000")
    assert rfc.came_from_draft().name == "draft-ietf-quic-transport"
    assert rfc.documentauthor_set.count() == 2


def test_people_groups_and_names(loaded):
    from dtapi.doc.models import State
    from dtapi.group.models import Group, Role
    from dtapi.person.models import Email, Person

    # 10,189 persons from the 2013 export (authors created from RFCs are marked).
    assert Person.objects.filter(name_from_draft__isnull=True).count() == 10189
    assert Email.objects.count() == 11376
    from dtapi.loaders.groups import LIST_DATE

    assert Group.objects.exclude(time=LIST_DATE).count() == 1023  # the 2013 export
    assert Group.objects.filter(time=LIST_DATE).count() == 159  # added from the 2025 list
    assert Role.objects.filter(name="chair").exists()
    assert State.objects.filter(type="draft-iesg").count() == 18
    assert State.objects.get(pk=7).desc  # descriptions come from the names fixture
    assert Group.objects.get(acronym="pkix").charter.name == "charter-ietf-pkix"


def test_groups_of_2025_and_of_documents(loaded, client):
    from dtapi.doc.models import Document
    from dtapi.group.models import Group

    quic = Group.objects.get(acronym="quic")
    assert (quic.name, quic.type_id, quic.state_id) == ("QUIC", "wg", "active")
    assert Document.objects.get(name="rfc9000").group == quic
    assert Document.objects.get(name="draft-ietf-quic-transport").group == quic
    assert Document.objects.get(name="rfc9110").group.acronym == "httpbis"
    assert Document.objects.get(name="draft-ietf-krb-wg-crypto").group.acronym == "krb-wg"
    r = client.get("/api/v1/doc/document/?group__acronym=quic&states__type=draft&states__slug=rfc")
    assert r.status_code == 200 and json.loads(r.content)["meta"]["total_count"] >= 9
    # The data has no active draft (only drafts that became RFCs): nothing to find, no error.
    r = client.get(
        "/api/v1/doc/document/?group__acronym=quic&states__slug=active&states__type=draft"
    )
    assert r.status_code == 200 and json.loads(r.content)["meta"]["total_count"] == 0


def test_meeting_83(loaded):
    from dtapi.meeting.models import Meeting, SchedulingEvent, Session

    meeting = Meeting.objects.get(number="83")
    assert meeting.time_zone == "Europe/Paris"
    assert meeting.session_set.count() == 150
    assert meeting.schedule.name == "mtg_83"
    assert meeting.schedule.assignments.count() == 150  # one without a session
    statuses = dict(Session.objects.with_current_status().values_list("pk", "current_status"))
    assert len(statuses) == 150 and set(statuses.values()) == {"sched", "notmeet", "schedw"}
    assert SchedulingEvent.objects.count() == 299


def test_subseries(loaded):
    from dtapi.doc.models import Document

    assert Document.objects.filter(type__in=["bcp", "std", "fyi"]).count() == 356
    assert sorted(d.name for d in Document.objects.get(name="bcp14").contains()) == [
        "rfc2119",
        "rfc8174",
    ]


def test_reloading_is_a_no_op(loaded, shared_data, load_cmd, counts):
    def data() -> dict[str, int]:
        # The change feed aside: a reload still announces some sessions and documents as
        # updated (their to-many rows are rewritten unchanged), which clients may refetch.
        return {table: n for table, n in counts().items() if table != "changes_change"}

    before = data()
    agenda = shared_data / "datatracker-agenda83-fixtures-2013"
    load_cmd(
        "dumpdata",
        shared_data / "names-2022.json",
        agenda / "meeting83.json",
        agenda / "constraint83.json",
    )
    load_cmd("rfc-json", shared_data / "rfc-editor-json-2024-01" / "rfcs.jsonl")
    assert data() == before


def test_real_bad_files_are_refused(loaded, shared_data, load_cmd, counts):
    before = counts()
    secr = shared_data / "datatracker-secr-fixtures-2013"
    with pytest.raises(CommandError, match=r"test-meeting\.json: invalid JSON .*line 16 column"):
        load_cmd("dumpdata", secr / "test-meeting.json")
    # The group history rows these point at are not in the data.
    history = shared_data / "datatracker-agenda83-fixtures-2013" / "grouphistory.json"
    with pytest.raises(
        CommandError,
        match=r"grouphistory\.json, record #1 \(group\.rolehistory pk=1\): "
        r"field 'group' refers to group\.grouphistory 1",
    ):
        load_cmd("dumpdata", history)
    assert counts() == before
