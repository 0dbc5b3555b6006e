from django.apps import AppConfig


class MailTriggerConfig(AppConfig):
    name = "dtapi.mailtrigger"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "mailtrigger"
    default_auto_field = "django.db.models.AutoField"
