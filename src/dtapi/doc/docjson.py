"""The document summary served at ``/doc/<name>/doc.json``.

Keys and their order are the original Datatracker's (its clients read this by key, some by
position in the text); the body is ``json.dumps(..., indent=2)`` as the original writes it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from typing import Any

from dtapi.doc.models import ConsensusDocEvent, DocEvent, Document, NewRevisionDocEvent

__all__ = ["document_summary", "render", "rev_history"]

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# Document-level state types reported for drafts, by key.
DRAFT_STATES = {
    "iesg_state": "draft-iesg",
    "rfceditor_state": "draft-rfceditor",
    "iana_review_state": "draft-iana-review",
    "iana_action_state": "draft-iana-action",
}
CONSENSUS_STREAMS = ("ietf", "irtf", "iab")


def _name(obj: Any) -> str | None:
    return obj.name if obj is not None else None


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def _time(value: datetime.datetime | None) -> str | None:
    return _utc(value).strftime(TIME_FORMAT) if value is not None else None


def _iso(value: datetime.datetime | None) -> str | None:
    return _utc(value).isoformat() if value is not None else None


def _ad(doc: Document) -> str | None:
    if doc.ad is None:
        return None
    address = doc.ad.role_email("ad")
    return address.formatted_email() if address is not None else doc.ad.plain_name()


def document_summary(doc: Document) -> dict[str, Any]:
    """The doc.json object for ``doc``."""
    group = doc.group
    data: dict[str, Any] = {
        "name": doc.name,
        "rev": doc.rev,
        "pages": doc.pages,
        "time": _time(doc.time),
        "group": (
            {"name": group.name, "type": _name(group.type), "acronym": group.acronym}
            if group is not None
            else None
        ),
        "expires": _time(doc.expires),
        "title": doc.title,
        "abstract": doc.abstract,
        "state": _name(doc.get_state()),
        "intended_std_level": _name(doc.intended_std_level),
        "std_level": _name(doc.std_level),
        "authors": [
            {
                "name": author.person.name,
                "email": author.email.address if author.email is not None else None,
                "affiliation": author.affiliation,
            }
            for author in doc.documentauthor_set.select_related("person", "email").order_by("order")
        ],
        "shepherd": doc.shepherd.formatted_email() if doc.shepherd is not None else None,
        "ad": _ad(doc),
        "rev_history": rev_history(doc),
    }
    if doc.type_id == "draft":
        for key, state_type in DRAFT_STATES.items():
            data[key] = _name(doc.get_state(state_type))
        if doc.stream_id in CONSENSUS_STREAMS:
            event = doc.latest_event(ConsensusDocEvent, type="changed_consensus")
            data["consensus"] = event.consensus if event is not None else None
    if doc.type_id in ("draft", "rfc"):
        data["stream"] = _name(doc.stream)
    return data


def _closure(doc: Document, step: Callable[[Document], Iterable[Document]]) -> list[Document]:
    """Documents reachable from ``doc`` by repeating ``step`` (``doc`` itself excluded)."""
    seen = {doc.pk}
    found: list[Document] = []
    todo = [doc]
    while todo:
        for other in step(todo.pop()):
            if other.pk not in seen:
                seen.add(other.pk)
                found.append(other)
                todo.append(other)
    return found


def _earlier(doc: Document) -> list[Document]:
    """What ``doc`` replaces, and the draft it was published from."""
    return [*doc.related_that_doc("replaces"), *doc.related_that("became_rfc")]


def _later(doc: Document) -> list[Document]:
    """What replaces ``doc``, and the RFC it was published as."""
    return [*doc.related_that("replaces"), *doc.related_that_doc("became_rfc")]


def _revisions(doc: Document) -> dict[str, dict[str, Any]]:
    """doc.json history entries of one document, by URL."""
    entries: dict[str, dict[str, Any]] = {}
    if doc.type_id == "rfc":
        published = doc.latest_event(type="published_rfc")
        url = f"/doc/{doc.name}/"
        entries[url] = {
            "name": doc.name,
            "rev": doc.name,
            "published": _iso(published.time) if published is not None else None,
            "url": url,
        }
        return entries
    pages: dict[str, int | None] = {}
    for rev, count in doc.history_set.order_by("-id").values_list("rev", "pages"):
        pages[rev] = count  # the oldest snapshot of each revision wins
    events = NewRevisionDocEvent.objects.filter(doc=doc, type="new_revision").order_by(
        "-time", "-id"
    )
    for event in events:
        url = f"/doc/{doc.name}/{event.rev}/"
        entries[url] = {
            "name": doc.name,
            "rev": event.rev,
            "published": _iso(event.time),
            "url": url,
        }
        if event.rev in pages:
            entries[url]["pages"] = pages[event.rev]
    return entries


def rev_history(doc: Document) -> list[dict[str, Any]]:
    """Every revision of ``doc`` and of the documents before and after it, oldest first.

    "Before": what it replaces and the draft it came from, repeatedly; "after": what replaces
    it and the RFC it became, repeatedly. RFCs count as one revision, named like the RFC and
    dated by their publication. Documents that are neither drafts nor RFCs add their IESG
    approval.
    """
    entries: dict[str, dict[str, Any]] = {}
    for member in [doc, *_closure(doc, _earlier), *_closure(doc, _later)]:
        entries.update(_revisions(member))
    if doc.type_id not in ("draft", "rfc"):
        approved: DocEvent | None = doc.latest_event(type="iesg_approved")
        if approved is not None:
            url = f"/doc/{doc.name}/"
            entries[url] = {
                "name": doc.name,
                "rev": doc.rev,
                "published": _iso(approved.time),
                "url": url,
            }
    # Oldest first; an RFC published the same second as its draft's last revision (as loaded
    # from the RFC Editor's month-precision dates) still comes after the draft.
    return sorted(entries.values(), key=lambda e: (e["published"] or "", e["rev"] == e["name"]))


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2)
