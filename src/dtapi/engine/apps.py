from django.apps import AppConfig


class EngineConfig(AppConfig):
    name = "dtapi.engine"
    label = "engine"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = "API engine"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
        from .registry import registry

        registry.build()
