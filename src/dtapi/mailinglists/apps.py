from django.apps import AppConfig


class MailinglistsConfig(AppConfig):
    name = "dtapi.mailinglists"
    label = "mailinglists"
    default_auto_field = "django.db.models.AutoField"
