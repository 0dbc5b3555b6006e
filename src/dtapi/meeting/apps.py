from django.apps import AppConfig


class MeetingConfig(AppConfig):
    name = "dtapi.meeting"
    label = "meeting"
    default_auto_field = "django.db.models.AutoField"
