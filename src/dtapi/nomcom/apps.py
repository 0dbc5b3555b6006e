from django.apps import AppConfig


class NomcomConfig(AppConfig):
    name = "dtapi.nomcom"
    label = "nomcom"
    default_auto_field = "django.db.models.AutoField"
