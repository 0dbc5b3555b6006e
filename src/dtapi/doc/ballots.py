"""Issuing and closing ballots, as the Secretariat does on the original's ballot pages.

On the original, a ballot is opened by a person: "Issue ballot" on a draft's ballot writeup
page (an IESG ballot), "Issue IRSG/RSAB ballot" on an IRTF or editorial-stream draft, or a state
change of a charter, conflict review or status change into its IESG review state. Each moves
the document into the state where balloting happens and saves the events that record it.
:func:`issue_ballot` does the same for ``dtapi ballot open`` and the documents admin, so the
position API (``/api/iesg/position``) can be tried on any instance.

Departures, on purpose: any state moves into the balloting state (the original's draft page
moves only "Waiting for Writeup" and "Waiting for AD Go-Ahead", and issues nothing once the
IESG has approved a draft; here the previous state is recorded and a note says so), and no
"ballot issued" mail is sent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from dtapi.doc.models import (
    BallotDocEvent,
    BallotType,
    DocEvent,
    Document,
    IRSGBallotDocEvent,
    State,
    StateDocEvent,
)
from dtapi.doc.services import open_ballot, save_with_history
from dtapi.person.models import Person

__all__ = [
    "BallotError",
    "IssuedBallot",
    "close_ballot",
    "default_ballot_type",
    "issue_ballot",
    "system_person",
]

SYSTEM_PERSON_NAME = "(System)"

# IESG substate tags, removed when a draft enters IESG Evaluation (as the original does).
IESG_SUBSTATE_TAGS = ("ad-f-up", "need-rev", "extpty")
# IESG states of a draft the IESG has already approved: the original issues no ballot there.
IESG_APPROVED = ("approved", "ann", "rfcqueue", "pub")
# An IRSG ballot is due two weeks after it is issued unless told otherwise (the original's form).
IRSG_DUE = datetime.timedelta(weeks=2)


@dataclass(frozen=True)
class _Rule:
    """What issuing one kind of ballot does to a document."""

    state_type: str  # the state machine that records balloting
    state: str  # the state balloting happens in
    desc: str | None = None  # the ballot event's text; None: 'Created "<name>" ballot'
    announce: bool = False  # an IESG ballot also records "Ballot has been issued"
    stream: str | None = None  # only drafts of this stream get this kind of ballot


# (document type, ballot type slug) -> rule, after the original's views.
RULES: dict[tuple[str, str], _Rule] = {
    ("draft", "approve"): _Rule("draft-iesg", "iesg-eva", announce=True),
    ("draft", "irsg-approve"): _Rule(
        "draft-stream-irtf", "irsgpoll", "Created IRSG Ballot", stream="irtf"
    ),
    ("draft", "rsab-approve"): _Rule(
        "draft-stream-editorial", "rsabpoll", "Created RSAB Ballot", stream="editorial"
    ),
    ("charter", "r-extrev"): _Rule("charter", "intrev"),
    ("charter", "r-wo-ext"): _Rule("charter", "intrev"),
    ("charter", "approve"): _Rule("charter", "iesgrev"),
    ("conflrev", "conflrev"): _Rule("conflrev", "iesgeval"),
    ("statchg", "statchg"): _Rule("statchg", "iesgeval"),
}

_STREAM_BALLOT = {"irtf": "irsg-approve", "editorial": "rsab-approve"}


class BallotError(ValueError):
    """The ballot cannot be opened or closed as asked; the message says why."""


@dataclass
class IssuedBallot:
    """What issuing a ballot did."""

    doc: Document
    ballot: BallotDocEvent
    previous_state: State | None
    state: State
    events: list[DocEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def system_person() -> Person:
    """The "(System)" person that automatic changes are recorded by (made when missing)."""
    found = Person.objects.filter(name=SYSTEM_PERSON_NAME).order_by("pk").first()
    if found is None:
        found = Person.objects.create(name=SYSTEM_PERSON_NAME, ascii=SYSTEM_PERSON_NAME)
    return found


def find_document(name: str) -> Document:
    doc = Document.objects.filter(name=name).select_related("type", "stream").first()
    if doc is None:
        raise BallotError(f"No document named {name!r}")
    return doc


def default_ballot_type(doc: Document) -> str:
    """The ballot a document usually gets: for drafts the IESG's ``approve`` (the IRSG's or
    the RSAB's in those streams), otherwise ``approve`` or the type's only kind of ballot."""
    if doc.type_id == "draft":
        return _STREAM_BALLOT.get(doc.stream_id or "", "approve")
    slugs = list(BallotType.objects.filter(doc_type=doc.type_id).values_list("slug", flat=True))
    if len(slugs) == 1:
        return slugs[0]
    return "approve"


def _ballot_type(doc: Document, slug: str) -> BallotType:
    types = {t.slug: t for t in BallotType.objects.filter(doc_type=doc.type_id, used=True)}
    if not types:
        hint = ""
        if doc.type_id == "rfc":
            draft = doc.came_from_draft()
            hint = f"; ballots are on drafts (it was published from {draft.name})" if draft else ""
        raise BallotError(
            f"{doc.name} is a document of type {doc.type_id!r}, which has no ballots{hint}"
        )
    if slug not in types or (doc.type_id, slug) not in RULES:
        known = ", ".join(sorted(s for s in types if (doc.type_id, s) in RULES))
        raise BallotError(
            f"Unknown ballot type {slug!r} for a {doc.type_id} (known: {known}; "
            "see /api/v1/doc/ballottype/)"
        )
    return types[slug]


def _state_desc(label: str, new: State, old: State | None, old_tags: list[str]) -> str:
    text = f"{label} changed to <b>{new.name}</b>"
    if old is not None:
        text += f" from {old.name}" + "".join(f"::{tag}" for tag in old_tags)
    return text


@transaction.atomic
def issue_ballot(
    doc: Document,
    ballot_slug: str | None = None,
    *,
    by: Person | None = None,
    duedate: datetime.datetime | None = None,
) -> IssuedBallot:
    """Open a ballot of ``ballot_slug`` (default: :func:`default_ballot_type`) on ``doc``.

    Moves the document into its balloting state (a ``changed_state`` event, a history
    snapshot), saves the ``created_ballot`` event (an IRSG ballot with its due date) and, for
    the IESG, "Ballot has been issued". Raises :class:`BallotError` for a document without
    such ballots or with a ballot already open.
    """
    by = by or system_person()
    # Lock the row: two concurrent openings must not both find no open ballot.
    doc = (
        Document.objects.select_for_update(of=("self",))
        .select_related("type", "stream")
        .get(pk=doc.pk)
    )
    slug = ballot_slug or default_ballot_type(doc)
    ballot_type = _ballot_type(doc, slug)
    rule = RULES[(doc.type_id, slug)]
    if rule.stream is not None and doc.stream_id != rule.stream:
        raise BallotError(
            f"{ballot_type.name} ballots ({slug}) are for drafts of the {rule.stream} stream; "
            f"{doc.name} is in the {doc.stream_id or 'no'} stream"
        )
    already = open_ballot(doc)
    if already is not None:
        raise BallotError(
            f"{doc.name} already has an open {already.ballot_type.name!r} ballot "
            f"(opened {already.time:%Y-%m-%d %H:%M} UTC); close it first with "
            f"`dtapi ballot close --doc {doc.name}`"
        )
    target = State.objects.filter(type_id=rule.state_type, slug=rule.state).first()
    if target is None:
        raise BallotError(
            f"The state {rule.state_type}/{rule.state} is missing; run `dtapi migrate`"
        )
    previous = doc.get_state(rule.state_type)
    notes: list[str] = []
    if doc.type_id == "draft" and doc.get_state_slug("draft") == "rfc":
        notes.append(
            f"{doc.name} has already been published as an RFC; the original issues no ballot "
            "on it: this one is opened for trying the API"
        )
    elif (
        rule.state_type == "draft-iesg" and previous is not None and previous.slug in IESG_APPROVED
    ):
        notes.append(
            f"The IESG has already approved {doc.name} (IESG state {previous.name!r}); the "
            "original issues no ballot then: this one is opened for trying the API"
        )
    now = timezone.now()
    events: list[DocEvent] = []
    recorded = {"doc": doc, "rev": doc.rev, "by": by, "time": now}  # what every event shares
    if previous != target:
        old_tags: list[str] = []
        if rule.state_type == "draft-iesg":
            substate = list(doc.tags.filter(slug__in=IESG_SUBSTATE_TAGS))
            old_tags = [tag.name for tag in substate]
            doc.tags.remove(*substate)
        doc.set_state(target)
        desc = _state_desc(target.type.label, target, previous, old_tags)
        events.append(
            StateDocEvent.objects.create(
                type="changed_state",
                state_type_id=rule.state_type,
                state=target,
                desc=desc,
                **recorded,
            )
        )
    ballot_fields = {
        "type": "created_ballot",
        "ballot_type": ballot_type,
        "desc": rule.desc or f'Created "{ballot_type.name}" ballot',
        **recorded,
    }
    if slug == "irsg-approve":
        ballot: BallotDocEvent = IRSGBallotDocEvent.objects.create(
            duedate=duedate or now + IRSG_DUE, **ballot_fields
        )
    else:
        ballot = BallotDocEvent.objects.create(**ballot_fields)
    events.append(ballot)
    if rule.announce:
        events.append(
            DocEvent.objects.create(
                type="sent_ballot_announcement", desc="Ballot has been issued", **recorded
            )
        )
    save_with_history(doc, events)
    return IssuedBallot(doc, ballot, previous, target, events, notes)


@transaction.atomic
def close_ballot(doc: Document, *, by: Person | None = None) -> BallotDocEvent:
    """Close the document's open ballot (a ``closed_ballot`` event of its type); its state is
    left as it is, as on the original."""
    doc = Document.objects.select_for_update().get(pk=doc.pk)
    opened = open_ballot(doc)
    if opened is None:
        raise BallotError(f"{doc.name} has no open ballot")
    return BallotDocEvent.objects.create(
        doc=doc,
        rev=doc.rev,
        by=by or system_person(),
        type="closed_ballot",
        ballot_type=opened.ballot_type,
        desc=f'Closed "{opened.ballot_type.name}" ballot',
    )
