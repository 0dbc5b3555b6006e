from django.apps import AppConfig


class NameConfig(AppConfig):
    name = "dtapi.name"
    label = "name"
    default_auto_field = "django.db.models.AutoField"
