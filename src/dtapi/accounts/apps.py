from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dtapi.accounts"
    label = "accounts"
    verbose_name = "Accounts and personal API keys"

    def ready(self) -> None:
        from dtapi.accounts import checks  # noqa: F401  (registers the system checks)
