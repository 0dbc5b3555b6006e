"""Turning model changes into notification events (connected in ``NotifyConfig.ready``).

The write APIs know nothing of notifications: these receivers run inside the transaction
of the change, so the outbox rows commit (or roll back) with it.

* ``ballot_position``: a BallotPositionDocEvent is created.
* ``doc_state``: Document.states changes, or a StateDocEvent is created; both about one
  document and state type in one transaction make one event.
* ``new_revision``: a NewRevisionDocEvent is created (a draft revision is posted).
* ``session_recording``: ``Session.meetecho_recording_name`` changes; a recording document
  (type ``recording``) is linked to a session, or its ``external_url`` changes.

Saves with ``raw=True`` (fixture loading) and bulk writes (``bulk_create``, ``update()``,
which send no signals; the loaders use them) make no events.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import m2m_changed, post_save, pre_save

from dtapi.doc.models import (
    BallotPositionDocEvent,
    Document,
    NewRevisionDocEvent,
    State,
    StateDocEvent,
)
from dtapi.meeting.models import Session, SessionPresentation
from dtapi.notify import events
from dtapi.notify.outbox import Data, enqueue

RECORDING = "recording"  # the document type of recordings

# Event kinds (dtapi.notify.models.EventKind values)
BALLOT_POSITION = "ballot_position"
DOC_STATE = "doc_state"
NEW_REVISION = "new_revision"
SESSION_RECORDING = "session_recording"


# --- ballot positions ---------------------------------------------------------------------------


def on_ballot_position(
    sender: Any, instance: BallotPositionDocEvent, created: bool, raw: bool, using: str, **kw: Any
) -> None:
    if created and not raw:
        enqueue(BALLOT_POSITION, lambda: events.ballot_position(instance), using=using)


# --- new revisions ------------------------------------------------------------------------------


def on_new_revision(
    sender: Any, instance: NewRevisionDocEvent, created: bool, raw: bool, using: str, **kw: Any
) -> None:
    if created and not raw:
        enqueue(NEW_REVISION, lambda: events.new_revision(instance), using=using)


# --- document states ----------------------------------------------------------------------------


def _keep_event(old: Data, new: Data) -> Data:
    return {**new, "event": new.get("event") or old.get("event")}


def _doc_state(doc: Document, state_type_id: str, using: str, event: Any = None) -> None:
    enqueue(
        DOC_STATE,
        lambda: events.doc_state(doc, state_type_id, event),
        merge_key=f"doc_state:{doc.pk}:{state_type_id}",
        combine=_keep_event,
        using=using,
    )


def on_state_event(
    sender: Any, instance: StateDocEvent, created: bool, raw: bool, using: str, **kw: Any
) -> None:
    if created and not raw:
        _doc_state(instance.doc, instance.state_type_id, using, event=instance)


def on_states_changed(
    sender: Any,
    instance: Any,
    action: str,
    reverse: bool,
    model: Any,
    pk_set: set[Any] | None,
    using: str,
    **kw: Any,
) -> None:
    if action == "pre_clear":
        # Remember what is cleared: post_clear has no pk_set.
        if reverse:
            instance._notify_cleared = list(instance.document_set.using(using).all())
        else:
            instance._notify_cleared = _state_types(instance.states.using(using).all())
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # instance is a State, pk_set holds documents
        documents: Iterable[Document] = (
            instance.__dict__.pop("_notify_cleared", [])
            if action == "post_clear"
            else Document.objects.using(using).filter(pk__in=pk_set or ())
        )
        for doc in documents:
            _doc_state(doc, instance.type_id, using)
    else:  # instance is a Document, pk_set holds states
        types = (
            instance.__dict__.pop("_notify_cleared", [])
            if action == "post_clear"
            else _state_types(State.objects.using(using).filter(pk__in=pk_set or ()))
        )
        for state_type_id in types:
            _doc_state(instance, state_type_id, using)


def _state_types(states: Any) -> list[str]:
    return sorted(set(states.values_list("type_id", flat=True)))


# --- session recordings -------------------------------------------------------------------------


def _session_recording(session: Session, using: str) -> None:
    enqueue(
        SESSION_RECORDING,
        lambda: events.session_recording(session),
        merge_key=f"session_recording:{session.pk}",
        using=using,
    )


def _remember(instance: Any, model: Any, field: str, using: str, update_fields: Any) -> None:
    """Keep the stored value of ``field`` on the instance, to compare after the save."""
    if instance.pk is None or (update_fields is not None and field not in update_fields):
        return
    stored = model.objects.using(using).filter(pk=instance.pk).values_list(field, flat=True)
    instance.__dict__[f"_notify_old_{field}"] = stored.first()


def _changed(instance: Any, field: str, created: bool) -> bool:
    if created:
        return bool(getattr(instance, field))
    marker = f"_notify_old_{field}"
    if marker not in instance.__dict__:
        return False
    return instance.__dict__.pop(marker) != getattr(instance, field)


def before_session_save(
    sender: Any, instance: Session, raw: bool, using: str, update_fields: Any, **kw: Any
) -> None:
    if not raw:
        _remember(instance, Session, "meetecho_recording_name", using, update_fields)


def on_session_saved(
    sender: Any, instance: Session, created: bool, raw: bool, using: str, **kw: Any
) -> None:
    if not raw and _changed(instance, "meetecho_recording_name", created):
        _session_recording(instance, using)


def before_document_save(
    sender: Any, instance: Document, raw: bool, using: str, update_fields: Any, **kw: Any
) -> None:
    if not raw and instance.type_id == RECORDING:
        _remember(instance, Document, "external_url", using, update_fields)


def on_document_saved(
    sender: Any, instance: Document, created: bool, raw: bool, using: str, **kw: Any
) -> None:
    # A new recording has no session yet: linking it is the event (on_presentation_saved).
    if raw or created or instance.type_id != RECORDING:
        return
    if _changed(instance, "external_url", created):
        for session in Session.objects.using(using).filter(presentations__document=instance):
            _session_recording(session, using)


def on_presentation_saved(
    sender: Any, instance: SessionPresentation, created: bool, raw: bool, using: str, **kw: Any
) -> None:
    if created and not raw and instance.document.type_id == RECORDING:
        _session_recording(instance.session, using)


def on_materials_changed(
    sender: Any,
    instance: Any,
    action: str,
    reverse: bool,
    model: Any,
    pk_set: set[Any] | None,
    using: str,
    **kw: Any,
) -> None:
    if action != "post_add" or not pk_set:
        return
    if reverse:  # instance is a Document, pk_set holds sessions
        if instance.type_id == RECORDING:
            for session in Session.objects.using(using).filter(pk__in=pk_set):
                _session_recording(session, using)
    elif Document.objects.using(using).filter(pk__in=pk_set, type=RECORDING).exists():
        _session_recording(instance, using)


def connect() -> None:
    uid = "dtapi.notify."
    post_save.connect(on_ballot_position, BallotPositionDocEvent, dispatch_uid=uid + "ballot")
    post_save.connect(on_state_event, StateDocEvent, dispatch_uid=uid + "state_event")
    m2m_changed.connect(on_states_changed, Document.states.through, dispatch_uid=uid + "states")
    pre_save.connect(before_session_save, Session, dispatch_uid=uid + "session_pre")
    post_save.connect(on_session_saved, Session, dispatch_uid=uid + "session")
    pre_save.connect(before_document_save, Document, dispatch_uid=uid + "document_pre")
    post_save.connect(on_document_saved, Document, dispatch_uid=uid + "document")
    post_save.connect(on_presentation_saved, SessionPresentation, dispatch_uid=uid + "presentation")
    m2m_changed.connect(
        on_materials_changed, Session.materials.through, dispatch_uid=uid + "materials"
    )
    post_save.connect(on_new_revision, NewRevisionDocEvent, dispatch_uid=uid + "new_revision")
