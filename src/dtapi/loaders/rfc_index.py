"""Loader for the RFC Editor's index (``dtapi load rfc-index FILE``): ``rfc-index.xml``
(schema ``rfc-index.xsd``) or ``rfc-index.txt``.

Both describe every RFC number (or "Not Issued"), the ``obs``/``updates`` relations and the
BCP/STD/FYI subseries. The XML also carries abstracts, page counts, the source draft,
stream and working group; the text index does not, so documents that exist keep what a
richer source gave them, and get authors from it only when they have none.

Subseries documents (``bcp14``, ``std1``, ``fyi5``; types ``bcp``/``std``/``fyi``) are
created and made to ``contains`` exactly the RFCs the index lists for them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from dtapi.loaders.base import LoadError, Report, atomic_load, open_with_progress, timed
from dtapi.loaders.chunks import chunked
from dtapi.loaders.rfc.importer import RfcImporter
from dtapi.loaders.rfc.records import (
    INTENDED_STD_LEVELS,
    STD_LEVELS,
    STREAMS,
    RfcRecord,
    SubseriesRecord,
    parse_doc_id,
    parse_month_year,
)

# --- rfc-index.txt ------------------------------------------------------------------------------

ENTRY_START = re.compile(r"^(\d{4,5}) (.*)$")
PAREN = re.compile(
    r"\((Format|Obsoletes|Obsoleted by|Updates|Updated by|Also|Status|Stream|DOI):?\s*([^()]*)\)"
)
DATE_AT_END = re.compile(
    r"(?:^|\.\s+)((?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+\d{4})\.?\s*$"
)
AUTHOR_PART = re.compile(
    r"^(?:(?:[A-Z][a-z]?\.|[A-Z][a-z]?\.-?[A-Z][a-z]?\.|[A-Z]-[A-Z][a-z]?\.)\s?)+\S.*$|^Ed\.$"
)


def iter_txt_entries(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, entry text joined into one line) for each RFC entry."""
    current: list[str] = []
    start = 0
    in_body = False
    with open_with_progress(path) as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not in_body:
            # The entries start after the header (which has an example entry in it).
            if ENTRY_START.match(line) and line.startswith("0001 "):
                in_body = True
            else:
                continue
        m = ENTRY_START.match(line)
        if m:
            if current:
                yield start, " ".join(current)
            current, start = [line.strip()], lineno
        elif line.strip():
            if current:
                current.append(line.strip())
        elif current:
            yield start, " ".join(current)
            current = []
    if current:
        yield start, " ".join(current)
    if not in_body:
        raise LoadError(f"{path}: no RFC entries found (is this rfc-index.txt?)")


def split_title_authors(head: str) -> tuple[str, list[str]]:
    """``"Title. A. Author, B. Other, Ed."`` -> ("Title", ["A. Author", "B. Other, Ed."])."""
    head = head.strip()
    if head.endswith(".."):
        head = head[:-1]
    positions = [m.end() for m in re.finditer(r"\.\s", head)]
    for pos in positions:
        title, rest = head[: pos - 2].strip(), head[pos:].strip().rstrip(".").strip()
        if rest.endswith(" Ed"):
            rest += "."
        parts = _author_parts(rest)
        if parts and all(AUTHOR_PART.match(p) for p in parts):
            return title, _join_editors(parts)
    if positions:  # organisations as authors: the last sentence
        pos = positions[-1]
        return head[: pos - 2].strip(), [head[pos:].strip().rstrip(".")]
    return head.rstrip("."), []


def _author_parts(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _join_editors(parts: list[str]) -> list[str]:
    out: list[str] = []
    for p in parts:
        if p == "Ed." and out:
            out[-1] += ", Ed."
        else:
            out.append(p)
    return out


def parse_txt_entry(number: int, text: str, where: str) -> RfcRecord:
    body = text[len(text.split(" ", 1)[0]) :].strip()
    if body.lower().startswith("not issued"):
        return RfcRecord(number=number, where=where, not_issued=True)
    props: dict[str, list[str]] = defaultdict(list)
    for m in PAREN.finditer(body):
        props[m.group(1)].append(" ".join(m.group(2).split()))
    head = PAREN.sub("", body).strip()
    year = month = day = None
    m = DATE_AT_END.search(head)
    if m:
        year, month, day = parse_month_year(m.group(1))
        head = head[: m.start()].strip()
        if not head.endswith("."):
            head += "."
    title, authors = split_title_authors(head)
    status = " ".join(props.get("Status", [""])[0].split()).upper()
    if status and status not in STD_LEVELS:
        raise LoadError(f"{where}: unknown status {status!r}")
    rec = RfcRecord(
        number=number,
        where=where,
        title=title,
        authors=authors or None,
        year=year,
        month=month,
        day=day,
        std_level=STD_LEVELS.get(status) if status else None,
    )
    for key, target in (("Obsoletes", rec.obsoletes), ("Updates", rec.updates)):
        for value in props.get(key, []):
            for ref in value.split(","):
                parsed = parse_doc_id(ref)
                if parsed and parsed[0] == "rfc":
                    target.append(parsed[1])
    for value in props.get("Also", []):
        for ref in value.split(","):
            parsed = parse_doc_id(ref)
            if parsed and parsed[0] in ("bcp", "std", "fyi"):
                rec.also.append(f"{parsed[0]}{parsed[1]}")
    if "Stream" in props:
        rec.stream = STREAMS.get(props["Stream"][0].strip().upper())
    return rec


def iter_txt(path: Path) -> Iterator[RfcRecord]:
    for lineno, text in iter_txt_entries(path):
        number = int(text.split(" ", 1)[0])
        yield parse_txt_entry(number, text, f"{path}, line {lineno} (RFC {number})")


# --- rfc-index.xml ------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el, name: str):
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _children(el, name: str):
    return [c for c in el if _local(c.tag) == name]


def _text_of(el, name: str) -> str | None:
    c = _child(el, name)
    if c is None:
        return None
    return "".join(c.itertext()).strip()


def _refs(el, name: str) -> list[tuple[str, int]]:
    c = _child(el, name)
    if c is None:
        return []
    out = []
    for d in _children(c, "doc-id"):
        parsed = parse_doc_id(d.text or "")
        if parsed:
            out.append(parsed)
    return out


def iter_xml(path: Path) -> Iterator[RfcRecord | SubseriesRecord]:
    from lxml import etree

    wanted = {"rfc-entry", "rfc-not-issued-entry", "bcp-entry", "std-entry", "fyi-entry"}
    try:
        with open_with_progress(path) as f:
            for _event, el in etree.iterparse(
                f, events=("end",), huge_tree=True, resolve_entities=False, no_network=True
            ):
                kind = _local(el.tag)
                if kind not in wanted:
                    continue
                line = el.sourceline
                doc_id = _text_of(el, "doc-id") or ""
                parsed = parse_doc_id(doc_id)
                where = f"{path}, line {line} ({doc_id or kind})"
                if not parsed:
                    raise LoadError(f"{where}: missing or invalid <doc-id> {doc_id!r}")
                if kind == "rfc-not-issued-entry":
                    yield RfcRecord(number=parsed[1], where=where, not_issued=True)
                elif kind == "rfc-entry":
                    yield _xml_rfc(el, parsed[1], where)
                else:
                    yield SubseriesRecord(
                        name=f"{parsed[0]}{parsed[1]}",
                        rfcs=[n for k, n in _refs(el, "is-also") if k == "rfc"],
                        where=where,
                        title=_text_of(el, "title") or None,
                    )
                el.clear(keep_tail=True)
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise LoadError(f"{path}: invalid XML: {exc}") from None


def _xml_rfc(el, number: int, where: str) -> RfcRecord:
    authors = []
    for a in _children(el, "author"):
        name = _text_of(a, "name") or ""
        if (_text_of(a, "title") or "").lower() == "editor":
            name += ", Ed."
        authors.append(name)
    date = _child(el, "date")
    year = month = day = None
    if date is not None:
        year, month, _ = parse_month_year(
            f"{_text_of(date, 'month') or ''} {_text_of(date, 'year') or ''}"
        )
        d = _text_of(date, "day")
        day = int(d) if d and d.isdigit() else None
    pages = _text_of(el, "page-count")
    abstract_el = _child(el, "abstract")
    abstract = None
    if abstract_el is not None:
        paras = ["".join(p.itertext()).strip() for p in _children(abstract_el, "p")]
        abstract = "\n\n".join(p for p in paras if p)
    status = (_text_of(el, "current-status") or "").upper()
    pub_status = (_text_of(el, "publication-status") or "").upper()
    if status and status not in STD_LEVELS:
        raise LoadError(f"{where}: unknown <current-status> {status!r}")
    stream = _text_of(el, "stream")
    rec = RfcRecord(
        number=number,
        where=where,
        title=_text_of(el, "title") or "",
        authors=authors,
        year=year,
        month=month,
        day=day,
        pages=int(pages) if pages and pages.isdigit() else None,
        abstract=abstract if abstract is not None else "",
        draft=_text_of(el, "draft") or None,
        stream=STREAMS.get(stream.upper()) if stream else None,
        wg_acronym=_text_of(el, "wg_acronym") or None,
        std_level=STD_LEVELS.get(status) if status else None,
        intended_std_level=INTENDED_STD_LEVELS.get(pub_status),
        errata=bool(_text_of(el, "errata-url")),
    )
    if stream and rec.stream is None:
        raise LoadError(f"{where}: unknown <stream> {stream!r}")
    rec.obsoletes = [n for k, n in _refs(el, "obsoletes") if k == "rfc"]
    rec.updates = [n for k, n in _refs(el, "updates") if k == "rfc"]
    rec.also = [f"{k}{n}" for k, n in _refs(el, "is-also") if k in ("bcp", "std", "fyi")]
    return rec


# --- loading ------------------------------------------------------------------------------------


def detect_format(path: Path) -> str:
    if path.suffix.lower() == ".xml":
        return "xml"
    if path.suffix.lower() == ".txt":
        return "txt"
    with open(path, "rb") as f:
        head = f.read(512).lstrip()
    return "xml" if head.startswith(b"<") else "txt"


def load(path: str | Path, *, format: str = "auto", using: str = "default") -> Report:
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    fmt = detect_format(path) if format == "auto" else format
    report = Report(f"rfc-index ({fmt}) {path}")
    with timed(report), atomic_load(using):
        if fmt == "xml":
            importer = RfcImporter(using, report, authors="replace")
            records = iter_xml
        else:
            importer = RfcImporter(using, report, authors="fill", existing="fill")
            records = iter_txt
        subseries_declared: dict[str, SubseriesRecord] = {}
        for rec in records(path):
            if isinstance(rec, SubseriesRecord):
                subseries_declared[rec.name] = rec
            else:
                importer.add(rec)
        importer.flush()
        # Second pass: relations and subseries (targets may come later in the file).
        edges = []
        members: dict[str, list[int]] = defaultdict(list)
        first_where: dict[str, str] = {}
        for rec in records(path):
            if isinstance(rec, SubseriesRecord) or rec.not_issued:
                continue
            edges.extend((rec.number, t, "obs") for t in rec.obsoletes)
            edges.extend((rec.number, t, "updates") for t in rec.updates)
            for name in rec.also:
                members[name].append(rec.number)
                first_where.setdefault(name, rec.where)
        importer.add_rfc_relations(edges)
        subseries = []
        for name in sorted(set(members) | set(subseries_declared)):
            declared = subseries_declared.get(name)
            rfcs = sorted(set(members.get(name, [])) | set(declared.rfcs if declared else []))
            subseries.append(
                SubseriesRecord(
                    name=name,
                    rfcs=rfcs,
                    where=declared.where if declared else first_where[name],
                    title=declared.title if declared else None,
                )
            )
        for chunk in chunked(subseries):
            importer.set_subseries(chunk)
    return report
