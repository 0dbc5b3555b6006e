from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "dtapi.review"
    label = "review"
    default_auto_field = "django.db.models.AutoField"
