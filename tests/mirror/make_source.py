"""Create the mirror tests' source database: tables, the built-in vocabulary, the differential
data set (every API app has rows). Run with DATABASE_URL and
DJANGO_SETTINGS_MODULE=tests.mirror.source_settings."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("migrate", run_syncdb=True, verbosity=0)

from dtapi.name.vocabulary import install_vocabulary  # noqa: E402

install_vocabulary()

from tests.differential.builder import build  # noqa: E402

build()
