"""Loader for relaton BCP/STD/FYI subseries files (``dtapi load subseries PATH...``).

Each YAML file (``relaton-data-rfcsubseries``, e.g. ``data/BCP0014.yaml``) describes one
subseries number and the RFCs it includes::

    docnumber: BCP0014
    title:
    - content: Best Current Practice 14
    relation:
    - type: includes
      bibitem:
        ...
        docnumber: RFC2119

Only those keys are needed, so the files are read line by line rather than with a YAML
library. Each subseries becomes a document ``bcp14`` (type ``bcp``) that ``contains``
exactly the listed RFCs (which must be loaded; missing ones are reported as skipped).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from dtapi.loaders.base import LoadError, Report, atomic_load, progress, timed
from dtapi.loaders.chunks import chunked
from dtapi.loaders.rfc.importer import RfcImporter
from dtapi.loaders.rfc.records import SubseriesRecord, parse_doc_id

TOP_DOCNUMBER = re.compile(r"^docnumber:\s*(\S+)\s*$")
TOP_KEY = re.compile(r"^([A-Za-z_-]+):")
RELATION_TYPE = re.compile(r"^- type:\s*(\S+)\s*$")
BIBITEM_DOCNUMBER = re.compile(r"^    docnumber:\s*(\S+)\s*$")
TITLE_CONTENT = re.compile(r"^- content:\s*(.*)$")


def parse_file(path: Path) -> SubseriesRecord:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"{path}: cannot read: {exc}") from None
    docnumber = None
    title = None
    section = None
    relation_type = None
    rfcs: list[int] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        m = TOP_KEY.match(line)
        if m:
            section = m.group(1)
            top = TOP_DOCNUMBER.match(line)
            if top:
                docnumber = top.group(1)
            continue
        if section == "title" and title is None:
            t = TITLE_CONTENT.match(line)
            if t:
                title = t.group(1).strip().strip("'\"") or None
        elif section == "relation":
            r = RELATION_TYPE.match(line)
            if r:
                relation_type = r.group(1)
                continue
            d = BIBITEM_DOCNUMBER.match(line)
            if d and relation_type == "includes":
                parsed = parse_doc_id(d.group(1))
                if not parsed or parsed[0] != "rfc":
                    raise LoadError(
                        f"{path}, line {lineno}: included document {d.group(1)!r} is not an RFC"
                    )
                rfcs.append(parsed[1])
    parsed = parse_doc_id(docnumber or "")
    if not parsed or parsed[0] not in ("bcp", "std", "fyi"):
        raise LoadError(
            f'{path}: missing or invalid top-level "docnumber" {docnumber!r} '
            "(expected BCPnnnn, STDnnnn or FYInnnn)"
        )
    return SubseriesRecord(
        name=f"{parsed[0]}{parsed[1]}", rfcs=sorted(set(rfcs)), where=str(path), title=title
    )


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            data = p / "data" if (p / "data").is_dir() else p
            files.extend(sorted(f for f in data.iterdir() if f.suffix in (".yaml", ".yml")))
        elif p.is_file():
            files.append(p)
        else:
            raise LoadError(f"{p}: no such file or directory")
    if not files:
        raise LoadError("no subseries .yaml files found")
    return files


def load(paths: Iterable[str | Path], *, using: str = "default") -> Report:
    files = collect_files(paths)
    report = Report(f"subseries ({len(files)} files)")
    with timed(report), atomic_load(using):
        importer = RfcImporter(using, report)
        with progress(total=len(files), desc="subseries", unit="file") as bar:
            for chunk in chunked(files):
                importer.set_subseries([parse_file(f) for f in chunk])
                bar.update(len(chunk))
    return report
