"""Bulk export: every object of a resource as NDJSON, in the API's object shape, in constant
memory; and starting a mirror from an export folder.

Objects are read in primary-key order by key ranges (``pk > last``, a few thousand rows at a
time) and rendered by the resource's plan, the code that renders ``/api/v1`` pages: each line
is exactly what a list page holds for that object. An export folder has one
``<app>.<resource>.ndjson[.gz]`` per resource and ``manifest.json`` (when, from where, counts,
the change feed's position at the start).
"""

from __future__ import annotations

import datetime
import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dtapi.engine.registry import registry
from dtapi.engine.renderers.json import render
from dtapi.engine.resources import ModelResource

CHUNK = 2000


def resolve(names: list[str]) -> list[ModelResource]:
    if not names:
        return list(registry.resources())
    found = []
    for name in names:
        app, _, res = name.partition(".")
        resource = registry.get(app, res)
        if resource is None:
            raise ValueError(f"no resource {name!r} (give app.resource, e.g. doc.document)")
        found.append(resource)
    return found


def iter_lines(resource: ModelResource, chunk: int = CHUNK) -> Iterator[bytes]:
    """One rendered object per line, in primary key order."""
    plan = resource.plan
    base = resource.get_queryset().order_by("pk")
    pk_index = plan.pk_index
    last: Any = None
    while True:
        queryset = base if last is None else base.filter(pk__gt=last)
        rows = list(queryset.values_list(*plan.columns)[:chunk])
        if not rows:
            return
        out = io.BytesIO()
        for obj in plan.objects(rows):
            out.write(render(obj))
            out.write(b"\n")
        yield out.getvalue()
        if len(rows) < chunk:
            return
        last = rows[-1][pk_index]


def iter_gzip(lines: Iterator[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: gzip framing
    for block in lines:
        data = compressor.compress(block)
        if data:
            yield data
    yield compressor.flush()


def feed_position() -> str | None:
    from dtapi.changes.models import Change

    last = Change.objects.order_by("-id").values_list("id", flat=True).first()
    return str(last or 0)


def export(
    names: list[str], out_dir: str | Path, *, gz: bool = False, out: TextIO = sys.stderr
) -> dict[str, Any]:
    out_path = Path(out_dir)
    out_path.mkdir(parents=True, exist_ok=True)
    resources = resolve(names)
    manifest: dict[str, Any] = {
        "format": "dtapi-export/1",
        "source": settings.DTAPI_BASE_URL,
        "started": timezone.now().isoformat(),
        "feed_cursor": feed_position(),
        "resources": {},
    }
    # One read transaction: every file sees the same database state (the feed position too).
    with transaction.atomic():
        for resource in resources:
            key = f"{resource.app_label}.{resource.name}"
            name = f"{key}.ndjson" + (".gz" if gz else "")
            count = 0
            opener = gzip.open if gz else open
            with opener(out_path / name, "wb") as f:  # type: ignore[operator]
                for block in iter_lines(resource):
                    count += block.count(b"\n")
                    f.write(block)
            manifest["resources"][key] = {"file": name, "count": count}
            print(f"{key}: {count} objects", file=out, flush=True)
    manifest["finished"] = timezone.now().isoformat()
    (out_path / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def read_manifest(export_dir: str | Path) -> dict[str, Any]:
    path = Path(export_dir) / "manifest.json"
    if not path.is_file():
        raise ValueError(f"{export_dir} is not a dtapi export (no manifest.json)")
    return json.loads(path.read_text())


def manifest_source(export_dir: str | Path) -> str | None:
    return read_manifest(export_dir).get("source")


def load_export(
    export_dir: str | Path, source: Any, plans: list[Any], *, out: TextIO = sys.stderr
) -> None:
    """Write an export into this database as the first copy of ``source``: resources are
    marked copied as of the export's start, so the run that follows only fetches what
    changed since (by the feed from the export's position, or by time windows)."""
    from .models import ResourceState
    from .write import Writer

    manifest = read_manifest(export_dir)
    started = datetime.datetime.fromisoformat(manifest["started"])
    files = manifest["resources"]
    for plan in plans:
        entry = files.get(plan.key)
        state, _ = ResourceState.objects.get_or_create(source=source, resource=plan.key)
        if entry is None or state.phase == "done":
            continue
        path = Path(export_dir) / entry["file"]
        writer = Writer(plan, source)
        opener = gzip.open if path.suffix == ".gz" else open
        count = 0
        with opener(path, "rb") as f:  # type: ignore[operator]
            batch: list[dict[str, Any]] = []
            for line in f:
                if line.strip():
                    batch.append(json.loads(line))
                if len(batch) >= 1000:
                    with transaction.atomic():
                        count += writer.write(batch)
                    batch = []
            with transaction.atomic():
                count += writer.write(batch)
                state.phase = "done"
                state.offset = 0
                state.total = entry.get("count")
                state.rows_written += count
                state.synced_since = started
                state.pass_started = started
                state.last_fetched = timezone.now()
                state.save()
        print(f"{plan.key}: {count} objects from the export", file=out, flush=True)
    if manifest.get("feed_cursor") is not None and source.feed_cursor is None:
        source.feed_cursor = manifest["feed_cursor"]
        source.save(update_fields=["feed_cursor"])
