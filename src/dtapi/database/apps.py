from django.apps import AppConfig


class DatabaseConfig(AppConfig):
    name = "dtapi.database"
    label = "database"
    verbose_name = "Database limits"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import files, limits

        # Statement timeout on SQLite, bounded REGEXP, no timeout while migrate runs.
        limits.connect_signals(self)
        # SQLite files (and their -wal/-shm) readable by their owner only.
        files.create_sqlite_files()
        connection_created.connect(files.narrow_on_connect, dispatch_uid="dtapi.database.files")
