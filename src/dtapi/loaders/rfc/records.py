"""RFC records as the RFC Editor's sources describe them, and the cleaning of their text.

The format modules (:mod:`~dtapi.loaders.rfc_json`, :mod:`~dtapi.loaders.rfc_index`,
:mod:`~dtapi.loaders.subseries`) parse their input into :class:`RfcRecord` /
:class:`SubseriesRecord`; :mod:`dtapi.loaders.rfc.importer` writes them.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}

STD_LEVELS = {
    "PROPOSED STANDARD": "ps",
    "INFORMATIONAL": "inf",
    "EXPERIMENTAL": "exp",
    "BEST CURRENT PRACTICE": "bcp",
    "HISTORIC": "hist",
    "DRAFT STANDARD": "ds",
    "INTERNET STANDARD": "std",
    "STANDARD": "std",
    "FOR YOUR INFORMATION": "inf",
    "UNKNOWN": "unkn",
}
# Intended levels have no "unknown".
INTENDED_STD_LEVELS = {k: v for k, v in STD_LEVELS.items() if v != "unkn"}

STREAMS = {
    "LEGACY": "legacy",
    "INDEPENDENT": "ise",
    "IAB": "iab",
    "IRTF": "irtf",
    "EDITORIAL": "editorial",
    "IETF": "ietf",
}

SUBSERIES_TYPES = ("bcp", "std", "fyi")
SUBSERIES_TITLES = {
    "bcp": "Best Current Practice {n}",
    "std": "Internet Standard technical specification {n}",
    "fyi": "For Your Information {n}",
}

DRAFT_NAME = re.compile(r"^(?P<name>draft-[a-z0-9][a-z0-9._+-]*?)(?:-(?P<rev>\d{1,3}))?$")
DOC_ID = re.compile(r"^\s*(RFC|BCP|STD|FYI)\s*0*(\d+)\s*$", re.IGNORECASE)


@dataclass
class RfcRecord:
    """One RFC as a source describes it; ``None`` means "not known by this source"."""

    number: int
    where: str  # file and record/line, for messages
    not_issued: bool = False
    title: str | None = None
    authors: list[str] | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    pages: int | None = None
    abstract: str | None = None
    draft: str | None = None  # source draft name, possibly with its revision
    stream: str | None = None  # stream slug
    wg_acronym: str | None = None
    source_name: str | None = None  # a working group *name* (RFC Editor JSON "source")
    std_level: str | None = None  # slug
    intended_std_level: str | None = None  # slug (publication status)
    obsoletes: list[int] = field(default_factory=list)
    updates: list[int] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # subseries names ("bcp14")
    errata: bool | None = None

    @property
    def name(self) -> str:
        return f"rfc{self.number}"

    @property
    def published(self) -> datetime.datetime | None:
        if not self.year:
            return None
        month = self.month or 1
        day = self.day or 1
        try:
            return datetime.datetime(self.year, month, day, tzinfo=datetime.UTC)
        except ValueError:
            return datetime.datetime(self.year, month, 1, tzinfo=datetime.UTC)


@dataclass
class SubseriesRecord:
    name: str  # "bcp14"
    rfcs: list[int]
    where: str
    title: str | None = None


# --- small parsers shared by the formats ---------------------------------------------------------


def parse_doc_id(text: str) -> tuple[str, int] | None:
    """``"RFC0010"`` / ``" BCP 14"`` -> ("rfc", 10) / ("bcp", 14); other ids -> None."""
    m = DOC_ID.match(text or "")
    if not m:
        return None
    return m.group(1).lower(), int(m.group(2))


def parse_month_year(text: str) -> tuple[int | None, int | None, int | None]:
    """``"May 2021"`` / ``"1 April 1978"`` -> (year, month, day)."""
    words = (text or "").replace(",", " ").split()
    year = month = day = None
    for w in words:
        lw = w.lower()
        if lw in MONTHS:
            month = MONTHS[lw]
        elif w.isdigit() and len(w) == 4:
            year = int(w)
        elif w.isdigit() and len(w) <= 2:
            day = int(w)
    return year, month, day


def clean_text(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(text.split())


def clean_abstract(text: str | None) -> str:
    if not text or not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def split_draft_name(text: str) -> tuple[str, str] | None:
    """``"draft-ietf-quic-transport-34"`` -> ("draft-ietf-quic-transport", "34")."""
    text = (text or "").strip().lower()
    if not text:
        return None
    m = DRAFT_NAME.match(text)
    if not m:
        return None
    rev = m.group("rev") or ""
    if rev and len(rev) < 2:
        rev = rev.zfill(2)
    return m.group("name"), rev


def clean_author(text: str) -> str:
    """ "J. Iyengar, Ed." -> "J. Iyengar" (names must not contain '@', ':' or '/')."""
    text = clean_text(text)
    text = re.sub(r",?\s*\b(Ed|Editor)\.?$", "", text).strip().rstrip(",").strip()
    if text.lower() in ("et al.", "et al", ""):
        return ""
    for ch in "@:/":
        text = text.replace(ch, " ")
    return clean_text(text)


def asciify(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if ord(c) < 128)
