import os

from django.core.asgi import get_asgi_application

from geoconsult.production import check_production_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoconsult.settings")
application = get_asgi_application()
check_production_settings()
