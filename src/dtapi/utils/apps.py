from django.apps import AppConfig


class UtilsConfig(AppConfig):
    name = "dtapi.utils"
    label = "utils"
    default_auto_field = "django.db.models.AutoField"
