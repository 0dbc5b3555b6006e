from django.apps import AppConfig


class RedirectsConfig(AppConfig):
    name = "dtapi.redirects"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "redirects"
    default_auto_field = "django.db.models.AutoField"
