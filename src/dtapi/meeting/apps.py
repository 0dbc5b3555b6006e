from django.apps import AppConfig


class MeetingConfig(AppConfig):
    name = "dtapi.meeting"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "meeting"
    default_auto_field = "django.db.models.AutoField"
