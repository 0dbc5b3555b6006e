from django.apps import AppConfig


class DBTemplateConfig(AppConfig):
    name = "dtapi.dbtemplate"
    label = "dbtemplate"
    default_auto_field = "django.db.models.AutoField"
