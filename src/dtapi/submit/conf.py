"""Submission settings: ``settings.DTAPI_SUBMIT`` (upper-case keys) over these defaults.

Where the files go is Django's storage ``"drafts"`` (``settings.STORAGES``), by default a
folder ``DTAPI_STORAGE_DIR`` (environment; default ``$DTAPI_VAR_DIR/storage``). The local
reference library (``DTAPI_XML_LIBRARY``, a folder of ``reference.*.xml`` files) is where
references a draft includes are looked up; nothing is ever fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class SubmitSettings:
    max_xml_size: int = 3 * 1024 * 1024  # bytes, as the original
    max_daily_same_name: int = 20
    max_daily_submissions: int = 1000
    max_validation_minutes: float = 20  # then a submission still validating is cancelled
    from_email: str = "IETF I-D Submission Tool <idsubmission@ietf.org>"
    announce_from_email: str = "internet-drafts@ietf.org"
    days_to_expire: int = 185
    xml_library: Path | None = None


def submit_settings(**overrides: Any) -> SubmitSettings:
    configured = {k.lower(): v for k, v in getattr(settings, "DTAPI_SUBMIT", {}).items()}
    unknown = set(configured) - {f.name for f in fields(SubmitSettings)}
    if unknown:
        raise ValueError(f"DTAPI_SUBMIT: unknown setting(s) {sorted(unknown)}")
    library = getattr(settings, "DTAPI_XML_LIBRARY", "") or None
    values: dict[str, Any] = {"xml_library": Path(library) if library else None}
    return SubmitSettings(**{**values, **configured, **overrides})
