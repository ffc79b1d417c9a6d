"""Response headers every page gets: the content security policy, the permissions policy,
and `Cache-Control: private` on personal responses.

Django 5.2 has no content security policy of its own (Django 6 adds `SECURE_CSP`), and the
site's policy is one fixed header, so a few lines here do what a package would: the site
loads only its own scripts and styles (no inline ones: the templates carry none, and the
scripts live in static/js), which is the part that stops injected markup from running.
`settings.CONTENT_SECURITY_POLICY` has the shape of Django 6's `SECURE_CSP`, so moving to it
is a settings rename.

A page that plays videos from another site frames that site's player: `frames_allowed`
gives that page's responses (cached or not) the site's policy with `frame-src` set to
exactly those origins, and lets them autoplay there (the reader clicked play). Every other
page keeps the fixed policy, which frames nothing (`default-src 'self'`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


def policy_header(directives: dict[str, list[str]]) -> str:
    """`{"default-src": ["'self'"], "object-src": ["'none'"]}` as the header's text."""
    return "; ".join(" ".join([name, *sources]).strip() for name, sources in directives.items())


def permissions_header(features: dict[str, list[str]]) -> str:
    """`{"camera": [], "autoplay": ['"https://a.example"']}` as the header's text."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items())


View = Callable[..., HttpResponseBase]


def frames_allowed(*origins: str) -> Callable[[View], View]:
    """Let the view's pages frame these origins (and nothing else) and let the framed
    players autoplay; put it outside any page cache, as the cache keeps no headers."""

    def decorator(view: View) -> View:
        @wraps(view)
        def framing(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            policy = {**settings.CONTENT_SECURITY_POLICY, "frame-src": list(origins)}
            response.headers["Content-Security-Policy"] = policy_header(policy)
            features = {**settings.PERMISSIONS_POLICY, "autoplay": [f'"{o}"' for o in origins]}
            response.headers["Permissions-Policy"] = permissions_header(features)
            return response

        return framing

    return decorator


def is_personal(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Does this response belong to one person: a member's page, or one holding a CSRF token
    (tied to the visitor's cookie)? Shared caches (proxies, CDNs) must not keep those."""
    # CsrfViewMiddleware sets its cookie on every response whose page used the token.
    if settings.CSRF_COOKIE_NAME in response.cookies:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    """Outermost but for Django's SecurityMiddleware, so it sees every response as sent."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.csp = policy_header(settings.CONTENT_SECURITY_POLICY)
        self.permissions = permissions_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        if is_personal(request, response):
            # Drops a "public" the response may carry; the browser itself may still keep it.
            patch_cache_control(response, private=True)
        return response
