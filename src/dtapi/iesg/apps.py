from django.apps import AppConfig


class IesgConfig(AppConfig):
    name = "dtapi.iesg"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "iesg"
    default_auto_field = "django.db.models.AutoField"
