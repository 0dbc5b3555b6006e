from django.apps import AppConfig


class DocConfig(AppConfig):
    name = "dtapi.doc"
    label = "doc"
    default_auto_field = "django.db.models.AutoField"
