from django.apps import AppConfig


class GroupConfig(AppConfig):
    name = "dtapi.group"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "group"
    default_auto_field = "django.db.models.AutoField"
