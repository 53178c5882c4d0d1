import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidlig.settings")
application = get_wsgi_application()

if os.getenv("TIDLIG_GC_FREEZE", "1") == "1":
    from tidlig.core.warm import warm_and_freeze

    warm_and_freeze()  # the start-up's objects are never walked by a full collection (core/warm.py)
