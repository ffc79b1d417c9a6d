"""Which language the site speaks to whom: the member's preference, else the switcher's
choice remembered in a cookie, else the browser's Accept-Language (Django's LocaleMiddleware
handles the last two). URLs carry no language, so a link reads the same for everyone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from cinemeter.accounts.services import member_language_set


def _site_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


class MemberLanguageMiddleware:
    """After LocaleMiddleware and AuthenticationMiddleware: a member's preference wins."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            language = user.preferred_language
            if language in _site_languages():
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


@csrf_exempt
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language switcher: remember the choice (cookie; a member's preference too) and go
    back to the same page, whose URL does not change.

    A visitor's switch needs no CSRF token: a forged one only changes how the site speaks to
    them, and a token in the header of every page would keep visitors' pages out of the page
    cache (`core.page_cache` stores no page that hands out a token). A member's switch writes
    their preference, so it is checked.
    """
    if request.user.is_authenticated:
        return _member_language_set(request)
    return _language_set(request)


@csrf_protect
def _member_language_set(request: HttpRequest) -> HttpResponse:
    return _language_set(request)


def _language_set(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in _site_languages():
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        if request.user.is_authenticated:
            member_language_set(user=request.user, language=language)
    return response
