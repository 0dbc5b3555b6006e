"""Loader for the RFC Editor's per-RFC JSON records (``dtapi load rfc-json PATH``).

``PATH`` is a JSON-lines file (one ``rfcNNNN.json`` record per line), a directory of
``rfcNNNN.json`` files, a JSON array of records, or a single record. Each record looks like
``{"doc_id": "RFC9000", "draft": "draft-ietf-quic-transport-34", "title": ..., "authors": [...],
"page_count": "151", "pub_status": ..., "status": "PROPOSED STANDARD", "source": "QUIC",
"abstract": ..., "pub_date": "May 2021", "obsoletes": [...], "updates": [...],
"errata_url": ...}``. "NOT ISSUED" numbers are reported as skipped ("not issued").

The file is read twice, as a stream: first the documents, then the ``obs``/``updates``
relations (whose targets may come later in the file).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson
import orjson

from dtapi.loaders.base import LoadError, Report, atomic_load, open_with_progress, progress, timed
from dtapi.loaders.chunks import BATCH_SIZE
from dtapi.loaders.rfc.importer import RfcImporter
from dtapi.loaders.rfc.records import (
    INTENDED_STD_LEVELS,
    STD_LEVELS,
    STREAMS,
    RfcRecord,
    parse_doc_id,
    parse_month_year,
)


def iter_objects(path: Path) -> Iterator[tuple[str, Any]]:
    """(where, JSON object) for every record under ``path``."""
    if path.is_dir():
        files = sorted(
            (p for p in path.iterdir() if p.suffix == ".json" and p.is_file()),
            key=lambda p: (len(p.name), p.name),
        )
        if not files:
            raise LoadError(f"{path}: no .json files in this directory")
        with progress(total=len(files), desc=path.name, unit="file") as bar:
            for f in files:
                try:
                    obj = orjson.loads(f.read_bytes())
                except orjson.JSONDecodeError as exc:
                    raise LoadError(f"{f}: invalid JSON: {exc}") from None
                yield str(f), obj
                bar.update()
        return
    if not path.is_file():
        raise LoadError(f"{path}: no such file or directory")
    with open(path, "rb") as f:
        head = f.read(4096).lstrip()
    if head[:1] == b"[":
        yield from _iter_array(path, "item")
        return
    if head[:1] == b"{" and b'"snapshots"' in head:
        for where, pair in _iter_array(path, "snapshots.item"):
            if isinstance(pair, list) and len(pair) == 2:
                yield f"{where} ({pair[0]})", pair[1]
            else:
                yield where, pair
        return
    # JSON lines (a single object is one line of it).
    with open_with_progress(path) as f:
        for lineno, line in enumerate(_lines(f), start=1):
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                if lineno == 1 and head[:1] == b"{":
                    # Perhaps one pretty-printed object.
                    try:
                        yield str(path), orjson.loads(path.read_bytes())
                        return
                    except orjson.JSONDecodeError:
                        pass
                raise LoadError(f"{path}, line {lineno}: invalid JSON: {exc}") from None
            yield f"{path}, line {lineno}", obj


def _lines(f) -> Iterator[bytes]:
    buffer = b""
    while True:
        chunk = f.read(1 << 16)
        if not chunk:
            break
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        yield from lines
    if buffer:
        yield buffer


def _iter_array(path: Path, prefix: str) -> Iterator[tuple[str, Any]]:
    index = 0
    try:
        with open_with_progress(path) as f:
            for index, obj in enumerate(ijson.items(f, prefix, use_float=True), start=1):  # noqa: B007
                yield f"{path}, record #{index}", obj
    except ijson.JSONError as exc:
        raise LoadError(f"{path}: invalid JSON after record #{index}: {exc}") from None


def _text(obj: dict, key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise LoadError(f"{where}: {key!r} must be a string, got {type(value).__name__}")
    return value


def _list(obj: dict, key: str, where: str) -> list[str]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LoadError(f"{where}: {key!r} must be a list of strings")
    return value


def parse_record(obj: Any, where: str) -> RfcRecord:
    """One RFC Editor JSON record as an :class:`RfcRecord`."""
    if not isinstance(obj, dict):
        raise LoadError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    doc_id = _text(obj, "doc_id", where)
    parsed = parse_doc_id(doc_id or "")
    if not parsed or parsed[0] != "rfc":
        raise LoadError(f'{where}: missing or invalid "doc_id" {doc_id!r} (expected RFCnnnn)')
    number = parsed[1]
    where = f"{where} ({doc_id.strip()})"
    pub_status = (_text(obj, "pub_status", where) or "").strip().upper()
    title = _text(obj, "title", where) or ""
    if pub_status == "NOT ISSUED" or title.strip().lower().startswith("not issued"):
        return RfcRecord(number=number, where=where, not_issued=True)
    status = (_text(obj, "status", where) or "").strip().upper()
    if status and status not in STD_LEVELS:
        raise LoadError(f'{where}: unknown "status" {status!r}')
    pages = obj.get("page_count")
    if isinstance(pages, str):
        pages = int(pages) if pages.strip().isdigit() else None
    elif pages is not None and not isinstance(pages, int):
        raise LoadError(f'{where}: "page_count" must be a number or a string of digits')
    year, month, day = parse_month_year(_text(obj, "pub_date", where) or "")
    source = (_text(obj, "source", where) or "").strip()
    stream = STREAMS.get(source.upper())
    source_name = None
    if stream is None and source:
        stream = "ietf"
        if not source.upper().startswith("IETF - NON WORKING GROUP"):
            source_name = source
    rec = RfcRecord(
        number=number,
        where=where,
        title=title,
        authors=[a for a in _list(obj, "authors", where) if a.strip()],
        year=year,
        month=month,
        day=day,
        pages=pages,
        abstract=_text(obj, "abstract", where) or "",
        draft=(_text(obj, "draft", where) or "").strip() or None,
        stream=stream,
        source_name=source_name,
        std_level=STD_LEVELS.get(status) if status else None,
        intended_std_level=INTENDED_STD_LEVELS.get(pub_status),
        errata=bool(_text(obj, "errata_url", where)),
    )
    for key, target in (("obsoletes", rec.obsoletes), ("updates", rec.updates)):
        for ref in _list(obj, key, where):
            parsed_ref = parse_doc_id(ref)
            if parsed_ref and parsed_ref[0] == "rfc":
                target.append(parsed_ref[1])
    return rec


def load(path: str | Path, *, using: str = "default") -> Report:
    """Load RFC JSON records in one transaction; return what was done."""
    path = Path(path)
    report = Report(f"rfc-json {path}")
    with timed(report), atomic_load(using):
        importer = RfcImporter(using, report, authors="replace")
        for where, obj in iter_objects(path):
            importer.add(parse_record(obj, where))
        importer.flush()
        edges = []
        for where, obj in iter_objects(path):
            rec = parse_record(obj, where)
            if rec.not_issued:
                continue
            edges.extend((rec.number, t, "obs") for t in rec.obsoletes)
            edges.extend((rec.number, t, "updates") for t in rec.updates)
            if len(edges) >= BATCH_SIZE:
                importer.add_rfc_relations(edges)
                edges = []
        importer.add_rfc_relations(edges)
    return report
