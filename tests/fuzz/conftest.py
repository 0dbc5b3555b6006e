"""Fixtures of the fuzz test: the differential test's data set and dtapi client."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.differential.fixtures import dataset, dtapi  # noqa: E402, F401
