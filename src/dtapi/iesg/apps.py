from django.apps import AppConfig


class IesgConfig(AppConfig):
    name = "dtapi.iesg"
    label = "iesg"
    default_auto_field = "django.db.models.AutoField"
