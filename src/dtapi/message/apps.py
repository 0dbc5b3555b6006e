from django.apps import AppConfig


class MessageConfig(AppConfig):
    name = "dtapi.message"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "message"
    default_auto_field = "django.db.models.AutoField"
