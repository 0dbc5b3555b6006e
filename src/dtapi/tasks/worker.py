"""The worker: runs due tasks from the database queue, one at a time, and keeps the queue whole.

    Worker(name="host-1").run(stop)     # until stop is set; ``dtapi worker``
    Worker(name="t").run_pending()      # every task due now, then return (tests, ``--once``)

It builds on django-tasks-db's worker (claiming a task ``SELECT ... FOR UPDATE SKIP LOCKED`` on
PostgreSQL, in an exclusive transaction on SQLite, so no two workers run one task; running it
and recording its outcome) and adds what the database backend leaves out:

* a heartbeat per worker (:class:`~dtapi.tasks.models.WorkerBeat`), written by a thread
  while the worker lives, also during a long task;
* recovery: a task left RUNNING by a worker that is dead (no heartbeat for ``DEAD_AFTER``
  seconds) is made READY again and runs on another worker; a worker restarted under the
  same name takes its own back at once. Tasks are therefore written to be run again safely
  (they check the state of what they work on first);
* periodic jobs (:mod:`dtapi.tasks.periodic`), every ``HOUSEKEEPING`` seconds;
* an injectable clock, which tasks read through :mod:`dtapi.tasks.clock`.

Retrying a failed piece of work is the task's business: e.g. a notification delivery records
its attempt and enqueues its next one with ``run_after`` in the same transaction.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import OperationalError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from dtapi.tasks import clock as task_clock
from dtapi.tasks import periodic
from dtapi.tasks.conf import TaskSettings, task_settings
from dtapi.tasks.models import WorkerBeat

log = logging.getLogger(__name__)

BACKEND = "default"


def default_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def due(now: datetime) -> Q:
    return Q(status=TaskResultStatus.READY) & (Q(run_after=get_date_max()) | Q(run_after__lte=now))


class Worker(DatabaseWorker):
    def __init__(
        self,
        name: str | None = None,
        *,
        queues: list[str] | None = None,
        config: TaskSettings | None = None,
        clock: Callable[[], datetime] = timezone.now,
    ) -> None:
        self.config = config or task_settings()
        super().__init__(
            queue_names=queues or ["*"],
            interval=self.config.poll_interval,
            batch=False,
            backend_name=BACKEND,
            startup_delay=False,
            max_tasks=None,
            worker_id=(name or default_name())[:64],
            excluded_queue_names=[],
        )
        self.clock = clock
        self._last_housekeeping = 0.0

    @property
    def name(self) -> str:
        return str(self.worker_id)

    # -- liveness ---------------------------------------------------------------------------

    def beat(self) -> None:
        now = self.clock()
        WorkerBeat.objects.update_or_create(
            name=self.name,
            defaults={
                "seen": now,
                "host": socket.gethostname(),
                "pid": os.getpid(),
                "stopped": None,
            },
            create_defaults={
                "started": now,
                "seen": now,
                "host": socket.gethostname(),
                "pid": os.getpid(),
            },
        )

    def signed_off(self) -> None:
        WorkerBeat.objects.filter(name=self.name).update(stopped=self.clock())

    def recover(self, *, own: bool = False) -> int:
        """Make READY again the tasks left RUNNING by dead workers (``own``: by this name).

        Returns how many. A worker is dead when its last heartbeat is older than
        ``DEAD_AFTER``, or it signed off, or it never wrote one.
        """
        now = self.clock()
        alive = set(
            WorkerBeat.objects.filter(
                seen__gte=now - timedelta(seconds=self.config.dead_after), stopped__isnull=True
            ).values_list("name", flat=True)
        )
        if own:
            alive.discard(self.name)
        else:
            alive.add(self.name)  # this worker is running; its own task is not stranded
        stranded = [
            pk
            for pk, workers in DBTaskResult.objects.filter(
                status=TaskResultStatus.RUNNING, backend_name=self.backend_name
            ).values_list("id", "worker_ids")
            if not workers or workers[-1] not in alive
        ]
        if not stranded:
            return 0
        n = DBTaskResult.objects.filter(pk__in=stranded, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        log.warning("recovered %d task(s) left running by dead workers", n)
        return n

    # -- running ----------------------------------------------------------------------------

    def claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.filter(due(self.clock()), backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                found = tasks.get_locked()
            except OperationalError as exc:
                if is_locked_database_exception(exc):
                    return None
                raise
            if found is not None:
                found.claim(self.name)
        return found

    def run_once(self) -> bool:
        """Run one due task, if there is one; whether there was."""
        found = self.claim()
        if found is None:
            return False
        started = time.monotonic()
        with task_clock.running_as(self.name, self.clock):
            self.run_task(found)
        found.refresh_from_db(fields=["status"])
        log.info(
            "%s %s: %s in %.2fs",
            found.task_path,
            found.pk,
            found.status,
            time.monotonic() - started,
        )
        return True

    def run_pending(self, limit: int = 1000) -> int:
        """Run tasks until none is due (at most ``limit``); how many ran."""
        ran = 0
        while ran < limit and self.run_once():
            ran += 1
        return ran

    def housekeeping(self, force: bool = False) -> None:
        if not force and time.monotonic() - self._last_housekeeping < self.config.housekeeping:
            return
        self._last_housekeeping = time.monotonic()
        self.recover()
        periodic.run_all()

    def _heartbeat_thread(self, stop: threading.Event) -> threading.Thread:
        def loop() -> None:
            try:
                while not stop.wait(self.config.heartbeat):
                    try:
                        self.beat()
                    except Exception:  # the next beat tries again; the queue goes on
                        log.exception("heartbeat of worker %s failed", self.name)
            finally:
                connection.close()

        thread = threading.Thread(target=loop, name=f"heartbeat-{self.name}", daemon=True)
        thread.start()
        return thread

    def run(self, stop: threading.Event | None = None) -> None:  # type: ignore[override]
        """Work until ``stop`` is set (SIGTERM/SIGINT in ``dtapi worker``)."""
        stop = stop or threading.Event()
        self.beat()
        self.recover(own=True)
        beating = self._heartbeat_thread(stop)
        try:
            while not stop.is_set():
                close_old_connections()
                busy = False
                try:
                    self.housekeeping()
                    busy = self.run_once()
                except Exception:
                    log.exception("worker %s: error between tasks; going on", self.name)
                if not busy:
                    stop.wait(self.config.poll_interval)
        finally:
            stop.set()
            beating.join(self.config.heartbeat + 5)
            try:
                with transaction.atomic():
                    self.signed_off()
            except Exception:
                log.exception("worker %s could not sign off", self.name)
