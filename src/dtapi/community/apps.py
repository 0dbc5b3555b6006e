from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "dtapi.community"
    label = "community"
    default_auto_field = "django.db.models.AutoField"
