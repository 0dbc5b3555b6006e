from django.apps import AppConfig


class LiaisonsConfig(AppConfig):
    name = "dtapi.liaisons"
    label = "liaisons"
    default_auto_field = "django.db.models.AutoField"
