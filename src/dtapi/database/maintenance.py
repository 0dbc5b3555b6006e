"""Database upkeep that bulk commands run after their work."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_statistics(using: str = DEFAULT_DB_ALIAS) -> None:
    """``ANALYZE`` the database, as autovacuum would later: after a bulk load the planner's
    row estimates are stale or missing, and a fresh server would otherwise plan the first
    requests (counts across the states join, say) on guesses."""
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
