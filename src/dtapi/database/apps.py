from django.apps import AppConfig


class DatabaseConfig(AppConfig):
    name = "dtapi.database"
    label = "database"
    verbose_name = "Database limits"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import files, limits, rowcount

        # Before limits': the first count of a large table runs without the statement timeout.
        post_migrate.connect(
            rowcount.on_post_migrate, sender=self, dispatch_uid="dtapi.database.rowcount"
        )

        # Statement timeout on SQLite, bounded REGEXP, no timeout while migrate runs.
        limits.connect_signals(self)
        # SQLite files (and their -wal/-shm) readable by their owner only.
        files.create_sqlite_files()
        connection_created.connect(files.narrow_on_connect, dispatch_uid="dtapi.database.files")
