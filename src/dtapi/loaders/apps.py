from django.apps import AppConfig


class LoadersConfig(AppConfig):
    name = "dtapi.loaders"
    label = "loaders"
    default_auto_field = "django.db.models.AutoField"
