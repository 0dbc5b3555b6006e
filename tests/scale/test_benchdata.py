"""``dtapi bench-data``: what it generates, that it is deterministic, that it runs once per seed."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from dtapi.doc.models import DocEvent, Document, RelatedDocument
from dtapi.meeting.models import Meeting, Session

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("bench-data", *args, "--quiet", stdout=out)
    return out.getvalue()


def test_generates_the_asked_sizes_with_every_kind_of_row(client):
    output = _run("--documents", "600", "--events", "4000", "--seed", "7")
    assert "Done:" in output
    assert Document.objects.count() == 600
    assert DocEvent.objects.count() == 4000
    # drafts and RFCs, meeting materials, charters ...; each of its type's states
    types = set(Document.objects.values_list("type", flat=True))
    assert {"draft", "rfc", "slides", "charter"} <= types
    no_state = Document.objects.filter(type__in=["draft", "rfc", "slides", "charter"]).annotate(
        n=Count("states")
    )
    assert not no_state.filter(n=0).exists()
    state_types = set(Document.objects.values_list("states__type", flat=True))
    assert {"draft", "draft-iesg", "draft-stream-ietf", "rfc", "charter", "slides"} <= state_types
    relations = set(RelatedDocument.objects.values_list("relationship", flat=True))
    assert {"became_rfc", "replaces", "obs", "updates"} <= relations
    kinds = set(DocEvent.objects.values_list("type", flat=True))
    assert {"new_revision", "changed_state", "created_ballot", "changed_ballot_position"} <= kinds
    assert Session.objects.exists() and Meeting.objects.filter(type="ietf").exists()
    # 30 years of events
    years = DocEvent.objects.dates("time", "year")
    assert years.first().year <= 1997 and years.last().year >= 2024
    # served by the API like any other data
    answer = client.get("/api/v1/doc/ballotpositiondocevent/?limit=1&order_by=id")
    assert answer.status_code == 200 and answer.json()["meta"]["total_count"] > 0


def test_same_seed_same_rows_and_a_second_run_does_nothing():
    _run("--documents", "200", "--events", "1000", "--seed", "3")
    first = list(Document.objects.order_by("pk").values_list("name", "title", "time"))
    events = list(DocEvent.objects.order_by("pk").values_list("type", "time", "desc")[:200])
    assert "nothing to do" in _run("--documents", "200", "--events", "1000", "--seed", "3")
    assert Document.objects.count() == 200
    with pytest.raises(CommandError, match="another synthetic set"):
        _run("--documents", "200", "--events", "1000", "--seed", "4")
    # the same seed in an emptied database gives the same rows
    from dtapi.group.models import Group, Role
    from dtapi.person.models import Email, Person
    from dtapi.utils.models import DumpInfo

    for model in [Session, Meeting, DocEvent, RelatedDocument, Document, Role, Group, Email]:
        model.objects.all().delete()
    Person.objects.all().delete()
    DumpInfo.objects.all().delete()
    _run("--documents", "200", "--events", "1000", "--seed", "3")
    assert list(Document.objects.order_by("pk").values_list("name", "title", "time")) == first
    again = list(DocEvent.objects.order_by("pk").values_list("type", "time", "desc")[:200])
    assert again == events


def test_refuses_nonsense_sizes():
    with pytest.raises(CommandError, match="--events at least --documents"):
        _run("--documents", "100", "--events", "10")
