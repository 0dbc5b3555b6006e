from django.apps import AppConfig


class MessageConfig(AppConfig):
    name = "dtapi.message"
    label = "message"
    default_auto_field = "django.db.models.AutoField"
