from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "dtapi.changes"
    label = "changes"
    verbose_name = "Change feed"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import triggers

        # Triggers are (re)installed after every migrate: a migration that rebuilds a table
        # (SQLite's ALTER) drops them, and new API models get theirs.
        post_migrate.connect(triggers.install_after_migrate, dispatch_uid="dtapi-changes-triggers")
        try:
            from dtapi.tasks import periodic

            from .retention import prune

            periodic.register("changes: drop feed entries older than the retention", prune)
        except ImportError:  # pragma: no cover - the task queue is optional here
            pass
