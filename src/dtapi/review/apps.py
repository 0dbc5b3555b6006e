from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "dtapi.review"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "review"
    default_auto_field = "django.db.models.AutoField"
