"""Splitting personal names into parts, for display forms such as the plain name.

``name_parts("Dr. Jane Q. van der Berg Jr.")`` gives
``NameParts(prefix="Dr.", first="Jane", middle="Q.", last="van der Berg", suffix="Jr.")``;
``plain_name`` of it is ``"Jane van der Berg"``. "Last, First" input is reordered.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Titles that may precede a name; compared without a trailing dot, case-insensitively.
PREFIXES = frozenset(
    {
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "prof",
        "professor",
        "sir",
        "herr",
        "frau",
        "hr",
        "fr",
        "mme",
        "mlle",
        "m",
        "rev",
        "ing",
    }
)
# Generational and academic suffixes; compared the same way.
SUFFIXES = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "v", "2nd", "3rd", "phd", "ph.d", "md", "esq", "dds"}
)
# Particles that belong to the surname ("van der Berg", "de la Cruz").
PARTICLES = frozenset(
    {
        "af",
        "al",
        "da",
        "das",
        "de",
        "del",
        "della",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "la",
        "le",
        "st",
        "st.",
        "ten",
        "ter",
        "van",
        "von",
        "zu",
    }
)


class NameParts(NamedTuple):
    prefix: str
    first: str
    middle: str
    last: str
    suffix: str


def _bare(word: str) -> str:
    return word.rstrip(".,").lower()


def _reorder_comma_form(name: str) -> str:
    """'Berg, Jane' -> 'Jane Berg'; 'Jane Berg, Jr.' is left alone."""
    if "," not in name:
        return name
    head, _, tail = name.partition(",")
    tail = tail.strip()
    if not tail or all(_bare(w) in SUFFIXES for w in tail.split()):
        return name.replace(",", " ")
    return f"{tail} {head.strip()}"


def name_parts(name: str) -> NameParts:
    """Split a full name into prefix, first, middle, last and suffix (each possibly "")."""
    words = _reorder_comma_form(" ".join(name.split())).split()
    prefix = suffix = ""
    if len(words) > 1 and _bare(words[0]) in PREFIXES:
        prefix = words.pop(0)
    if len(words) > 1 and _bare(words[-1]) in SUFFIXES:
        suffix = words.pop()
    if not words:
        return NameParts(prefix, "", "", "", suffix)
    if len(words) == 1:
        return NameParts(prefix, "", "", words[0], suffix)
    # The surname starts at the first lower-case particle after the first name.
    start = len(words) - 1
    for i in range(1, len(words) - 1):
        if _bare(words[i]) in PARTICLES:
            start = i
            break
    first = words[0]
    middle = " ".join(words[1:start])
    last = " ".join(words[start:])
    return NameParts(prefix, first, middle, last, suffix)


def plain_name(name: str) -> str:
    """First name and surname, without titles, middle names or suffixes."""
    parts = name_parts(name)
    return " ".join(p for p in (parts.first, parts.last) if p)


_INITIAL_SPLIT = re.compile(r"[\s-]+")


def initials(name: str) -> str:
    """Initials of the first and middle names, e.g. 'J. Q.' for 'Jane Quinn Berg'."""
    parts = name_parts(name)
    given = f"{parts.first} {parts.middle}".strip()
    return " ".join(f"{w[0]}." for w in _INITIAL_SPLIT.split(given) if w)
