from django.apps import AppConfig


class SubmitConfig(AppConfig):
    name = "dtapi.submit"
    label = "submit"
    default_auto_field = "django.db.models.AutoField"
