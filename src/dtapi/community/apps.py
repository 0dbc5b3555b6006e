from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "dtapi.community"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "community"
    default_auto_field = "django.db.models.AutoField"
