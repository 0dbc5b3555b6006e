from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "dtapi.tasks"
    label = "tasks"
    verbose_name = "Background tasks"
    default_auto_field = "django.db.models.BigAutoField"
