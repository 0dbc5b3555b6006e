from django.apps import AppConfig


class OidcConfig(AppConfig):
    name = "dtapi.oidc"
    label = "oidc"
    verbose_name = "OpenID Connect"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from dtapi.oidc import checks  # noqa: F401  (registers the system checks)
