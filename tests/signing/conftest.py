from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def key_file(settings: Any, tmp_path: Path) -> Path:
    """Each test starts without a signing key; generation on first use is on."""
    path = tmp_path / "keys" / "signing.pem"
    settings.DTAPI_SIGNING_KEY_PEM = ""
    settings.DTAPI_SIGNING_KEY_FILE = str(path)
    settings.DTAPI_GENERATE_KEYS = True
    return path
