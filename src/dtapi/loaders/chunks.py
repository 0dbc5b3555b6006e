"""One batch size for every loader, and the one loop that cuts work into batches of it.

Batches bound two things: the number of parameters of one statement (``name__in=[...]``,
multi-row ``INSERT``; SQLite allows 32,766, older builds 999) and the memory a loader holds
between writes; 500 rows keeps both small.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

BATCH_SIZE = 500


def chunked(items: Iterable[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    """``items`` as consecutive lists of at most ``size`` elements (none for no items)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
