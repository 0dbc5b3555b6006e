"""Reading a submitted draft's XML source safely, before xml2rfc ever sees it.

    tree = parse(data)                    # raises SourceError: not XML, or hostile
    name, rev = docname(tree)
    clean = sanitize(tree, library)       # bytes for xml2rfc: nothing left to fetch

The parser resolves no entity, loads no DTD, touches no network and keeps libxml2's size
limits (``huge_tree`` off). What xml2rfc would otherwise fetch or expand is decided here:

* a DOCTYPE may name only a DTD that xml2rfc ships (``rfc2629.dtd``, read from xml2rfc's own
  templates); any other DTD (a URL, a path) is refused;
* entity declarations in the document are refused (so no "billion laughs"), except external
  ones naming a reference (``.../reference.RFC.2119.xml``) found in the local reference library
  (``DTAPI_XML_LIBRARY``), which are replaced by that reference;
* ``<xi:include>`` and ``<?rfc include?>`` are likewise replaced from the local library, by
  the file's name alone (never a path or a URL); anything else is refused.

Nothing is read from the network or from any file but the library's ``reference.*.xml``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree

XINCLUDE = "{http://www.w3.org/2001/XInclude}include"
SHIPPED_DTDS = {"rfc2629.dtd"}
REFERENCE_FILE = re.compile(r"^(?:bibxml\d*/)?(reference\.[A-Za-z0-9._-]+?)(?:\.xml)?$")


class SourceError(Exception):
    """The source cannot be accepted; ``messages`` says why (shown to the submitter)."""

    def __init__(self, *messages: str) -> None:
        super().__init__(messages[0] if messages else "")
        self.messages = list(messages)


INVALID_XML = (
    "The uploaded file is not valid XML. Please make sure you are uploading the correct file."
)


def parser() -> etree.XMLParser:
    """The one way dtapi parses XML it did not write: nothing resolved, fetched or expanded."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=False,
    )


def parse(data: bytes) -> etree._ElementTree:
    try:
        root = etree.fromstring(data, parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise SourceError(INVALID_XML, f"XML error: {exc}") from None
    tree = root.getroottree()
    if root.tag != "rfc":
        raise SourceError(
            INVALID_XML, f"The top-level element is <{root.tag}>; an Internet-Draft's is <rfc>."
        )
    return tree


def docname(tree: etree._ElementTree) -> tuple[str | None, str | None]:
    """The draft's name and revision from ``<rfc docName="name-NN">`` (None where missing)."""
    value = (tree.getroot().get("docName") or "").strip()
    if not value:
        return None, None
    match = re.match(r"^(?P<name>.+?)(?:-(?P<rev>[0-9][0-9]))?$", value)
    if match is None:
        return None, None
    return match.group("name"), match.group("rev")


def _library_file(reference: str, library: Path | None) -> Path | None:
    """The library file a reference names, by its file name only; None if there is none."""
    if library is None:
        return None
    url = urlparse(reference)
    name = Path(url.path).name if (url.scheme or "/" in reference) else reference
    match = REFERENCE_FILE.match(name)
    if match is None:
        return None
    candidate = library / f"{match.group(1)}.xml"
    return candidate if candidate.is_file() else None


def _reference_element(path: Path) -> etree._Element:
    try:
        element = etree.parse(str(path), parser()).getroot()
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"The library reference {path.name} is not valid XML: {exc}") from None
    if element.tag not in ("reference", "referencegroup"):
        raise SourceError(f"The library file {path.name} is not a <reference>.")
    return element


def _not_fetched(what: str, target: str) -> str:
    return (
        f"{what} {target!r} is not resolved: dtapi fetches nothing from the network or the "
        "file system. Put the reference into the XML source itself (or ask the operator to "
        "add it to the local reference library)."
    )


def sanitize(tree: etree._ElementTree, library: Path | None = None) -> bytes:
    """The source as xml2rfc gets it: no DTD but a shipped one, no entity, no include."""
    problems: list[str] = []
    info = tree.docinfo
    if info.doctype:
        system = (info.system_url or "").strip()
        if system and system not in SHIPPED_DTDS:
            problems.append(
                f"The DTD {system!r} is not loaded: dtapi fetches no DTD (xml2rfc's own "
                f"{', '.join(sorted(SHIPPED_DTDS))} may be named)."
            )
    declared: dict[str, etree._Element] = {}
    dtd = info.internalDTD
    if dtd is not None:
        for entity in dtd.iterentities():
            if entity.system_url:
                found = _library_file(entity.system_url, library)
                if found is None:
                    problems.append(
                        _not_fetched(f"The external entity &{entity.name};", entity.system_url)
                    )
                else:
                    declared[entity.name] = _reference_element(found)
            else:
                problems.append(
                    f"The entity declaration &{entity.name}; is not accepted: dtapi expands no "
                    "entities declared in a submission. Write the text out instead."
                )
    root = tree.getroot()
    if problems:
        raise SourceError(*problems)

    shipped_dtd = bool(info.doctype) and (info.system_url or "").strip() in SHIPPED_DTDS
    for node in list(root.iter(etree.Entity)):
        if node.name in declared:
            _replace(node, declared[node.name])
        elif not shipped_dtd:
            problems.append(f"The entity &{node.name}; is not defined.")
    for node in list(root.iter(XINCLUDE)):
        href = node.get("href", "")
        found = _library_file(href, library)
        if found is None:
            problems.append(_not_fetched("The XInclude of", href))
        else:
            _replace(node, _reference_element(found))
    for node in list(root.iter(etree.ProcessingInstruction)):
        if node.target == "rfc" and re.search(r"\binclude\s*=", node.text or ""):
            target = re.search(r"""include\s*=\s*["']([^"']*)["']""", node.text or "")
            href = target.group(1) if target else ""
            found = _library_file(href, library)
            if found is None:
                problems.append(_not_fetched("The include", href))
            else:
                _replace(node, _reference_element(found))
    if problems:
        raise SourceError(*problems)

    body = etree.tostring(root, encoding="utf-8")
    doctype = '<!DOCTYPE rfc SYSTEM "rfc2629.dtd">\n' if shipped_dtd else ""
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + doctype.encode() + body


def _replace(node: etree._Element, replacement: etree._Element) -> None:
    parent = node.getparent()
    copy = etree.fromstring(etree.tostring(replacement), parser())
    copy.tail = node.tail
    parent.replace(node, copy)
