"""Settings of the reference variant with ``select_related``/``prefetch_related``."""

from .settings import *  # noqa: F403

ROOT_URLCONF = "tests.reference.urls_optimized"
