"""Fixtures of the differential test: one data set, two servers (dtapi and the reference)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # tests.reference is imported by module path (URLconfs)
    sys.path.insert(0, str(REPO))

from tests.differential.fixtures import dataset, dtapi, reference  # noqa: E402, F401
