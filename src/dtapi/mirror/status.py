"""``dtapi mirror status``: what was fetched from where, when, and what failed."""

from __future__ import annotations

from .models import Pending, ResourceState, Source


def _t(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%SZ") if value else "-"  # type: ignore[attr-defined]


def status_text(url: str | None = None) -> str:
    sources = Source.objects.order_by("url")
    if url:
        sources = sources.filter(url=url.rstrip("/"))
    if not sources.exists():
        return "No mirror has run yet (`dtapi mirror --from URL`).\n"
    out: list[str] = []
    for source in sources:
        out.append(f"source {source.url}")
        out.append(
            f"  last run: started {_t(source.last_started)}, finished {_t(source.last_finished)}, "
            f"status {source.last_status or '-'}"
        )
        if source.feed_cursor:
            out.append(f"  change feed cursor: {source.feed_cursor}")
        if source.summary:
            out.append("  summary: " + ", ".join(f"{k} {v}" for k, v in source.summary.items()))
        pending = Pending.objects.filter(source=source).count()
        if pending:
            out.append(f"  references waiting for their target: {pending}")
        states = ResourceState.objects.filter(source=source).order_by("resource")
        out.append(
            f"  {'resource':40} {'phase':9} {'rows':>9} {'source':>9} {'last fetched':21} error"
        )
        for s in states:
            phase = s.phase if s.phase == "done" else f"{s.phase}@{s.offset}"
            out.append(
                f"  {s.resource:40} {phase:9} {s.rows_written:9} {s.total if s.total is not None else '-':>9} "
                f"{_t(s.last_fetched):21} {s.last_error[:100]}"
            )
        failed = states.exclude(last_error="").count()
        out.append(f"  {states.count()} resources, {failed} failed")
    return "\n".join(out) + "\n"
