import time


class ServerTimingMiddleware:
    """Adds ``Server-Timing: app;dur=<ms>`` to every response: the time Django spent on the request.

    Browsers' developer tools show it, and the benchmarks read it to report server time without the client's share.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response


class LanguageMiddleware:
    """Simplified Chinese unless the user chose another language in the menu (the language cookie).

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: a bureau's interface is Chinese
    by default, whatever the computer's locale; English is a choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = code
        # override, not activate: the language must not outlive the request in this thread.
        with translation.override(code):
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", code)
        return response
