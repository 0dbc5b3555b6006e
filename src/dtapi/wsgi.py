"""WSGI entry point for gunicorn: ``gunicorn dtapi.wsgi``.

Repeated detail GETs of /api/v1 are answered by :class:`dtapi.engine.replay.DetailReplay`
without entering Django (see that module); everything else goes to Django's handler.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtapi.settings")
django_application = get_wsgi_application()

from dtapi.engine.replay import DetailReplay  # noqa: E402  (needs the apps loaded)

application = DetailReplay(django_application)
