"""Document pages outside the framework API: ``/doc/<name>/`` and ``/doc/<name>/doc.json``."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from dtapi.doc import docjson
from dtapi.doc.models import BallotDocEvent, BallotPositionDocEvent, Document
from dtapi.doc.services import open_ballot

# Relations shown on a document's page: (relationship, text when this document is the source,
# text when it is the target).
RELATIONS = [
    ("became_rfc", "Became", "Came from"),
    ("replaces", "Replaces", "Replaced by"),
    ("obs", "Obsoletes", "Obsoleted by"),
    ("updates", "Updates", "Updated by"),
    ("contains", "Contains", "Part of"),
]


@require_safe
def document_json(request: HttpRequest, name: str, rev: str | None = None) -> HttpResponse:
    """The document's summary; a revision in the URL is accepted and ignored (as the original)."""
    doc = (
        Document.objects.select_related(
            "group__type", "intended_std_level", "std_level", "stream", "shepherd__person", "ad"
        )
        .prefetch_related("states")
        .filter(name=name)
        .first()
    )
    if doc is None:
        raise Http404(f"No document named {name}")
    return HttpResponse(
        docjson.render(docjson.document_summary(doc)), content_type="application/json"
    )


@require_safe
def document_page(request: HttpRequest, name: str, rev: str | None = None) -> HttpResponse:
    """A document's page: what it is, its states, authors, revisions and ballot, and where the
    API describes it. Ballot mails link here. ``/doc/<name>/<rev>/`` shows the same page for a
    revision the document had."""
    doc = (
        Document.objects.select_related(
            "type", "group", "stream", "std_level", "intended_std_level", "ad"
        )
        .filter(name=name)
        .first()
    )
    if doc is None:
        return render(request, "doc/not_found.html", {"name": name}, status=404)
    revisions = docjson.rev_history(doc)
    if rev is not None and rev != doc.rev:
        if not any(e["name"] == doc.name and e["rev"] == rev for e in revisions):
            return render(
                request, "doc/not_found.html", {"name": name, "rev": rev, "doc": doc}, status=404
            )
    context = {
        "doc": doc,
        "asked_rev": rev,
        "states": sorted(
            doc.states.select_related("type"), key=lambda s: (s.type_id != doc.type_id, s.type_id)
        ),
        "tags": list(doc.tags.all()),
        "authors": list(doc.documentauthor_set.select_related("person").order_by("order", "id")),
        "revisions": revisions,
        "related": _related(doc),
        "ballot": _ballot(doc),
    }
    return render(request, "doc/document.html", context)


def _related(doc: Document) -> list[tuple[str, list[Document]]]:
    found = []
    for slug, as_source, as_target in RELATIONS:
        targets = doc.related_that_doc(slug)
        if targets:
            found.append((as_source, targets))
        sources = doc.related_that(slug)
        if sources:
            found.append((as_target, sources))
    return found


def _ballot(doc: Document) -> dict[str, Any] | None:
    """The newest ballot on ``doc``: its type, whether it is open, and each balloter's latest
    position."""
    opened = (
        BallotDocEvent.objects.filter(doc=doc, type="created_ballot")
        .select_related("ballot_type")
        .order_by("-time", "-id")
        .first()
    )
    if opened is None:
        return None
    latest: dict[int, BallotPositionDocEvent] = {}
    positions = (
        BallotPositionDocEvent.objects.filter(ballot=opened, type="changed_ballot_position")
        .select_related("balloter", "pos")
        .order_by("time", "id")
    )
    for position in positions:
        latest[position.balloter_id] = position
    current = open_ballot(doc)
    return {
        "event": opened,
        "open": current is not None and current.pk == opened.pk,
        "positions": sorted(latest.values(), key=lambda p: p.balloter.name),
    }
