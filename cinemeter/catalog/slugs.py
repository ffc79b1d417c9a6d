"""Slugs of catalogue rows (titles, seasons, episodes, people, companies): the one rule.

Every writer names a new row the same way: the readable slug ("heat-1995") unless a row or an
earlier row of the batch has it, else a fallback that carries the row's own id
("heat-1995-imdbtt0113277"), and in the freak case that even that is taken, a number. The
record writers, the staged SQL writers, the admin's services and the IMDb parser all build
their slugs from the functions here, so the rule lives in one place.

`slug_text` is the seam: how any text becomes ASCII slug characters. ASCII text follows
Django's `slugify`; any other script is transliterated with the library search folds names
with (`core.text.transliterate`, anyascii), so "Сталкер (1979)" is "stalker-1979", "Ørnen &
Co" "ornen-co", and a search for "stalker" finds the film whose address says so. Slugs made
before by the ASCII-only rule ("1979", "rnen-co") are moved by `catalog.reslug`, which
leaves a redirect behind (`catalog.redirects`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

from cinemeter.core.text import slug_of

K = TypeVar("K", bound=Hashable)

# Title.slug holds 200 characters (people's and companies' 220); a base leaves room for the
# fallback's id.
SLUG_LENGTH = 200
BASE_LENGTH = 180


def slug_text(text: str) -> str:
    """Any text as slug characters: "Сталкер 1979" -> "stalker-1979"."""
    return slug_of(text)


def base_of(slug: str, default: str, *, length: int = BASE_LENGTH) -> str:
    """A readable slug (already `slug_text`) cut to a base; `default` when nothing is left."""
    return slug[:length].strip("-") or default


def slug_base(text: str, default: str, *, length: int = BASE_LENGTH) -> str:
    """The readable slug of `text` as a base: "Heat 1995" -> "heat-1995"."""
    return base_of(slug_text(text), default, length=length)


def slug_fallback(base: str, suffix: str) -> str:
    """The base with the row's own id (or another unique word): "heat-1995-imdbtt0113277"."""
    return f"{base}-{slug_text(suffix)}"[:SLUG_LENGTH]


def title_slug_source(title: str, year: int | None) -> str:
    """The text an imported title's readable slug is made of: its name and year."""
    return f"{title} {year or ''}"


def taken_slugs(model: type[models.Model], slugs: Iterable[str]) -> set[str]:
    """Which of these slugs rows of `model` already have (one query)."""
    # `__among`: one parameter for the whole batch, not one per slug.
    found = model._default_manager.filter(slug__among=set(slugs)).values_list("slug", flat=True)
    return set(found)


def clashing(bases: Mapping[K, str], taken: set[str]) -> list[K]:
    """The keys whose base a row has, or an earlier key of the batch: they need fallbacks."""
    seen: set[str] = set()
    keys = []
    for key, base in bases.items():
        if base in taken or base in seen:
            keys.append(key)
        seen.add(base)
    return keys


def free_slugs(
    model: type[models.Model], bases: Mapping[K, str], fallback: Callable[[K, str], str]
) -> dict[K, str]:
    """A free slug per key: its base, else `fallback(key, base)`, else that numbered.

    Two queries whatever the batch's size (the second only when a base clashes); fallbacks
    are built only for the keys that need them.
    """
    taken = taken_slugs(model, bases.values())
    fallbacks = {key: fallback(key, bases[key]) for key in clashing(bases, taken)}
    if fallbacks:
        taken |= taken_slugs(model, fallbacks.values())
    return pick_slugs(bases, lambda key: fallbacks.get(key) or fallback(key, bases[key]), taken)


def pick_slugs(
    bases: Mapping[K, str], fallback: Callable[[K], str], taken: set[str]
) -> dict[K, str]:
    """A free slug per key, in order, given the slugs of these bases and their fallbacks that
    rows already have (`taken`, which this extends)."""
    slugs: dict[K, str] = {}
    for key, base in bases.items():
        candidate = numbered(fallback(key) if base in taken else base, taken)
        taken.add(candidate)
        slugs[key] = candidate
    return slugs


def numbered(base: str, taken: set[str]) -> str:
    """`base`, else the first of `base-2`, `base-3`, … that is not in `taken`."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def free_in(scope: models.QuerySet[Any], base: str) -> str:
    """`base`, numbered when a row of `scope` has it: the slug of a row whose slug is unique
    only among its siblings (an edition of its title, a release of its album). `scope`
    leaves the row itself out. One query."""
    return numbered(base, set(scope.filter(slug__startswith=base).values_list("slug", flat=True)))
