"""Whole pages cached for anonymous visitors, invalidated by version numbers in the database.

Only GET/HEAD requests of visitors who are not logged in and have no pending flash message
are served from or stored in the cache; a response that sets a cookie or used a CSRF token
is never stored, so no one's own vote, session or token can reach another visitor. The key
holds the path with its query string, the active language, and the current numbers of the
page's `PageVersion` keys (one query): writers bump those in their transaction
(`versions_bump`), so every worker misses its stale copy at once, whatever the cache backend
(local memory per worker by default, Redis when CACHE_URL names one). Entries also expire
after PAGE_CACHE_SECONDS, a bound for writes that bump nothing (bulk imports).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from cinemeter.core import write_set
from cinemeter.core.models import PageVersion

CATALOGUE = "catalogue"
# Bumped with every change of a site counter (`core.counters`): the pages that show them.
COUNTERS = "counters"
View = Callable[..., HttpResponse]
KeysOf = Callable[..., list[str]]


def versions_read(keys: list[str]) -> list[int]:
    """The current number of each key (0 before its first bump), in one query.

    Plain SQL: this query runs on every cached page served, where the ORM's compiling would
    cost more than the page itself.
    """
    connection = connections[router.db_for_read(PageVersion)]
    table = connection.ops.quote_name(PageVersion._meta.db_table)
    marks = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, version FROM {table} WHERE key IN ({marks})", keys)  # noqa: S608
        stored = dict(cursor.fetchall())
    return [stored.get(key, 0) for key in keys]


def versions_bump(keys: Iterable[str]) -> None:
    """Move these keys' numbers; call inside the writer's transaction.

    Inside a write unit (`core.writes`) the keys are only gathered: the unit bumps all of
    them in one sorted call just before it commits, after the counters, whichever service
    named them first. Outside one they are bumped at once.
    """
    pending = write_set.current()
    if pending is not None:
        pending.keys.update(keys)
        return
    versions_bump_now(keys)


def versions_bump_now(keys: Iterable[str]) -> None:
    """Bump these keys in one statement, in sorted order (the order every writer uses)."""
    rows = [(key,) for key in sorted(set(keys))]
    if not rows:
        return
    connection = connections[router.db_for_write(PageVersion)]
    table = connection.ops.quote_name(PageVersion._meta.db_table)
    # Only the quoted table name is formatted in; the keys travel as parameters.
    sql = (
        f"INSERT INTO {table} (key, version) VALUES (%s, 1) "  # noqa: S608
        f"ON CONFLICT (key) DO UPDATE SET version = {table}.version + 1"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _personal(request: HttpRequest) -> bool:
    """Would this request's page show something of the visitor's own?"""
    if request.method not in {"GET", "HEAD"} or request.user.is_authenticated:
        return True
    if request.COOKIES.get(CookieStorage.cookie_name):
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return bool(request.session.get(SessionStorage.session_key))
    return False


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def page_key(request: HttpRequest, versions: list[int]) -> str:
    parts = [request.get_full_path(), get_language() or "", *map(str, versions)]
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f"page:{digest}"


def anonymous_page(keys_of: KeysOf) -> Callable[[View], View]:
    """Cache the view's page for anonymous visitors; `keys_of(**view_kwargs)` names its
    version keys (besides CATALOGUE, which every page has)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if _personal(request):
                return view(request, *args, **kwargs)
            keys = [CATALOGUE, *keys_of(**kwargs)]
            versions = versions_read(keys)
            # The panels of a page missed here need the same numbers: no second query.
            request.page_versions = dict(zip(keys, versions, strict=True))  # type: ignore[attr-defined]
            key = page_key(request, versions)
            stored = cache.get(key)
            if stored is not None:
                content, content_type = stored
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if _storable(request, response):
                cache.set(
                    key,
                    (response.content, response["Content-Type"]),
                    settings.PAGE_CACHE_SECONDS,
                )
            return response

        return cached

    return decorator
