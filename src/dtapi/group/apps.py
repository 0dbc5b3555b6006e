from django.apps import AppConfig


class GroupConfig(AppConfig):
    name = "dtapi.group"
    label = "group"
    default_auto_field = "django.db.models.AutoField"
