from django.apps import AppConfig


class UtilsConfig(AppConfig):
    name = "dtapi.utils"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "utils"
    default_auto_field = "django.db.models.AutoField"
