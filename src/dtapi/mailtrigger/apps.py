from django.apps import AppConfig


class MailTriggerConfig(AppConfig):
    name = "dtapi.mailtrigger"
    label = "mailtrigger"
    default_auto_field = "django.db.models.AutoField"
