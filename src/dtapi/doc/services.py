"""Writes to documents: ballot positions, and saving a document with a history snapshot.

Each function writes inside one transaction (nested in the caller's when there is one) and
leaves sending mail to the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from dtapi.doc.models import (
    BallotDocEvent,
    BallotPositionDocEvent,
    DocEvent,
    DocHistory,
    DocHistoryAuthor,
    Document,
    RelatedDocHistory,
)
from dtapi.name.models import BallotPositionName
from dtapi.person.models import Person

__all__ = [
    "PositionChange",
    "open_ballot",
    "record_ballot_position",
    "save_with_history",
    "snapshot",
]


def open_ballot(doc: Document) -> BallotDocEvent | None:
    """The document's open ballot: its newest ballot event, if that opened a ballot."""
    latest = (
        BallotDocEvent.objects.filter(doc=doc, type__in=("created_ballot", "closed_ballot"))
        .select_related("ballot_type")
        .order_by("-time", "-id")
        .first()
    )
    return latest if latest is not None and latest.type == "created_ballot" else None


@dataclass
class PositionChange:
    """What recording a position did: the position (saved only if anything changed)."""

    doc: Document
    ballot: BallotDocEvent
    position: BallotPositionDocEvent
    previous: BallotPositionDocEvent | None
    saved: bool
    events: list[DocEvent] = field(default_factory=list)


def _position_desc(
    new: BallotPositionDocEvent, old: BallotPositionDocEvent | None, changed_texts: list[str]
) -> str:
    name = new.balloter.plain_name()
    if old is None and new.pos_id != "norecord":
        return (
            f"[Ballot Position Update] New position, {new.pos.name}, has been recorded for {name}"
        )
    if old is not None and old.pos_id != new.pos_id:
        return (
            f"[Ballot Position Update] Position for {name} has been changed to "
            f"{new.pos.name} from {old.pos.name}"
        )
    if changed_texts:
        return f"Ballot {' and '.join(changed_texts)} text updated for {name}"
    return ""


@transaction.atomic
def record_ballot_position(
    doc: Document,
    ballot: BallotDocEvent,
    *,
    balloter: Person,
    by: Person,
    position: BallotPositionName,
    discuss: str = "",
    comment: str = "",
) -> PositionChange:
    """Record ``balloter``'s position on ``ballot``, entered by ``by``.

    Texts are right-stripped; a non-blocking position has no discuss. Saves a
    ``changed_ballot_position`` event (``send_email`` set) only when the position or a text
    changed, plus an ``added_comment`` event carrying each new non-empty comment or discuss
    text. Returns what was done; sending the position mail is the caller's.
    """
    now = timezone.now()
    previous = (
        BallotPositionDocEvent.objects.filter(
            doc=doc, ballot=ballot, balloter=balloter, type="changed_ballot_position"
        )
        .select_related("pos")
        .order_by("-time", "-id")
        .first()
    )
    new = BallotPositionDocEvent(
        doc=doc,
        rev=doc.rev,
        by=by,
        time=now,
        type="changed_ballot_position",
        ballot=ballot,
        balloter=balloter,
        pos=position,
        comment=comment.rstrip(),
        discuss=discuss.rstrip() if position.blocking else "",
        comment_time=previous.comment_time if previous else None,
        discuss_time=previous.discuss_time if previous else None,
        send_email=True,
    )
    changed_texts: list[str] = []
    texts: list[DocEvent] = []
    if new.discuss != (previous.discuss if previous else ""):
        new.discuss_time = now
        changed_texts.append("discuss")
        if new.discuss:
            texts.append(_comment_event(doc, by, now, f"[Ballot discuss]\n{new.discuss}"))
    if new.comment != (previous.comment if previous else ""):
        new.comment_time = now
        changed_texts.append("comment")
        if new.comment:
            texts.append(_comment_event(doc, by, now, f"[Ballot comment]\n{new.comment}"))
    new.desc = _position_desc(new, previous, changed_texts)
    if not new.desc:
        return PositionChange(doc, ballot, new, previous, saved=False)
    if by.pk != balloter.pk:
        new.desc += f" by {by.plain_name()}"
    new.save()
    for event in texts:
        event.save()
    return PositionChange(doc, ballot, new, previous, saved=True, events=[new, *texts])


def _comment_event(doc: Document, by: Person, time, desc: str) -> DocEvent:
    return DocEvent(doc=doc, rev=doc.rev, by=by, time=time, type="added_comment", desc=desc)


# -- document history --------------------------------------------------------------------------

_NOT_COPIED = {"id", "doc", "name"}


def snapshot(doc: Document) -> DocHistory:
    """Save a DocHistory row copying the document's current fields, states, tags, formal
    languages, authors and outgoing relations."""
    values = {
        f.attname: getattr(doc, f.attname)
        for f in DocHistory._meta.concrete_fields
        if f.name not in _NOT_COPIED
    }
    history = DocHistory.objects.create(doc=doc, name=doc.name, **values)
    history.states.set(doc.states.all())
    history.tags.set(doc.tags.all())
    history.formal_languages.set(doc.formal_languages.all())
    DocHistoryAuthor.objects.bulk_create(
        DocHistoryAuthor(
            document=history,
            person_id=a.person_id,
            email_id=a.email_id,
            affiliation=a.affiliation,
            country=a.country,
            order=a.order,
        )
        for a in doc.documentauthor_set.all()
    )
    RelatedDocHistory.objects.bulk_create(
        RelatedDocHistory(
            source=history,
            target_id=r.target_id,
            relationship_id=r.relationship_id,
            originaltargetaliasname=r.originaltargetaliasname,
        )
        for r in doc.relateddocument_set.all()
    )
    return history


@transaction.atomic
def save_with_history(doc: Document, events: Iterable[DocEvent]) -> DocHistory:
    """Save ``doc`` after a change described by ``events`` (already saved): its time becomes
    the newest event's, and a history snapshot of the new state is kept."""
    times = [event.time for event in events]
    if not times:
        raise ValueError("a document change needs at least one event")
    doc.time = max(times)
    doc.save()
    return snapshot(doc)
