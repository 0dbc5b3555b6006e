from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dtapi.api"
    label = "api"
    default_auto_field = "django.db.models.AutoField"
