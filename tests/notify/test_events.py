"""Changes become outbox rows, in the transaction of the change, through signals alone."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import transaction

from dtapi.doc import services as doc_services
from dtapi.doc.models import StateDocEvent
from dtapi.meeting import services as meeting_services
from dtapi.meeting.models import SessionPresentation
from dtapi.name.models import BallotPositionName
from dtapi.notify.models import Delivery, Message, Subscription
from tests import factories as f

from .conftest import subscribe

pytestmark = pytest.mark.django_db

URL = "http://127.0.0.1:9/hook"


def data_of(message: Message) -> dict[str, Any]:
    payload = json.loads(message.payload)
    assert set(payload) == {"id", "kind", "time", "origin", "data"}
    assert payload["id"] == str(message.pk)
    assert payload["kind"] == message.kind
    assert payload["origin"] == "http://127.0.0.1:8000"
    data: dict[str, Any] = payload["data"]
    return data


def only(kind: str) -> Message:
    [message] = Message.objects.filter(kind=kind)
    return message


def test_nothing_is_written_without_subscribers() -> None:
    ad = f.area_director()
    doc = f.draft()
    ballot = f.ballot(doc, ad)
    doc_services.record_ballot_position(
        doc, ballot, balloter=ad, by=ad, position=BallotPositionName.objects.get(slug="yes")
    )
    assert not Message.objects.exists()


def test_ballot_position() -> None:
    subscribe(URL, "ballot_position")
    Subscription.objects.create(event="ballot_position", url=URL + "2", active=False)
    ad = f.area_director(name="Alice Director")
    doc = f.draft("draft-ietf-quic-notify")
    ballot = f.ballot(doc, ad)
    change = doc_services.record_ballot_position(
        doc,
        ballot,
        balloter=ad,
        by=ad,
        position=BallotPositionName.objects.get(slug="discuss"),
        discuss="Please fix.",
        comment="Nice.",
    )
    message = only("ballot_position")
    data = data_of(message)
    assert data["document"] == {
        "name": "draft-ietf-quic-notify",
        "uri": "/api/v1/doc/document/draft-ietf-quic-notify/",
        "rev": "00",
        "type": "draft",
    }
    assert data["event"] == f"/api/v1/doc/ballotpositiondocevent/{change.position.pk}/"
    assert data["ballot"] == {"uri": f"/api/v1/doc/ballotdocevent/{ballot.pk}/", "type": "approve"}
    assert data["balloter"] == {
        "id": ad.pk,
        "name": "Alice Director",
        "uri": f"/api/v1/person/person/{ad.pk}/",
    }
    assert data["position"] == {
        "slug": "discuss",
        "name": "Discuss",
        "uri": "/api/v1/name/ballotpositionname/discuss/",
    }
    assert data["discuss"] == "Please fix."
    assert data["comment"] == "Nice."
    [delivery] = message.deliveries.all()  # the inactive subscription gets none
    assert delivery.url == URL
    assert delivery.status == "pending"


def test_doc_state_by_service_and_event_is_one_message() -> None:
    subscribe(URL, "doc_state")
    ad = f.area_director()
    doc = f.draft()
    Message.objects.all().delete()
    new_state = f.state("draft-iesg", "iesg-eva")
    with transaction.atomic():
        doc.set_state(new_state)  # m2m_changed
        event = StateDocEvent.objects.create(
            doc=doc,
            by=ad,
            type="changed_state",
            state_type_id="draft-iesg",
            state=new_state,
            desc="IESG state changed",
        )
    message = only("doc_state")
    data = data_of(message)
    assert data["state_type"] == {"slug": "draft-iesg", "uri": "/api/v1/doc/statetype/draft-iesg/"}
    assert data["state"] == {
        "id": new_state.pk,
        "slug": "iesg-eva",
        "name": new_state.name,
        "uri": f"/api/v1/doc/state/{new_state.pk}/",
    }
    assert data["event"]["uri"] == f"/api/v1/doc/statedocevent/{event.pk}/"
    assert data["event"]["by"]["id"] == ad.pk


def test_doc_state_event_first_then_states_keeps_the_event() -> None:
    subscribe(URL, "doc_state")
    ad = f.area_director()
    doc = f.draft()
    old, new = f.state("draft-iesg", "pub-req"), f.state("draft-iesg", "ad-eval")
    doc.set_state(old)
    Message.objects.all().delete()
    with transaction.atomic():
        StateDocEvent.objects.create(
            doc=doc, by=ad, type="changed_state", state_type_id="draft-iesg", state=new, desc="x"
        )
        doc.set_state(new)  # remove(old) + add(new)
    data = data_of(only("doc_state"))
    assert data["state"]["slug"] == "ad-eval"
    assert data["event"] is not None


def test_doc_state_changed_without_an_event() -> None:
    """As the admin does: Document.states edited directly."""
    subscribe(URL, "doc_state")
    doc = f.draft()
    Message.objects.all().delete()
    state = f.state("draft-iesg", "watching")
    doc.states.add(state)
    data = data_of(only("doc_state"))
    assert data["state"]["slug"] == "watching"
    assert data["event"] is None

    Message.objects.all().delete()
    doc.states.remove(state)
    assert data_of(only("doc_state"))["state"] is None

    Message.objects.all().delete()
    doc.states.clear()  # removes the draft state
    assert data_of(only("doc_state"))["state_type"]["slug"] == "draft"

    Message.objects.all().delete()
    state.document_set.add(doc)  # from the state's side
    assert data_of(only("doc_state"))["state"]["slug"] == "watching"


def test_one_transaction_reports_each_state_type_once_with_its_final_state() -> None:
    """Nobody sees a transaction's intermediate states: only the committed one is reported."""
    subscribe(URL, "doc_state")
    doc = f.draft()
    Message.objects.all().delete()
    with transaction.atomic():
        doc.set_state(f.state("draft-iesg", "watching"))
        doc.set_state(f.state("draft-stream-ietf", "wg-doc"))
        doc.set_state(f.state("draft-iesg", "pub-req"))
    messages = {data_of(m)["state_type"]["slug"]: data_of(m) for m in Message.objects.all()}
    assert set(messages) == {"draft-iesg", "draft-stream-ietf"}
    assert messages["draft-iesg"]["state"]["slug"] == "pub-req"


@pytest.mark.django_db(transaction=True)
def test_separate_transactions_are_separate_messages() -> None:
    subscribe(URL, "doc_state")
    doc = f.draft()
    Message.objects.all().delete()
    doc.set_state(f.state("draft-iesg", "pub-req"))  # autocommit: remove + add, two statements
    with transaction.atomic():
        doc.set_state(f.state("draft-iesg", "ad-eval"))
    with transaction.atomic():
        doc.set_state(f.state("draft-iesg", "iesg-eva"))
    states = [data_of(m)["state"] for m in Message.objects.order_by("created")]
    assert [s["slug"] for s in states if s] == ["pub-req", "ad-eval", "iesg-eva"]


def test_rolled_back_changes_leave_nothing() -> None:
    subscribe(URL)
    ad = f.area_director()
    doc = f.draft()
    ballot = f.ballot(doc, ad)
    Message.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        doc_services.record_ballot_position(
            doc, ballot, balloter=ad, by=ad, position=BallotPositionName.objects.get(slug="yes")
        )
        doc.set_state(f.state("draft-iesg", "watching"))
        assert Message.objects.count() == 2
        raise RuntimeError("the change fails")
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()
    # after the rollback, the same change is recorded afresh
    doc.set_state(f.state("draft-iesg", "watching"))
    assert Message.objects.count() == 1


def test_session_recording_name() -> None:
    subscribe(URL, "session_recording")
    session = f.session(f.meeting("125"), f.group("quic"))
    Message.objects.all().delete()
    meeting_services.set_recording_name(session, "IETF125-QUIC-20260320-0900")
    data = data_of(only("session_recording"))
    assert data["session"] == {"id": session.pk, "uri": f"/api/v1/meeting/session/{session.pk}/"}
    assert data["meeting"]["number"] == "125"
    assert data["group"]["acronym"] == "quic"
    assert data["meetecho_recording_name"] == "IETF125-QUIC-20260320-0900"
    # the same name again, or another field: no event
    Message.objects.all().delete()
    meeting_services.set_recording_name(session, "IETF125-QUIC-20260320-0900")
    session.agenda_note = "changed"
    session.save()
    assert not Message.objects.exists()


def test_session_video_url() -> None:
    subscribe(URL, "session_recording")
    session = f.session(f.meeting("125"), f.group("quic"))
    robot = f.recording_manager()
    start = datetime.datetime(2026, 3, 20, 9, 0, tzinfo=datetime.UTC)
    Message.objects.all().delete()

    meeting_services.set_video_url(session, "https://youtube.example/v1", robot, start)
    data = data_of(only("session_recording"))
    [recording] = data["recordings"]
    assert recording["external_url"] == "https://youtube.example/v1"
    assert recording["uri"] == f"/api/v1/doc/document/{recording['name']}/"

    Message.objects.all().delete()
    meeting_services.set_video_url(session, "https://youtube.example/v2", robot, start)
    data = data_of(only("session_recording"))
    assert [r["external_url"] for r in data["recordings"]] == ["https://youtube.example/v2"]


def test_recording_linked_through_the_m2m() -> None:
    subscribe(URL, "session_recording")
    session = f.session(f.meeting("125"), f.group("quic"))
    recording = f.document("recording-125-quic-9", type_id="recording", external_url="https://v/9")
    Message.objects.all().delete()
    session.materials.add(recording, through_defaults={"rev": ""})
    assert data_of(only("session_recording"))["recordings"][0]["external_url"] == "https://v/9"
    Message.objects.all().delete()
    SessionPresentation.objects.filter(session=session).delete()
    SessionPresentation.objects.create(session=session, document=recording)
    assert Message.objects.filter(kind="session_recording").count() == 1
    # slides are not recordings
    Message.objects.all().delete()
    slides = f.document("slides-125-quic-x", type_id="slides")
    session.materials.add(slides, through_defaults={"rev": ""})
    assert not Message.objects.exists()


def test_raw_saves_make_no_events() -> None:
    subscribe(URL)
    session = f.session(f.meeting("125"), f.group("quic"))
    Message.objects.all().delete()
    session.meetecho_recording_name = "raw"
    from django.db.models.signals import post_save, pre_save

    from dtapi.meeting.models import Session

    pre_save.send(Session, instance=session, raw=True, using="default", update_fields=None)
    post_save.send(
        Session, instance=session, created=False, raw=True, using="default", update_fields=None
    )
    assert not Message.objects.exists()
