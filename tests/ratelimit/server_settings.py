"""Settings of the gunicorn server the multi-process tests start (tests/ratelimit/test_workers.py).

dtapi's settings with the tables made from the models directly (``migrate --run-syncdb``, as
pytest's ``--no-migrations`` does): seconds instead of a full migrate.
"""

from dtapi.settings import *  # noqa: F403


class _NoMigrations(dict):
    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


MIGRATION_MODULES = _NoMigrations()
# A window no test run crosses; a small limit.
DTAPI = {"APIKEY_FAILURE_LIMIT": 5, "APIKEY_FAILURE_WINDOW": 86400}
