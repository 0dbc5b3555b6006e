"""Keeping a record of data loads (:class:`~dtapi.loaders.models.DataLoad`).

:func:`fingerprint` digests what a load reads, names and contents, so that an unchanged
folder is recognised whatever its files' times (a fresh clone, a copy) and a changed one is
never mistaken for the last load.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from pathlib import Path

from dtapi.loaders.base import Report
from dtapi.loaders.models import DataLoad


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every file under ``paths`` (files, or folders walked), in a stable order."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file()))
        elif p.is_file():
            files.append(p)
    return files


def fingerprint(paths: Iterable[str | Path]) -> str:
    """SHA-256 over the relative names and contents of the input files (hex)."""
    paths = [Path(p) for p in paths]
    digest = hashlib.sha256()
    for root in paths:
        for f in input_files([root]):
            name = f.relative_to(root) if root.is_dir() else Path(f.name)
            digest.update(str(name).encode() + b"\0")
            with open(f, "rb") as fh:
                digest.update(hashlib.file_digest(fh, "sha256").digest())
    return digest.hexdigest()


def record(report: Report, *, source: str, digest: str = "", using: str = "default") -> DataLoad:
    """Record a committed load."""
    return DataLoad.objects.using(using).create(
        source=source[:255],
        time=datetime.datetime.now(datetime.UTC),
        seconds=round(report.seconds, 3),
        counts=dict(sorted(report.counts.items())),
        fingerprint=digest,
    )


def newest(using: str = "default") -> DataLoad | None:
    """The newest recorded load, or None."""
    return DataLoad.objects.using(using).order_by("-time", "-id").first()


def loaded_already(kind: str, digest: str, using: str = "default") -> DataLoad | None:
    """The newest load of this kind (``shared-data``), if it read exactly this input.

    Loads of other kinds since then do not count: they added to the data, and loading the
    same folder again would only undo what they changed.
    """
    last = newest_of_kind(kind, using)
    return last if last is not None and digest and last.fingerprint == digest else None


def newest_of_kind(kind: str, using: str = "default") -> DataLoad | None:
    """The newest load of one kind (the load command's source: ``shared-data``, ...)."""
    return (
        DataLoad.objects.using(using)
        .filter(source__startswith=f"{kind} ")
        .order_by("-time", "-id")
        .first()
    )
