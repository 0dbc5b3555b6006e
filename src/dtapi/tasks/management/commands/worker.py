"""``dtapi worker``: run dtapi's background tasks (submissions, notification deliveries)."""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dtapi.tasks import status as queue_status
from dtapi.tasks.worker import Worker


class Command(BaseCommand):
    help = (
        "Run background tasks until stopped (SIGTERM/SIGINT): submissions to process, "
        "notifications to deliver. Several workers may run side by side."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--name", help="worker name; a worker restarted under its name resumes its task at once"
        )
        parser.add_argument(
            "--queues",
            default="*",
            help="comma-separated queues to serve (default: all; e.g. notify,submit)",
        )
        parser.add_argument("--once", action="store_true", help="run every task due now, then exit")
        parser.add_argument(
            "--status", action="store_true", help="show the queue and the workers, then exit"
        )

    def handle(
        self, *args: Any, name: str | None, queues: str, once: bool, status: bool, **options: Any
    ) -> None:
        if status:
            for line in queue_status.lines():
                self.stdout.write(line)
            return
        if options["verbosity"] >= 1:
            handler = logging.StreamHandler(self.stdout)
            handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
            logger = logging.getLogger("dtapi.tasks")
            logger.addHandler(handler)
            logger.setLevel(logging.INFO if options["verbosity"] == 1 else logging.DEBUG)
        worker = Worker(name, queues=[q.strip() for q in queues.split(",") if q.strip()])
        if once:
            worker.beat()
            worker.recover(own=True)
            worker.housekeeping(force=True)
            ran = worker.run_pending()
            worker.signed_off()
            self.stdout.write(f"{ran} task(s) run")
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"worker {worker.name} started (queues: {queues})")
        worker.run(stop)
        self.stdout.write(f"worker {worker.name} stopped")
