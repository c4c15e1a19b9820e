import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

from portal.secret_key import require_secret_key  # noqa: E402 - needs the configured settings

require_secret_key()
