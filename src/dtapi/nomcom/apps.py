from django.apps import AppConfig


class NomcomConfig(AppConfig):
    name = "dtapi.nomcom"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "nomcom"
    default_auto_field = "django.db.models.AutoField"
