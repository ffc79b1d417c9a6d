"""Old slugs keep working: a page asked for by a slug its row no longer has answers 301.

Whoever changes a slug records the move here (`slugs_moved`, in the writer's transaction:
`services.title_save` and `person_save` when an editor changes one, `catalog.reslug` when it
makes the ASCII-only rule's slugs readable). `config.urls` names `catalog.views.page_not_found`
as the site's 404 handler: before it shows the 404 page it asks `moved_path` whether the path
is a catalogue page (`/title/<slug>/…`, `/person/<slug>/…`) under an old slug, and if so
redirects to the same path under the current slug. That covers every sub-page any app hangs
below those prefixes (the cast, the editions, the vote) without the catalogue knowing them.
Django calls the handler when DEBUG is off (always in production and in `make run`); with
DEBUG on, Django shows its own technical 404 page instead.

A slug that a row has now always wins over a redirect: a title may take a slug another title
once had. A row that takes back one of its own old slugs drops that redirect, so no address
ever redirects to itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.urls import get_script_prefix

from cinemeter.catalog.models import Company, Person, SlugKind, SlugRedirect, Title

_MODELS: dict[str, type[Title] | type[Person] | type[Company]] = {
    SlugKind.TITLE: Title,
    SlugKind.PERSON: Person,
    SlugKind.COMPANY: Company,
}
# The catalogue's pages whose address starts with a slug, and the kind of row it names.
_PAGE_KINDS = {"title": SlugKind.TITLE, "person": SlugKind.PERSON}
_PAGE = re.compile(r"^/(?P<page>title|person)/(?P<slug>[-a-zA-Z0-9_]+)(?P<rest>/.*)?$")


def slugs_moved(kind: str, moves: Mapping[int, tuple[str, str]]) -> None:
    """Record that these rows of `kind` (id -> (old slug, new slug)) changed their slugs.

    Call in the writer's transaction. An old slug already recorded (for this row or for
    another that had it before) now points at its latest owner; the new slugs' own redirects
    go, since a slug a row has is never redirected. Three queries whatever the batch's size.
    """
    moved = {pk: (old, new) for pk, (old, new) in moves.items() if old and old != new}
    if not moved:
        return
    olds = [old for old, _ in moved.values()]
    news = [new for _, new in moved.values()]
    SlugRedirect.objects.filter(kind=kind, old_slug__in=[*olds, *news]).delete()
    SlugRedirect.objects.bulk_create(
        SlugRedirect(kind=kind, old_slug=old, **{f"{kind}_id": pk})
        for pk, (old, _new) in sorted(moved.items())
    )


def slug_moved(kind: str, pk: int, old: str, new: str) -> None:
    """One row's slug changed from `old` to `new`: `slugs_moved` for one."""
    slugs_moved(kind, {pk: (old, new)})


def current_slug(kind: str, slug: str) -> str | None:
    """The slug now used by the row that had `slug`, or None: no such old slug, or a row has
    it today. Two small indexed queries; only pages that were not found ask."""
    if _MODELS[kind]._default_manager.filter(slug=slug).exists():
        return None
    found: str | None = (
        SlugRedirect.objects.filter(kind=kind, old_slug=slug)
        .values_list(f"{kind}__slug", flat=True)
        .first()
    )
    return found


def moved_path(path: str) -> str | None:
    """The address a catalogue page under an old slug has now ("/title/1979/cast/" ->
    "/title/stalker-1979/cast/"), or None when `path` is no such page."""
    match = _PAGE.match(path)
    if match is None:
        return None
    slug = current_slug(_PAGE_KINDS[match["page"]], match["slug"])
    if slug is None:
        return None
    return f"{get_script_prefix()}{match['page']}/{slug}{match['rest'] or '/'}"
