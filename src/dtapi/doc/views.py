"""Document pages outside the framework API: ``/doc/<name>/doc.json``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from dtapi.doc import docjson
from dtapi.doc.models import Document


@require_GET
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
