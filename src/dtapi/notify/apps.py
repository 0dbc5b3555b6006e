from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "dtapi.notify"
    label = "notify"
    verbose_name = "Signed notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from dtapi.notify import signals

        signals.connect()
