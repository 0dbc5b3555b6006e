from django.apps import AppConfig


class PersonConfig(AppConfig):
    name = "dtapi.person"
    label = "person"
    default_auto_field = "django.db.models.AutoField"
