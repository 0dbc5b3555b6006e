"""A mirror run: the first full copy (resumable), then incremental passes or the change feed.

Pages are fetched by a pool of ``concurrency`` threads and written by the calling thread in
source order, one transaction per page, each with its resource's checkpoint.
"""

from __future__ import annotations

import datetime
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.db import connection, transaction
from django.utils import timezone

from .http import Client, FetchError
from .models import Pending, ResourceState, Source
from .schema import Plan
from .write import Writer

# Resources whose source count is at most this are compared whole on every incremental pass.
SMALL_TABLE = 2000


@dataclass
class ResourceReport:
    resource: str
    mode: str = ""
    fetched: int = 0
    written: int = 0
    deleted: int = 0
    skipped: int = 0  # objects with a required reference to a model the API does not serve
    seconds: float = 0.0
    error: str = ""


@dataclass
class Report:
    resources: list[ResourceReport] = field(default_factory=list)
    pending_left: int = 0
    seconds: float = 0.0
    feed_entries: int = 0

    @property
    def failed(self) -> list[ResourceReport]:
        return [r for r in self.resources if r.error]


class Progress:
    """Progress bars per resource on a terminal (tqdm), a line per resource otherwise."""

    def __init__(self, out: TextIO, enabled: bool | None = None) -> None:
        self.out = out
        self.tty = out.isatty() if enabled is None else enabled
        self.bar: Any = None

    def start(self, name: str, total: int | None) -> None:
        if self.tty:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total, desc=name, unit="rows", file=self.out, leave=True, dynamic_ncols=True
            )

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def finish(self, report: ResourceReport) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        if not self.tty or report.error:
            rate = report.fetched / report.seconds if report.seconds else 0.0
            line = (
                f"{report.resource}: {report.mode}, {report.fetched} fetched, {report.written} written, "
                f"{report.deleted} deleted, {report.seconds:.1f}s ({rate:.0f} rows/s)"
            )
            if report.error:
                line += f" FAILED: {report.error}"
            print(line, file=self.out, flush=True)


class Mirror:
    def __init__(
        self,
        client: Client,
        source: Source,
        plans: list[Plan],
        *,
        page_size: int = 1000,
        overlap: float = 3600.0,
        small_table: int = SMALL_TABLE,
        progress: Progress | None = None,
        full: bool = False,
        on_page: Callable[[str, int], None] | None = None,
    ) -> None:
        self.client = client
        self.source = source
        self.plans = plans
        self.page_size = page_size
        self.overlap = datetime.timedelta(seconds=overlap)
        self.small_table = small_table
        self.progress = progress or Progress(sys.stderr, enabled=False)
        self.full = full
        self.on_page = on_page  # tests: a hook after each committed page
        self._prefetched: dict[tuple[str, tuple[tuple[str, str], ...]], Future[Any]] = {}
        self.pool = ThreadPoolExecutor(max_workers=client.concurrency, thread_name_prefix="mirror")

    # -- pages ------------------------------------------------------------------------------

    def _params(self, plan: Plan, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {"format": "json", "limit": self.page_size}
        order = plan.order_key()
        if order:
            params["order_by"] = order
        if extra:
            params.update(extra)
        return params

    def pages(
        self, plan: Plan, start: int = 0, extra: dict[str, Any] | None = None
    ) -> Iterator[tuple[int, list[dict[str, Any]], int]]:
        """``(offset, objects, total)`` for every page from ``start``, in order; pages after the
        first are fetched ahead by the pool, at most ``concurrency`` in flight."""
        params = self._params(plan, extra)
        first_params = {**params, "offset": start}
        ahead_of_time = self._prefetched.pop(_request_key(plan.list_uri, first_params), None)
        if ahead_of_time is not None:
            first = ahead_of_time.result()
        else:
            first = self.client.get_json(plan.list_uri, first_params)
        total = int(first["meta"]["total_count"])
        yield start, first["objects"], total
        offsets = list(range(start + self.page_size, total, self.page_size))
        window: list[tuple[int, Future[Any]]] = []
        ahead = self.client.concurrency * 2
        it = iter(offsets)

        def submit() -> None:
            for offset in it:
                window.append(
                    (
                        offset,
                        self.pool.submit(
                            self.client.get_json, plan.list_uri, {**params, "offset": offset}
                        ),
                    )
                )
                if len(window) >= ahead:
                    break

        submit()
        while window:
            offset, future = window.pop(0)
            page = future.result()
            submit()
            yield offset, page["objects"], total

    def _prefetch(self, upcoming: list[Plan], states: dict[str, ResourceState]) -> None:
        """Ask ahead for the first page of the next small tables to compare: a run over many
        small resources waits for one answer at a time otherwise."""
        if self.full:
            return
        for plan in upcoming:
            state = states.get(plan.key)
            if state is None or state.phase != "done" or state.total is None:
                continue
            if state.total > self.small_table:
                continue
            params = {**self._params(plan), "offset": 0}
            key = _request_key(plan.list_uri, params)
            if key not in self._prefetched:
                self._prefetched[key] = self.pool.submit(
                    self.client.get_json, plan.list_uri, params
                )

    def count(self, plan: Plan, extra: dict[str, Any] | None = None) -> int:
        page = self.client.get_json(plan.list_uri, {**self._params(plan, extra), "limit": 1})
        return int(page["meta"]["total_count"])

    # -- the run ----------------------------------------------------------------------------

    def run(self) -> Report:
        started = time.monotonic()
        report = Report()
        self.source.last_started = timezone.now()
        self.source.last_status = "running"
        self.source.save()
        try:
            states = {s.resource: s for s in ResourceState.objects.filter(source=self.source)}
            for index, plan in enumerate(self.plans):
                self._prefetch(self.plans[index + 1 : index + 1 + self.client.concurrency], states)
                report.resources.append(self.sync(plan))
            report.pending_left = self.second_pass()
        finally:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.reset_sequences()
        from dtapi.engine import detail_cache

        detail_cache.clear()
        report.seconds = time.monotonic() - started
        self.source.last_finished = timezone.now()
        self.source.last_status = "failed" if report.failed else "ok"
        self.source.last_error = "; ".join(f"{r.resource}: {r.error}" for r in report.failed)[:5000]
        self.source.summary = {
            "seconds": round(report.seconds, 1),
            "fetched": sum(r.fetched for r in report.resources),
            "written": sum(r.written for r in report.resources),
            "deleted": sum(r.deleted for r in report.resources),
            "skipped": sum(r.skipped for r in report.resources),
            "pending": report.pending_left,
            "requests": self.client.stats.requests,
            "retries": self.client.stats.retries,
            "throttled": self.client.stats.throttled,
        }
        self.source.save()
        return report

    def state(self, plan: Plan) -> ResourceState:
        state, _ = ResourceState.objects.get_or_create(source=self.source, resource=plan.key)
        return state

    def sync(self, plan: Plan) -> ResourceReport:
        report = ResourceReport(plan.key)
        state = self.state(plan)
        writer = Writer(plan, self.source)
        began = time.monotonic()
        try:
            if self.full and state.phase == "done":
                state.phase, state.offset = "copying", 0
                state.pass_started = None
                state.save()
            if state.phase != "done":
                report.mode = "copy" if state.offset == 0 else f"resume@{state.offset}"
                self.copy(plan, state, writer, report)
            else:
                self.incremental(plan, state, writer, report)
            state.last_error = ""
            state.save(update_fields=["last_error"])
        except (FetchError, Exception) as exc:  # one resource failing does not stop the run
            report.error = f"{type(exc).__name__}: {exc}"[:1000]
            ResourceState.objects.filter(pk=state.pk).update(
                last_error=report.error, failures=state.failures + 1
            )
        report.skipped = writer.unservable
        report.seconds = time.monotonic() - began
        self.progress.finish(report)
        return report

    def _commit_page(
        self, state: ResourceState, writer: Writer, objects: list[dict[str, Any]], **checkpoint: Any
    ) -> int:
        with transaction.atomic():
            written = writer.write(objects)
            for name, value in checkpoint.items():
                setattr(state, name, value)
            state.rows_written += written
            state.last_fetched = timezone.now()
            state.save()
        if self.on_page is not None:
            self.on_page(state.resource, len(objects))
        return written

    def copy(
        self, plan: Plan, state: ResourceState, writer: Writer, report: ResourceReport
    ) -> None:
        """The first full copy, resumable from ``state.offset`` (pages in primary key order)."""
        if state.pass_started is None:
            state.pass_started = timezone.now()
            state.save(update_fields=["pass_started"])
        bar = False
        for offset, objects, total in self.pages(plan, state.offset):
            if not bar:
                self.progress.start(plan.key, total - state.offset)
                bar = True
            state.total = total
            report.fetched += len(objects)
            report.written += self._commit_page(
                state, writer, objects, offset=offset + len(objects)
            )
            self.progress.advance(len(objects))
        state.phase = "done"
        state.synced_since = state.pass_started
        state.save()

    def incremental(
        self, plan: Plan, state: ResourceState, writer: Writer, report: ResourceReport
    ) -> None:
        pass_started = timezone.now()
        # A table small at the last run is compared whole at once (its first page says how
        # many there are now); others are counted first.
        known_small = state.total is not None and state.total <= self.small_table
        total = -1 if known_small else self.count(plan)
        if known_small or total <= self.small_table:
            report.mode = "compare"
            total = self.compare(plan, state, writer, report)
        else:
            since = (state.synced_since or pass_started) - self.overlap
            if plan.time_field:
                report.mode = f"since {plan.time_field}"
                self._fetch_filtered(
                    plan, state, writer, report, {f"{plan.time_field}__gte": _wire_time(since)}
                )
            else:
                report.mode = "new keys"
                local_max = (
                    plan.model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
                )
                key = plan.order_key()
                if isinstance(local_max, int) and key and plan.can_filter(key, "gt"):
                    self._fetch_filtered(plan, state, writer, report, {f"{key}__gt": local_max})
                else:  # nothing to narrow by: the whole resource again
                    report.mode = "whole"
                    self.compare(plan, state, writer, report)
            history = self._history_plan(plan)
            if history is not None:
                report.mode += " + history"
                self._refetch_edited(plan, history, since, state, writer, report)
            report.deleted += self.detect_deletions(plan, state, writer, total)
        state.total = total
        state.synced_since = pass_started
        state.rows_deleted += report.deleted
        state.save()

    def _fetch_filtered(
        self,
        plan: Plan,
        state: ResourceState,
        writer: Writer,
        report: ResourceReport,
        extra: dict[str, Any],
    ) -> None:
        for _, objects, _ in self.pages(plan, 0, extra):
            report.fetched += len(objects)
            report.written += self._commit_page(state, writer, objects)

    def _history_plan(self, plan: Plan) -> Plan | None:
        for other in self.plans:
            if other.is_history and other.history_of is plan.resource and other.time_field:
                return other
        return None

    def _refetch_edited(
        self,
        plan: Plan,
        history: Plan,
        since: datetime.datetime,
        state: ResourceState,
        writer: Writer,
        report: ResourceReport,
    ) -> None:
        """Objects edited in place: their history rows since ``since`` name them."""
        keys: set[str] = set()
        pk_name = plan.model._meta.pk.name
        for _, objects, _ in self.pages(
            history, 0, {f"{history.time_field}__gte": _wire_time(since)}
        ):
            keys.update(str(o.get(pk_name)) for o in objects if o.get(pk_name) is not None)
        for chunk in _chunks(sorted(keys), 200):
            extra = {f"{pk_name}__in": ",".join(chunk)}
            for _, objects, _ in self.pages(plan, 0, extra):
                report.fetched += len(objects)
                report.written += self._commit_page(state, writer, objects)

    def _delete_unseen(self, plan: Plan, writer: Writer) -> int:
        seen: set[Any] = set()
        for _, objects, _ in self.pages(plan, 0):
            seen.update(writer.pk_of(o) for o in objects)
        gone = set(plan.model._base_manager.values_list("pk", flat=True)) - seen
        with transaction.atomic():
            return writer.delete(gone)

    def compare(
        self, plan: Plan, state: ResourceState, writer: Writer, report: ResourceReport
    ) -> int:
        """A small table, whole: upsert all, delete what the source no longer has."""
        seen: set[Any] = set()
        for _, objects, _ in self.pages(plan, 0):
            report.fetched += len(objects)
            seen.update(writer.pk_of(o) for o in objects)
            report.written += self._commit_page(state, writer, objects)
        local = set(plan.model._base_manager.values_list("pk", flat=True))
        gone = local - seen
        if gone:
            with transaction.atomic():
                report.deleted += writer.delete(gone)
        return len(seen)

    def detect_deletions(self, plan: Plan, state: ResourceState, writer: Writer, total: int) -> int:
        """Rows the source no longer has, found by comparing counts over key ranges: a range
        whose local count exceeds the source's is split until it is small enough to list."""
        key = plan.order_key()
        manager = plan.model._base_manager
        local_total = manager.count()
        if local_total <= total:
            return 0
        if key is None or not (plan.can_filter(key, "gte") and plan.can_filter(key, "lt")):
            # The source cannot count a key range (documents' ids, as on the original): list
            # every key once, only because a deletion is certain.
            return self._delete_unseen(plan, writer)
        bounds = manager.order_by("pk").values_list("pk", flat=True)
        lo, hi = bounds.first(), manager.order_by("-pk").values_list("pk", flat=True).first()
        if not isinstance(lo, int) or not isinstance(hi, int):
            return 0
        deleted = 0
        ranges = [(lo, hi + 1)]
        while ranges:
            a, b = ranges.pop()
            local = manager.filter(pk__gte=a, pk__lt=b).count()
            if local == 0:
                continue
            remote = self.count(plan, {f"{key}__gte": a, f"{key}__lt": b})
            if remote >= local:
                continue
            if local <= self.page_size or b - a <= 1:
                seen: set[Any] = set()
                for _, objects, _ in self.pages(plan, 0, {f"{key}__gte": a, f"{key}__lt": b}):
                    seen.update(writer.pk_of(o) for o in objects)
                gone = set(manager.filter(pk__gte=a, pk__lt=b).values_list("pk", flat=True)) - seen
                with transaction.atomic():
                    deleted += writer.delete(gone)
                continue
            mid = (a + b) // 2
            ranges.extend([(a, mid), (mid, b)])
        return deleted

    # -- the second pass --------------------------------------------------------------------

    def second_pass(self) -> int:
        """Set the references that waited for rows written later; repeat while it helps."""
        by_key = {p.key: p for p in self.plans}
        while True:
            waiting = list(Pending.objects.filter(source=self.source).order_by("id"))
            if not waiting:
                return 0
            done = 0
            writers: dict[str, Writer] = {}
            for chunk in _chunks(waiting, 500):  # one transaction per 500 references
                with transaction.atomic():
                    finished = []
                    for item in chunk:
                        plan = by_key.get(item.resource)
                        if plan is None:
                            continue
                        writer = writers.get(item.resource)
                        if writer is None:
                            writer = writers[item.resource] = Writer(plan, self.source)
                        if self._apply(writer, item):
                            finished.append(item.pk)
                    Pending.objects.filter(pk__in=finished).delete()
                    done += len(finished)
            if done == 0:
                return len(waiting)

    def _apply(self, writer: Writer, item: Pending) -> bool:
        if item.kind == "row":
            Pending.objects.filter(pk=item.pk).delete()
            return writer.write([item.value]) == 1
        field = next((f for f in writer.fields if f.wire == item.field), None)
        if field is None:
            return True
        model = writer.model
        if not model._base_manager.filter(pk=item.obj_pk).exists():
            return True  # the object itself is gone
        if item.kind == "fk":
            from .decode import uri_key

            key = uri_key(item.value, field.target)
            value = writer._resolve(field, {key}).get(key)
            if value is None:
                return False
            model._base_manager.filter(pk=item.obj_pk).update(**{field.attname: value})
            return True
        if item.kind == "m2m":
            obj = {writer.pk_wire: item.obj_pk, field.wire: item.value}
            if writer.pk.is_relation:
                obj[writer.pk_wire] = f"/{item.obj_pk}/"
            pending: list[Pending] = []
            writer._set_m2m(field, [obj], pending)
            return not pending
        return True

    def reset_sequences(self) -> None:
        """Move integer key sequences past the copied ids (PostgreSQL), so local writes go on."""
        from django.core.management.color import no_style
        from django.db import models

        with_auto = [p.model for p in self.plans if isinstance(p.model._meta.pk, models.AutoField)]
        statements = connection.ops.sequence_reset_sql(no_style(), with_auto)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def _request_key(uri: str, params: dict[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    return uri, tuple(sorted((k, str(v)) for k, v in params.items()))


def _wire_time(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
