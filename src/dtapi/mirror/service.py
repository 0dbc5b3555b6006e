"""Entry point of a mirror run (the command's work), and following a source's change feed."""

from __future__ import annotations

import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TextIO

from django.db import transaction

from .decode import uri_key
from .http import Client, FetchError
from .models import Source
from .run import SMALL_TABLE, Mirror, Progress, Report, ResourceReport
from .schema import Plan, build_plans
from .write import Writer


def _summary(self: Report) -> str:
    lines = [
        f"{'resource':40} {'mode':24} {'fetched':>9} {'written':>9} {'deleted':>8} {'s':>7}",
    ]
    for r in self.resources:
        lines.append(
            f"{r.resource:40} {r.mode[:24]:24} {r.fetched:9} {r.written:9} {r.deleted:8} {r.seconds:7.1f}"
            + (f"  FAILED {r.error[:80]}" if r.error else "")
        )
    fetched = sum(r.fetched for r in self.resources)
    lines.append(
        f"{len(self.resources)} resources, {fetched} objects fetched, "
        f"{sum(r.written for r in self.resources)} written, {sum(r.deleted for r in self.resources)} deleted, "
        f"{sum(r.skipped for r in self.resources)} skipped (a required reference to a model the "
        f"API does not serve), {self.feed_entries} feed entries, {self.pending_left} references pending, "
        f"{len(self.failed)} failed, {self.seconds:.1f}s"
    )
    return "\n".join(lines) + "\n"


Report.summary = _summary  # type: ignore[attr-defined]


def mirror(
    url: str | None,
    *,
    resources: list[str] | None = None,
    concurrency: int = 4,
    page_size: int = 1000,
    overlap: float = 3600.0,
    full: bool = False,
    use_feed: bool = True,
    retries: int = 8,
    timeout: float = 60.0,
    export_dir: str | None = None,
    out: TextIO = sys.stderr,
    progress: bool | None = None,
    client: Client | None = None,
    on_page: Any = None,
    small_table: int | None = None,
) -> Report:
    if export_dir and not url:
        from .exports import manifest_source

        url = manifest_source(export_dir)
    if not url:
        raise ValueError("the export names no source; give --from URL")
    client = client or Client(url, concurrency=concurrency, retries=retries, timeout=timeout)
    source, _ = Source.objects.get_or_create(url=client.base.rstrip("/"))
    with ThreadPoolExecutor(max_workers=client.concurrency) as pool:
        plans, _skipped, keep = build_plans(
            client, resources, workers=pool, cache=None if full else source.discovery
        )
    source.discovery = keep
    source.save(update_fields=["discovery"])
    if export_dir:
        from .exports import load_export

        load_export(export_dir, source, plans, out=out)
    prog = Progress(out, enabled=progress)
    runner = Mirror(
        client,
        source,
        plans,
        page_size=page_size,
        overlap=overlap,
        progress=prog,
        full=full,
        on_page=on_page,
        small_table=SMALL_TABLE if small_table is None else small_table,
    )
    feed = Feed(client, source, plans) if use_feed else None
    copying = full or any(runner.state(p).phase != "done" for p in plans)
    if feed is not None and (copying or source.feed_cursor is None):
        # Note the feed's position before copying: what changes during the copy is replayed.
        if source.feed_cursor is None or full:
            source.feed_cursor = feed.latest()
            source.save(update_fields=["feed_cursor"])
    if feed is not None and not copying and source.feed_cursor is not None:
        report = Report()
        try:
            report = feed.follow(runner)
            return report
        except FeedGone:
            source.feed_cursor = None
            source.save(update_fields=["feed_cursor"])
    return runner.run()


class FeedGone(Exception):
    """The source has no feed, or no longer keeps the cursor's position."""


class Feed:
    """The source's ``/api/changes``: entries in commit order since a cursor."""

    path = "api/changes"

    def __init__(self, client: Client, source: Source, plans: list[Plan]) -> None:
        self.client = client
        self.source = source
        self.plans = plans
        self.by_prefix = {f"/{p.resource.app_label}/{p.resource.name}/": p for p in plans}

    def latest(self) -> str | None:
        try:
            return str(self.client.get_json(self.path, {"since": "now"})["next"])
        except (FetchError, KeyError, TypeError):
            return None

    def _plan_of(self, uri: str) -> Plan | None:
        parts = uri.rstrip("/").split("/")
        if len(parts) < 3:
            return None
        return self.by_prefix.get(f"/{parts[-3]}/{parts[-2]}/")

    def follow(self, runner: Mirror) -> Report:
        import time

        started = time.monotonic()
        report = Report()
        reports: dict[str, ResourceReport] = {}
        order = {p.key: i for i, p in enumerate(self.plans)}
        cursor = self.source.feed_cursor
        while True:
            try:
                page = self.client.get_json(self.path, {"since": cursor, "limit": 5000})
            except FetchError as exc:
                if exc.status in (404, 410, 400):
                    raise FeedGone(str(exc)) from exc
                raise
            entries = page.get("changes", [])
            # The latest action per object wins; writes in dependency order, deletions reversed.
            latest: dict[str, dict[str, Any]] = {}
            for entry in entries:
                latest[entry["resource_uri"]] = entry
            upserts: dict[str, list[str]] = defaultdict(list)
            deletes: dict[str, list[str]] = defaultdict(list)
            for uri, entry in latest.items():
                plan = self._plan_of(uri)
                if plan is None:
                    continue
                target = deletes if entry["action"] == "deleted" else upserts
                target[plan.key].append(uri_key(uri, plan.resource))
            fetched: dict[str, list[dict[str, Any]]] = {}
            for key, keys in upserts.items():
                fetched[key] = self._fetch(runner, runner_plan(self.plans, key), keys)
            with transaction.atomic():
                for key in sorted(fetched, key=order.__getitem__):
                    plan = runner_plan(self.plans, key)
                    r = reports.setdefault(key, ResourceReport(key, mode="feed"))
                    r.fetched += len(fetched[key])
                    r.written += Writer(plan, self.source).write(fetched[key])
                for key in sorted(deletes, key=order.__getitem__, reverse=True):
                    plan = runner_plan(self.plans, key)
                    r = reports.setdefault(key, ResourceReport(key, mode="feed"))
                    r.deleted += _delete_by_keys(plan, deletes[key], self.source)
                cursor = str(page["next"])
                self.source.feed_cursor = cursor
                self.source.save(update_fields=["feed_cursor"])
            report.feed_entries += len(entries)
            if not page.get("more"):
                break
        report.pending_left = runner.second_pass()
        runner.reset_sequences()
        from dtapi.engine import detail_cache

        detail_cache.clear()
        report.resources = list(reports.values())
        report.seconds = time.monotonic() - started
        from django.utils import timezone

        self.source.last_finished = timezone.now()
        self.source.last_status = "ok"
        self.source.summary = {
            "feed_entries": report.feed_entries,
            "seconds": round(report.seconds, 1),
        }
        self.source.save()
        return report

    def _fetch(self, runner: Mirror, plan: Plan, keys: list[str]) -> list[dict[str, Any]]:
        name = filter_key(plan)
        objects: list[dict[str, Any]] = []
        for start in range(0, len(keys), 100):
            chunk = keys[start : start + 100]
            for _, page, _ in runner.pages(plan, 0, {f"{name}__in": ",".join(chunk)}):
                objects.extend(page)
        return objects


def filter_key(plan: Plan) -> str:
    resource = plan.resource
    if resource.detail_uri_name:
        return resource.detail_uri_name
    pk = resource.model._meta.pk
    if pk.is_relation and "id" in plan.remote_fields:
        return "id"
    return pk.name


def runner_plan(plans: list[Plan], key: str) -> Plan:
    return next(p for p in plans if p.key == key)


def _delete_by_keys(plan: Plan, keys: list[str], source: Source) -> int:
    resource = plan.resource
    manager = plan.model._base_manager
    detail = resource.detail_attname
    field = plan.model._meta.get_field(detail)
    from .decode import value_decoder

    convert = value_decoder(field.target_field if field.is_relation else field)
    values = [convert(k) for k in keys]
    doomed = manager.filter(**{f"{detail}__in": values})
    count = doomed.count()
    doomed.delete()
    return count
