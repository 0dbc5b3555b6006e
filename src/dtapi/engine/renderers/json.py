"""The API's JSON: keys sorted, non-ASCII kept, Python's default separators (``", "``, ``": "``).

These are the original's exact bytes. The standard library's C encoder produces them; orjson
cannot (it has no separator option) and re-spacing its output would cost what it saves.
"""

from __future__ import annotations

import json
from typing import Any

_encoder = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def render(data: Any) -> bytes:
    return _encoder.encode(data).encode("utf-8")
