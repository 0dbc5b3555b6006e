"""``GET /api/changes?since=<cursor>``: the change feed.

    {"changes": [{"resource_uri": "/api/v1/doc/document/rfc9000/", "action": "updated",
                  "time": "2026-12-08T01:02:03Z"}, ...],
     "next": "1234", "more": false}

``since`` is a previous answer's ``next`` (absent: from the oldest entry kept; ``now``: no
entries, just the current position). ``limit`` (default 1000, at most 10000) bounds a page;
``more`` says whether another page follows at once. A cursor older than the retention answers
410: the client must copy again (``dtapi mirror --full``).
"""

from __future__ import annotations

from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from dtapi.engine.encoding import format_datetime, uri_segment

from .models import Change
from .retention import pruned_through
from .triggers import table_resources

DEFAULT_LIMIT = 1000
MAX_LIMIT = 10000


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_GET
def changes(request: HttpRequest) -> HttpResponse:
    since_raw = request.GET.get("since", "").strip()
    try:
        limit = int(request.GET.get("limit", DEFAULT_LIMIT))
    except ValueError:
        return _error(400, "limit must be a whole number between 1 and 10000.")
    if not 1 <= limit <= MAX_LIMIT:
        return _error(400, "limit must be a whole number between 1 and 10000.")
    if since_raw == "now":
        last = Change.objects.aggregate(m=Max("id"))["m"] or pruned_through()
        return _answer([], last, more=False)
    if since_raw == "":
        since = 0
    else:
        try:
            since = int(since_raw)
            if since < 0:
                raise ValueError
        except ValueError:
            return _error(400, 'since must be the "next" cursor of a previous answer, or "now".')
    if since < pruned_through():
        return _error(
            410,
            "Changes since that cursor are no longer kept (retention); copy again with "
            "dtapi mirror --full, then follow the feed from the new cursor.",
        )
    rows = list(
        Change.objects.filter(id__gt=since)
        .order_by("id")
        .values_list("id", "time", "table", "obj_pk", "obj_key", "action")[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    resources = table_resources()
    entries = []
    for _id, time, table, pk, key, action in rows:
        resource = resources.get(table)
        if resource is None:
            continue
        entries.append(
            {
                "resource_uri": resource.list_uri
                + uri_segment(key if key is not None else pk)
                + "/",
                "action": action,
                "time": format_datetime(time),
            }
        )
    last = rows[-1][0] if rows else since
    return _answer(entries, last, more=more)


def _answer(entries: list[dict[str, str]], last: int, *, more: bool) -> JsonResponse:
    response = JsonResponse({"changes": entries, "next": str(last), "more": more})
    response["Cache-Control"] = "no-cache"
    return response
