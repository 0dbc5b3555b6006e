from django.apps import AppConfig


class DatabaseConfig(AppConfig):
    name = "dtapi.database"
    label = "database"
    verbose_name = "Database limits"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import limits, rowcount

        # Before limits': the first count of a large table runs without the statement timeout.
        post_migrate.connect(
            rowcount.on_post_migrate, sender=self, dispatch_uid="dtapi.database.rowcount"
        )

        # Statement timeout on SQLite, bounded REGEXP, no timeout while migrate runs.
        limits.connect_signals(self)
