"""With debug off the web app and the Celery processes need DJANGO_SECRET_KEY to start.

The check lives here rather than in settings.py so that commands which sign nothing
(`makemigrations --check`, `check`) still run on a machine with no environment set.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key(**_signal_kwargs) -> None:
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses an empty key when it is read
        key = ""
    if not key:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
