from django.apps import AppConfig


class PersonConfig(AppConfig):
    name = "dtapi.person"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "person"
    default_auto_field = "django.db.models.AutoField"
