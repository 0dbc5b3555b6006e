"""``dtapi load shared-data [DIR]``: load the real IETF data folder, in order, in one go.

The folder is ``../shared/data`` beside the project (see its README). Everything is loaded in
one transaction, in dependency order, printing counts and times per step; loading it again
changes nothing.

What is *not* loaded, and why:

* ``datatracker-agenda83-fixtures-2013/grouphistory.json`` and ``grouprolehistory.json``:
  their 961 ``group.rolehistory`` rows point at ``GroupHistory`` rows that are not in the
  data (and cannot be reconstructed).
* the ``group.role`` records of ``groupgroup.json``: 28 persons and 65 addresses they refer
  to are not in the data; ``role.all`` has the roles (1,639, all resolvable).
* ``session83.json``: the same 150 sessions as ``meeting83.json`` plus their materials,
  whose documents (agendas, slides, minutes) are not in the data.
* ``workinggroups.json``, ``groups.json``, ``person*.json``, ``roles.json``, ``users.json``,
  ``test-*.json``: alternate exports or small subsets of the files loaded
  (``test-meeting.json`` is not even valid JSON).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from dtapi.loaders import dumpdata, groups, rfc_index, rfc_json, subseries
from dtapi.loaders.base import LoadError, Report, atomic_load

SECR = "datatracker-secr-fixtures-2013"
AGENDA = "datatracker-agenda83-fixtures-2013"

# (step title, file, per-file dumpdata options)
DUMPDATA_STEPS = [
    ("names", "names-2022.json", {}),
    ("names delta", "names-delta-2023.json", {}),
    ("users", f"{SECR}/user.all", {}),
    ("persons", f"{SECR}/person.all", {}),
    ("emails", f"{SECR}/email.all", {}),
    # groupgroup.json (Jan 2013) is newer than group.all (Jan 2012) but lacks charters;
    # group.all then only fills in what is missing.
    ("groups", f"{AGENDA}/groupgroup.json", {"exclude": ["group.role"]}),
    ("groups (charters)", f"{SECR}/group.all", {"keep_existing": True}),
    ("roles", f"{SECR}/role.all", {}),
    ("group events", f"{AGENDA}/groupevents.json", {}),
    ("meeting 83 (schedules, rooms, timeslots, sessions)", f"{AGENDA}/meeting83.json", {}),
    ("constraints", f"{AGENDA}/constraint83.json", {}),
]
GROUPS_2025 = "metanorma-ietf-groups-2025/groups.yaml"
RFC_JSON = "rfc-editor-json-2024-01/rfcs.jsonl"
RFC_INDEX_TXT = "rfc-index-2024-03-06.txt"
SUBSERIES = "relaton-data-rfcsubseries-2024-04"


def default_dir() -> Path:
    """``$DTAPI_SHARED_DATA``, else ``shared/data`` beside the project (or the cwd)."""
    env = os.environ.get("DTAPI_SHARED_DATA")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    candidate = repo.parent / "shared" / "data"
    if (repo / "pyproject.toml").exists() and candidate.is_dir():
        return candidate
    return Path.cwd().parent / "shared" / "data"


def load(
    path: str | Path,
    *,
    using: str = "default",
    out: Callable[[str], None] = print,
) -> Report:
    """Load everything in ``path``; ``out`` receives the progress lines."""
    root = Path(path)
    if not root.is_dir():
        raise LoadError(f"{root}: no such directory (expected the shared data folder)")
    total = Report(f"shared-data {root}")
    start = time.monotonic()

    def step(title: str, report: Report) -> None:
        out(f"[{time.monotonic() - start:6.1f}s] {title}: {report.seconds:.1f}s")
        for line in report.lines():
            out(line)
        total.merge(report)

    with atomic_load(using):
        ctx = dumpdata.make_context(dumpdata.Options(using=using))
        loaded_any = False
        for title, rel, overrides in DUMPDATA_STEPS:
            f = root / rel
            if not f.is_file():
                out(f"[{time.monotonic() - start:6.1f}s] {title}: {rel} absent, skipped")
                continue
            report = dumpdata.load_file(f, ctx, **overrides)
            loaded_any = True
            step(f"{title} ({rel})", report)
        if loaded_any:
            step("synthesised rows and reference check", dumpdata.finish(ctx))

        # Before the RFCs: their groups (quic, ...) must exist to be found by draft name.
        f = root / GROUPS_2025
        if f.is_file():
            names = root / RFC_JSON
            report = groups.load(f, rfc_json=names if names.is_file() else None, using=using)
            step(f"groups active in 2025 ({GROUPS_2025})", report)
        else:
            out(f"groups active in 2025: {GROUPS_2025} absent, skipped")
        f = root / RFC_JSON
        if f.is_file():
            step(f"RFCs ({RFC_JSON})", rfc_json.load(f, using=using))
        else:
            out(f"RFCs: {RFC_JSON} absent, skipped")
        f = root / RFC_INDEX_TXT
        if f.is_file():
            step(f"RFC index ({RFC_INDEX_TXT})", rfc_index.load(f, format="txt", using=using))
        else:
            out(f"RFC index: {RFC_INDEX_TXT} absent, skipped")
        d = root / SUBSERIES
        if d.is_dir():
            step(f"subseries ({SUBSERIES})", subseries.load([d], using=using))
        else:
            out(f"subseries: {SUBSERIES} absent, skipped")
    total.seconds = time.monotonic() - start
    out(f"[{total.seconds:6.1f}s] done (one transaction, committed)")
    return total
