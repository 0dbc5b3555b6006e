from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "dtapi.stats"
    label = "stats"
    default_auto_field = "django.db.models.AutoField"
