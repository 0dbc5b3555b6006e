from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "dtapi.stats"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "stats"
    default_auto_field = "django.db.models.AutoField"
