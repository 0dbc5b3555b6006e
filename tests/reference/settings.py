"""Settings of the reference site (tastypie configured like the original) for gunicorn::

    DJANGO_SETTINGS_MODULE=tests.reference.settings gunicorn dtapi.wsgi ...

dtapi's settings (same database, same models), plus tastypie, the reference URLconf and the
original's middleware (CORS, conditional GET).
"""

from dtapi.settings import *  # noqa: F403
from dtapi.settings import INSTALLED_APPS, MIDDLEWARE

from .middleware import reference_middleware

INSTALLED_APPS = [*INSTALLED_APPS, "tastypie"]
ROOT_URLCONF = "tests.reference.urls"
MIDDLEWARE = reference_middleware(MIDDLEWARE)
