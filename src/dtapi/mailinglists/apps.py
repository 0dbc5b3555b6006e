from django.apps import AppConfig


class MailinglistsConfig(AppConfig):
    name = "dtapi.mailinglists"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "mailinglists"
    default_auto_field = "django.db.models.AutoField"
