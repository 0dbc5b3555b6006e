"""WSGI entry point for gunicorn: ``gunicorn dtapi.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtapi.settings")
application = get_wsgi_application()
