import os

from django.core.wsgi import get_wsgi_application

from upward.env import ImproperlyConfiguredEnv

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfiguredEnv as exc:
    # A setting an operator must fix: one line saying which, not a traceback.
    raise SystemExit(f"upward: {exc}") from None
