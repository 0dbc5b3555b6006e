from django.apps import AppConfig


class DatabaseConfig(AppConfig):
    name = "dtapi.database"
    label = "database"
    verbose_name = "Database limits"

    def ready(self) -> None:
        from . import limits

        # Statement timeout on SQLite, bounded REGEXP, no timeout while migrate runs.
        limits.connect_signals(self)
