from django.apps import AppConfig


class NameConfig(AppConfig):
    name = "dtapi.name"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "name"
    default_auto_field = "django.db.models.AutoField"
