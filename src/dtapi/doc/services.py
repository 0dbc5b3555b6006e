"""Writes to documents: ballot positions, posting a draft revision, and saving a document
with a history snapshot.

Each function writes inside one transaction (nested in the caller's when there is one) and
leaves sending mail to the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from dtapi.doc.models import (
    BallotDocEvent,
    BallotPositionDocEvent,
    DocEvent,
    DocHistory,
    DocHistoryAuthor,
    Document,
    DocumentAuthor,
    NewRevisionDocEvent,
    RelatedDocHistory,
    RelatedDocument,
    State,
)
from dtapi.group.models import Group
from dtapi.name.models import BallotPositionName
from dtapi.person.models import Email, Person

__all__ = [
    "DraftAuthor",
    "NewRevision",
    "PositionChange",
    "post_new_revision",
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


# -- posting a new revision of an Internet-Draft ------------------------------------------------


@dataclass
class DraftAuthor:
    person: Person
    email: Email | None
    affiliation: str = ""
    country: str = ""


@dataclass
class NewRevision:
    """What a posted revision carries (from a submission)."""

    name: str
    rev: str
    title: str
    abstract: str
    pages: int | None
    words: int | None
    group: Group | None  # None: an individual submission
    authors: list[DraftAuthor]
    expires_days: int = 185


def individual_group() -> Group:
    """The group of individual submissions (acronym ``none``), made when missing."""
    group, _ = Group.objects.get_or_create(
        acronym="none",
        defaults={"name": "Individual submissions", "type_id": "individ", "state_id": "active"},
    )
    return group


def _stream_for(doc: Document, was_rfc: bool) -> str | None:
    if doc.name.startswith("draft-iab-"):
        return "iab"
    if doc.name.startswith("draft-irtf-"):
        return "irtf"
    if doc.name.startswith("draft-ietf-") and (
        (doc.group is not None and doc.group.type_id != "individ") or was_rfc
    ):
        return "ietf"
    return None


@transaction.atomic
def post_new_revision(
    revision: NewRevision,
    *,
    by: Person,
    events_before: Callable[[Document], list[DocEvent]] | None = None,
    replaces: Iterable[Document] = (),
) -> tuple[Document, list[DocEvent]]:
    """Make ``revision`` the current revision of its draft (a new Document for a new name).

    Sets the fields, ``expires``, the stream for ietf/irtf/iab names, the draft state
    ``active`` (and the IESG state ``idexists`` when it has none, the WG state ``wg-doc`` for a
    WG's -00), the authors and the ``replaces`` relations; records a ``new_revision`` event by
    ``by`` after the events ``events_before(doc)`` makes (the caller's own, e.g. the
    submission's) and saves a history snapshot. Returns the document and the events.
    """
    doc, _ = Document.objects.get_or_create(
        name=revision.name, defaults={"type_id": "draft", "title": revision.title}
    )
    was_rfc = doc.get_state_slug() == "rfc"
    doc.type_id = "draft"
    doc.title = revision.title
    group = revision.group or individual_group()
    if not (group.type_id == "individ" and doc.group is not None and doc.group.type_id == "area"):
        doc.group = group  # an individual draft keeps the area it was assigned to
    doc.rev = revision.rev
    doc.pages = revision.pages
    doc.words = revision.words
    doc.abstract = revision.abstract
    if not doc.stream_id:
        doc.stream_id = _stream_for(doc, was_rfc)
    now = timezone.now()
    doc.expires = now + timedelta(days=revision.expires_days)
    doc.save()

    events = events_before(doc) if events_before is not None else []
    new = NewRevisionDocEvent.objects.create(
        type="new_revision",
        doc=doc,
        rev=doc.rev,
        by=by,
        time=now,
        desc=f"New version available: <b>{doc.name}-{doc.rev}.txt</b>",
    )
    events.append(new)
    doc.set_state(State.objects.get(type_id="draft", slug="active"))
    if doc.get_state("draft-iesg") is None:
        doc.states.add(State.objects.get(type_id="draft-iesg", slug="idexists"))
    if doc.stream_id == "ietf" and doc.group.type_id == "wg" and doc.rev == "00":
        doc.set_state(State.objects.get(type_id="draft-stream-ietf", slug="wg-doc"))
    _set_authors(doc, revision.authors)
    for target in replaces:
        if target.pk != doc.pk:
            RelatedDocument.objects.get_or_create(
                source=doc, target=target, relationship_id="replaces"
            )
            if target.get_state_slug() == "active":
                target.set_state(State.objects.get(type_id="draft", slug="repl"))
    save_with_history(doc, events)
    return doc, events


def _set_authors(doc: Document, authors: list[DraftAuthor]) -> None:
    doc.documentauthor_set.all().delete()
    DocumentAuthor.objects.bulk_create(
        DocumentAuthor(
            document=doc,
            person=a.person,
            email=a.email,
            affiliation=a.affiliation[:100],
            country=a.country[:255],
            order=order,
        )
        for order, a in enumerate(authors, start=1)
    )
