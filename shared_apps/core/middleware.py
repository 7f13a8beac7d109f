"""Requests no view should see, refused before routing, as JSON like every other error."""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .errors import error_body


def _refuse(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse(error_body(status_code=status, code=code, detail=detail), status=status)


class RequestLimitsMiddleware:
    """First in the chain.

    - A body longer than REQUEST_BODY_MAX_BYTES is 413 `request_too_large`, before anyone reads
      it (Django's own limit, DATA_UPLOAD_MAX_MEMORY_SIZE, guards only form parsing, not the
      stream DRF's JSON parser reads). Nginx has the same limit in front.
    - A NUL in the path or query string is 400 `invalid_characters`: no id, token or filter of
      ours contains one, and PostgreSQL refuses it in any text parameter (a 500 otherwise).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refuse(400, "bad_request", "Content-Length is not a number.")
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return _refuse(413, "request_too_large", f"The body may be at most {settings.REQUEST_BODY_MAX_BYTES} bytes.")
        raw_path = request.META.get("PATH_INFO", "")
        if "\x00" in raw_path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
            return _refuse(400, "invalid_characters", "The path or query string contains a NUL character.")
        return self.get_response(request)


class NoStoreWithCredentialsMiddleware:
    """A response to a request that carried credentials (a bearer token or a session cookie) is
    `Cache-Control: no-store` unless its view said otherwise: no shared or browser cache may keep
    an order, a customer's address or a staff list for the next person at that computer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES:
            response.headers.setdefault("Cache-Control", "no-store")
            patch_vary_headers(response, ("Authorization",))
        return response


class ErrorLanguageMiddleware:
    """Django's and DRF's own messages (a field's "This field is required.") in the language the
    client asks for (`Accept-Language`, one of LANGUAGES; the front end sends its page's). Brigade's
    own details stay English and every `code` is the same in each language. Only error bodies are
    worded, so only they say they vary by the language: a menu or an order is one response for all
    (Django's LocaleMiddleware would mark every response, splitting caches by language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = self.get_response(request)
        if response.status_code >= 400:
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", language)
        return response
