from django.apps import AppConfig


class RedirectsConfig(AppConfig):
    name = "dtapi.redirects"
    label = "redirects"
    default_auto_field = "django.db.models.AutoField"
