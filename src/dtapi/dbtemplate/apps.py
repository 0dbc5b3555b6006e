from django.apps import AppConfig


class DBTemplateConfig(AppConfig):
    name = "dtapi.dbtemplate"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "dbtemplate"
    default_auto_field = "django.db.models.AutoField"
