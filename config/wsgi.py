import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

application = get_wsgi_application()

if "gunicorn" in sys.modules:  # requests gunicorn itself refuses are answered in JSON too
    from shared_apps.core import gunicorn

    gunicorn.install()
