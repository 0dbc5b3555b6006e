from django.apps import AppConfig


class MirrorConfig(AppConfig):
    name = "dtapi.mirror"
    label = "mirror"
    verbose_name = "Mirror of another /api/v1"
    default_auto_field = "django.db.models.BigAutoField"
