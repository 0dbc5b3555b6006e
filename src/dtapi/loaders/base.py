"""Plumbing shared by the loaders: errors, progress bars, reports, transactions.

Every loader reports problems by raising :class:`LoadError` with a message that names the
file, the record (or line) and the problem; the ``load`` command turns it into a
``CommandError`` (one line, no traceback). A load runs in one transaction (:func:`atomic_load`),
so a bad file writes nothing.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, IntegrityError, connections, transaction


class LoadError(Exception):
    """A problem with the input (or with what it refers to); nothing was written."""


def where(path: str | Path | None, record: str | None = None) -> str:
    """``"FILE, RECORD"`` prefix for messages."""
    parts = [str(path)] if path else []
    if record:
        parts.append(record)
    return ", ".join(parts)


@dataclass
class Report:
    """Counts of what a load did, and the records it skipped with their reasons."""

    title: str = ""
    counts: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    skipped_examples: dict = field(default_factory=dict)  # reason -> first few record ids
    notes: list = field(default_factory=list)
    seconds: float = 0.0

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def skip(self, reason: str, record_id: str = "", n: int = 1) -> None:
        self.skipped[reason] += n
        if record_id:
            examples = self.skipped_examples.setdefault(reason, [])
            if len(examples) < 5:
                examples.append(record_id)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def merge(self, other: Report) -> None:
        self.counts.update(other.counts)
        self.skipped.update(other.skipped)
        for reason, examples in other.skipped_examples.items():
            mine = self.skipped_examples.setdefault(reason, [])
            mine.extend(examples[: max(0, 5 - len(mine))])
        self.notes.extend(other.notes)

    def lines(self) -> list[str]:
        out = []
        if self.counts:
            out.append(
                "  " + ", ".join(f"{what}: {n:,}" for what, n in sorted(self.counts.items()))
            )
        for reason, n in sorted(self.skipped.items()):
            examples = self.skipped_examples.get(reason)
            suffix = f" (e.g. {', '.join(examples)})" if examples else ""
            out.append(f"  skipped {n:,}: {reason}{suffix}")
        out.extend(f"  note: {text}" for text in self.notes)
        return out


def progress_enabled() -> bool:
    """Progress bars only on a terminal (and never when DTAPI_NO_PROGRESS is set)."""
    if os.environ.get("DTAPI_NO_PROGRESS"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def progress(total: int | None = None, desc: str = "", unit: str = "it", **kwargs):
    """A tqdm bar on stderr when it is a terminal, else a silent stand-in."""
    if progress_enabled():
        from tqdm import tqdm

        return tqdm(
            total=total,
            desc=desc,
            unit=unit,
            leave=False,
            dynamic_ncols=True,
            unit_scale=unit == "B",
            **kwargs,
        )
    return _NoProgress()


class _NoProgress:
    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, s: str) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


class CountingReader(io.RawIOBase):
    """A binary file wrapper that advances a progress bar as bytes are read."""

    def __init__(self, fileobj, bar) -> None:
        self._f = fileobj
        self._bar = bar
        self.position = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._f.read(size)
        self.position += len(data)
        self._bar.update(len(data))
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@contextmanager
def open_with_progress(path: Path, desc: str | None = None) -> Iterator[CountingReader]:
    size = path.stat().st_size
    with open(path, "rb") as f, progress(total=size, desc=desc or path.name, unit="B") as bar:
        yield CountingReader(f, bar)


@contextmanager
def atomic_load(using: str = "default") -> Iterator[None]:
    """One transaction for a whole load; database errors become a LoadError."""
    try:
        with transaction.atomic(using=using):
            yield
    except LoadError:
        raise
    except IntegrityError as exc:
        raise LoadError(f"the database refused the data: {_one_line(exc)}") from exc
    except DatabaseError as exc:
        raise LoadError(f"database error: {_one_line(exc)}") from exc


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


@contextmanager
def timed(report: Report) -> Iterator[None]:
    start = time.monotonic()
    try:
        yield
    finally:
        report.seconds += time.monotonic() - start


def vendor(using: str = "default") -> str:
    return connections[using].vendor
