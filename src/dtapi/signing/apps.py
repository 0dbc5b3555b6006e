from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "dtapi.signing"
    label = "signing"
    verbose_name = "JWS signing"

    def ready(self) -> None:
        from dtapi.signing import checks  # noqa: F401  (registers the system checks)
