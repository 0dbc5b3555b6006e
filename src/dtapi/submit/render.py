"""Running xml2rfc on a (sanitized) submission: v2 to v3, prep, text and HTML, metadata.

    result = render(source_bytes, "draft-doe-thing", "00")   # raises RenderError

As the original: the source is parsed by xml2rfc, converted to the v3 vocabulary when it is
v2, prepared (``PrepToolWriter``: boilerplate, numbering, validation) and written as ``.txt``
and ``.html``; title, authors and date come from the XML, the abstract, page and word counts
from the rendered text. xml2rfc runs with its network use off, in an empty scratch folder, and
inside :func:`dtapi.submit.offline.offline`.
"""

from __future__ import annotations

import copy
import datetime
import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xml2rfc
from django.utils import timezone
from lxml import etree
from xml2rfc.util.date import augment_date, extract_date
from xml2rfc.writers.base import default_options

from dtapi.submit.offline import offline


class RenderError(Exception):
    def __init__(self, summary: str, details: list[str] | None = None) -> None:
        super().__init__(summary)
        self.summary = summary
        self.details = details or []

    def __str__(self) -> str:
        return self.summary + "".join(f"\n{line}" for line in self.details[:20])


@dataclass
class Rendered:
    xml_version: str
    xml: bytes  # the submitted source, as stored (sanitized)
    txt: str
    html: str
    title: str
    abstract: str
    authors: list[dict[str, str]]
    document_date: datetime.date | None
    pages: int
    words: int
    first_two_pages: str
    warnings: list[str] = field(default_factory=list)


def _options(workdir: str) -> Any:
    options = copy.deepcopy(default_options)
    options.no_network = True
    options.quiet = True
    options.verbose = False
    options.cache = workdir
    options.accept_prepped = True
    options.date = timezone.localdate()
    options.allow_local_file_access = False
    return options


def _normalize(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _authors(root: etree._Element) -> list[dict[str, str]]:
    out = []
    for author in root.findall("front/author"):
        country = author.find("address/postal/country")
        out.append(
            {
                "name": _normalize(author.get("fullname") or author.get("asciiFullname")),
                "email": _normalize(author.findtext("address/email")),
                "affiliation": _normalize(author.findtext("organization")),
                "country": _normalize(
                    (country.get("ascii") or country.text) if country is not None else ""
                ),
            }
        )
    return out


def _abstract(root: etree._Element) -> str:
    abstract = root.find("front/abstract")
    if abstract is None:
        return ""
    paragraphs = [_normalize("".join(p.itertext())) for p in abstract]
    return "\n\n".join(p for p in paragraphs if p)


def _document_date(root: etree._Element) -> datetime.date | None:
    element = root.find("front/date")
    if element is None:
        return None
    today = timezone.localdate()
    year, month, day = extract_date(element, today)
    year, month, day = augment_date(year, month, day, today)
    if not day:
        day = today.day if (year, month) == (today.year, today.month) else 15
    try:
        return datetime.date(year, month, day)
    except (TypeError, ValueError):
        return None


def _pages(txt: str) -> list[str]:
    return [page for page in txt.split("\f") if page.strip()]


def render(source: bytes, name: str, rev: str) -> Rendered:
    out = io.StringIO()
    saved = xml2rfc.log.write_out, xml2rfc.log.write_err
    xml2rfc.log.write_out = xml2rfc.log.write_err = out
    try:
        with tempfile.TemporaryDirectory(prefix="dtapi-render-") as workdir, offline():
            return _render(source, name, rev, workdir, out)
    finally:
        xml2rfc.log.write_out, xml2rfc.log.write_err = saved


def _log_lines(out: io.StringIO) -> list[str]:
    return [line for line in out.getvalue().splitlines() if line.strip()]


def _render(source: bytes, name: str, rev: str, workdir: str, out: io.StringIO) -> Rendered:
    options = _options(workdir)
    path = Path(workdir) / f"{name}-{rev}.xml"
    path.write_bytes(source)
    parser = xml2rfc.XmlRfcParser(
        str(path),
        quiet=True,
        options=options,
        cache_path=workdir,
        library_dirs=workdir,
        no_network=True,
        network_locs=[],
    )
    try:
        xmltree = parser.parse(remove_comments=False)
    except Exception as exc:
        raise RenderError(f"Error from xml2rfc (xml): {exc}", _log_lines(out)) from None
    xml_version = xmltree.getroot().get("version", "2")
    if xml_version == "2":
        try:
            xmltree.tree = xml2rfc.V2v3XmlWriter(xmltree, options=options).convert2to3()
        except Exception as exc:
            raise RenderError(f"Error converting v2 XML to v3: {exc}", _log_lines(out)) from None
    prep = xml2rfc.PrepToolWriter(
        xmltree, quiet=True, liberal=True, keep_pis=[xml2rfc.V3_PI_TARGET], options=options
    )
    try:
        xmltree.tree = prep.prep()
    except Exception as exc:
        errors = [str(e) for e in getattr(prep, "errors", [])]
        raise RenderError(f"Error during xml2rfc prep: {exc}", errors + _log_lines(out)) from None
    if xmltree.tree is None or getattr(prep, "errors", None):
        raise RenderError(
            "Error during xml2rfc prep", [str(e) for e in prep.errors] + _log_lines(out)
        )
    txt_path, html_path = path.with_suffix(".txt"), path.with_suffix(".html")
    try:
        xml2rfc.TextWriter(xmltree, quiet=True, options=options).write(str(txt_path))
    except Exception as exc:
        raise RenderError(
            f"Error generating text format from XML: {exc}", _log_lines(out)
        ) from None
    try:
        xml2rfc.HtmlWriter(xmltree, quiet=True, options=options).write(str(html_path))
    except Exception as exc:
        raise RenderError(
            f"Error generating HTML format from XML: {exc}", _log_lines(out)
        ) from None
    if not txt_path.exists() or not html_path.exists():
        raise RenderError("xml2rfc produced no output", _log_lines(out))
    root = xmltree.getroot()
    txt = txt_path.read_text(encoding="utf-8")
    pages = _pages(txt)
    return Rendered(
        xml_version=xml_version,
        xml=source,
        txt=txt,
        html=html_path.read_text(encoding="utf-8"),
        title=_normalize(root.findtext("front/title")),
        abstract=_abstract(root),
        authors=_authors(root),
        document_date=_document_date(root),
        pages=len(pages),
        words=len(txt.split()),
        first_two_pages="\f".join(pages[:2]),
        warnings=_log_lines(out),
    )
