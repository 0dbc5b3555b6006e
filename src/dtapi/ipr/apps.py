from django.apps import AppConfig


class IprConfig(AppConfig):
    name = "dtapi.ipr"
    label = "ipr"
    default_auto_field = "django.db.models.AutoField"
