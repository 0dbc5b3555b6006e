"""The differential test's report: every difference found, grouped, in ``var/differential/``.

``report.txt`` lists the unexplained differences first (each with the exact request and both
answers), then those allowed by ``deviations.py``; ``summary.txt`` counts them by kind.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

from django.db import connection

from .compare import Difference
from .runner import Exchange

REPO = Path(__file__).resolve().parents[2]


def _signature(difference: Difference) -> str:
    return re.sub(r"\d+", "N", str(difference))[:160]


class Report:
    def __init__(self) -> None:
        self.unexplained: list[str] = []
        self.allowed: list[str] = []
        self.counts: Counter[str] = Counter()
        self.exchanges = 0

    def add(self, exchange: Exchange, every: list[Difference], unexplained: list) -> None:
        self.exchanges += 1
        if unexplained:
            self.unexplained.append(exchange.report(unexplained))
        allowed = [d for d in every if d not in unexplained]
        if allowed:
            self.allowed.append(exchange.report(allowed))
        for difference in every:
            tag = "UNEXPLAINED" if difference in unexplained else "allowed"
            self.counts[f"{tag:11} {_signature(difference)}"] += 1

    def write(self) -> Path:
        folder = Path(os.environ.get("DTAPI_VAR_DIR", REPO / "var")) / "differential"
        folder.mkdir(parents=True, exist_ok=True)
        vendor = connection.vendor
        path = folder / f"report-{vendor}.txt"
        with path.open("w") as out:
            out.write(f"# differential test on {vendor}: {self.exchanges} exchanges, ")
            out.write(f"{len(self.unexplained)} with unexplained differences, ")
            out.write(f"{len(self.allowed)} with allowed (deviations.py) differences\n\n")
            out.write("## Summary\n")
            for line, count in sorted(self.counts.items()):
                out.write(f"{count:6} {line}\n")
            out.write("\n## Unexplained differences\n\n")
            out.write("\n\n".join(self.unexplained))
            out.write("\n\n## Allowed differences (deviations.py)\n\n")
            out.write("\n\n".join(self.allowed))
            out.write("\n")
        return path
