"""Both servers alike: every resource's whole list, and details, from the source (HTTP) and
from this process's database (Django's test client)."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from dtapi.engine import detail_cache


def _local(client: Client, path: str) -> tuple[int, Any]:
    response = client.get(path, HTTP_ACCEPT="application/json")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, json.loads(body) if response.status_code == 200 else None


def differences(
    source: Any, *, details_per_resource: int = 3, skip: set[str] = frozenset()
) -> list[str]:
    detail_cache.clear()
    client = Client()
    found: list[str] = []
    top = source.get("/api/v1/").json()
    status, local_top = _local(client, "/api/v1/")
    if local_top != top:
        found.append("/api/v1/ differs")
    for app, entry in sorted(top.items()):
        index = source.get(entry["list_endpoint"]).json()
        if _local(client, entry["list_endpoint"])[1] != index:
            found.append(f"{entry['list_endpoint']} differs")
        for name, res in sorted(index.items()):
            if f"{app}.{name}" in skip:
                continue
            path = res["list_endpoint"]
            remote = _sorted(source.get(path, limit=1000, format="json").json())
            status, local = _local(client, f"{path}?limit=1000&format=json")
            local = _sorted(local)
            if status != 200 or local != remote:
                found.append(f"{path}: {_diff(remote, local)}")
                continue
            for obj in remote["objects"][:details_per_resource]:
                uri = obj["resource_uri"]
                r = source.get(uri, format="json")
                status, mine = _local(client, f"{uri}?format=json")
                if status != r.status_code or (status == 200 and mine != r.json()):
                    found.append(f"{uri} differs")
    return found


def _sorted(page: dict[str, Any] | None) -> dict[str, Any] | None:
    """A list page with its objects in URI order: without ``order_by`` the order is the
    database's (the original's too), which differs between SQLite and PostgreSQL."""
    if page is None:
        return None
    return {**page, "objects": sorted(page["objects"], key=lambda o: o["resource_uri"])}


def _diff(remote: dict[str, Any], local: dict[str, Any] | None) -> str:
    if local is None:
        return "no local answer"
    if remote["meta"]["total_count"] != local["meta"]["total_count"]:
        return f"count {remote['meta']['total_count']} != {local['meta']['total_count']}"
    for a, b in zip(remote["objects"], local["objects"], strict=False):
        if a != b:
            keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            return f"{a.get('resource_uri')}: {', '.join(f'{k}: {a.get(k)!r} != {b.get(k)!r}' for k in keys[:4])}"
    return "objects differ"
