from django.apps import AppConfig


class LiaisonsConfig(AppConfig):
    name = "dtapi.liaisons"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "liaisons"
    default_auto_field = "django.db.models.AutoField"
