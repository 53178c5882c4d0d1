from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class DanishByDefaultLocaleMiddleware:
    """Danish unless the user chose otherwise (language cookie); the browser's language is ignored,
    since a Danish municipality's staff often run English-language browsers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """Cache-Control: no-store on every response that reaches Django (OWASP ASVS 4.0 8.2.1).

    Pages, letters as PDF and API answers carry personal data about children; no browser cache or proxy
    may keep them. Static files never get here: WhiteNoise, placed before this middleware, answers them
    with long-lived caching headers of its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
