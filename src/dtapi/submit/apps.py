from django.apps import AppConfig


class SubmitConfig(AppConfig):
    name = "dtapi.submit"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "submit"
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        from dtapi.submit import services
        from dtapi.tasks import periodic

        periodic.register("submit: cancel stale submissions", services.cancel_stale_submissions)
