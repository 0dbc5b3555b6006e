"""``GET /api/export/<app>/<resource>.ndjson[.gz]``: a whole resource, streamed as NDJSON.

Rendering objects costs about what paging the API costs; what makes a bulk download fast is
not rendering again. Each file is kept under ``VAR_DIR/exports/`` with the change feed's
position at the start of its rendering, and served as a file while no change has been
recorded since (any change anywhere: a conservative rule, since an object's URI can depend on
another table, a document's name in an event). Otherwise the download is rendered while it
streams, in constant memory, and the copy written on the way replaces the kept file once
complete.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.views.decorators.http import require_GET

from dtapi.engine.registry import registry

from .exports import iter_gzip, iter_lines


def feed_position() -> str:
    """The newest change's id and time (the time tells a new database's ids from an old one's)."""
    from dtapi.changes.models import Change
    from dtapi.changes.retention import pruned_through

    last = Change.objects.order_by("-id").values_list("id", "time").first()
    if last is None:
        return f"{pruned_through()}"
    return f"{last[0]}@{last[1].isoformat()}"


def _kept(lines: Iterator[bytes], path: Path, position: str) -> Iterator[bytes]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    complete = False
    try:
        with os.fdopen(fd, "wb") as out:
            for block in lines:
                out.write(block)
                yield block
        complete = True
    finally:
        if complete:
            os.replace(tmp, path)
            Path(str(path) + ".position").write_text(position)
        else:  # the client went away: keep nothing half-written
            os.unlink(tmp)


@require_GET
def export_resource(
    request: HttpRequest, app_label: str, resource_name: str, gz: str | None = None
) -> HttpResponseBase:
    resource = registry.get(app_label, resource_name)
    if resource is None:
        raise Http404("no such resource")
    compressed = bool(gz) or request.GET.get("gzip") in ("1", "true")
    filename = f"{app_label}.{resource_name}.ndjson" + (".gz" if compressed else "")
    path = Path(settings.VAR_DIR) / "exports" / filename
    position = feed_position()
    marker = Path(str(path) + ".position")
    if path.is_file() and marker.is_file() and marker.read_text() == position:
        response: HttpResponseBase = FileResponse(path.open("rb"))
    else:
        lines = iter_lines(resource)
        body = iter_gzip(lines) if compressed else lines
        response = StreamingHttpResponse(_kept(body, path, position))
    response["Content-Type"] = "application/gzip" if gz else "application/x-ndjson"
    if compressed and not gz:
        response["Content-Encoding"] = "gzip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Dtapi-Feed-Position"] = position
    return response
