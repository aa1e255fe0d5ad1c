import os

from django.core.wsgi import get_wsgi_application

from geoconsult.production import check_production_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoconsult.settings")
application = get_wsgi_application()
check_production_settings()
