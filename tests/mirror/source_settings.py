"""Settings of the source server the mirror tests copy from: dtapi's, with migrations replaced
by creating the tables directly (as the test database is made), which takes seconds."""

from dtapi.settings import *  # noqa: F403


class _NoMigrations(dict):
    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: object) -> None:
        return None


MIGRATION_MODULES = _NoMigrations()

# The tests change the source's database from another process, which this server's
# per-process detail cache would not notice.
DTAPI = {**DTAPI, "DETAIL_CACHE_SECONDS": 0}  # noqa: F405
