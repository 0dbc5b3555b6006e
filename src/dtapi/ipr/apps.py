from django.apps import AppConfig


class IprConfig(AppConfig):
    name = "dtapi.ipr"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "ipr"
    default_auto_field = "django.db.models.AutoField"
