"""``GET /api/export/<app>/<resource>.ndjson[.gz]``: a whole resource, streamed as NDJSON."""

from __future__ import annotations

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from dtapi.engine.registry import registry

from .exports import iter_gzip, iter_lines


@require_GET
def export_resource(
    request: HttpRequest, app_label: str, resource_name: str, gz: str | None = None
) -> StreamingHttpResponse:
    resource = registry.get(app_label, resource_name)
    if resource is None:
        raise Http404("no such resource")
    lines = iter_lines(resource)
    if gz or request.GET.get("gzip") in ("1", "true"):
        response = StreamingHttpResponse(
            iter_gzip(lines), content_type="application/gzip" if gz else "application/x-ndjson"
        )
        if not gz:
            response["Content-Encoding"] = "gzip"
    else:
        response = StreamingHttpResponse(lines, content_type="application/x-ndjson")
    response["Content-Disposition"] = (
        f'attachment; filename="{app_label}.{resource_name}.ndjson{".gz" if gz else ""}"'
    )
    return response
