from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


def _install_vocabulary(
    sender: AppConfig, apps: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> None:
    # ``flush`` (TransactionTestCase teardown) sends post_migrate without ``apps``.
    # Like django.contrib.sites' default site: every migrate (and a test database built
    # without migrations) ends with the built-in vocabulary in place. Idempotent.
    from dtapi.name.vocabulary import install_vocabulary

    install_vocabulary(apps, using=using)


class DocConfig(AppConfig):
    name = "dtapi.doc"
    publishes_api = True  # its models are /api/v1 resources (dtapi.engine)
    label = "doc"
    verbose_name = "Documents"
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        post_migrate.connect(_install_vocabulary, sender=self, dispatch_uid="dtapi.doc.vocabulary")
