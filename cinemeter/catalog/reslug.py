"""`manage.py reslug`: the slugs the ASCII-only rule left unreadable, made readable, each old
one redirecting to its new one.

Before slugs were transliterated (`core.text.slug_of`), a name in a script Django's `slugify`
cannot spell lost those letters: "Сталкер" (1979) got "1979", the company "Ørnen & Co"
"rnen-co", a person named in Cyrillic "person-2". A row moves when

- its name has letters that rule dropped (`core.text.drops_letters`: not an "é"), and
- its slug is still one that rule made: that rule's base for the name, alone or with a
  fallback or number after it ("1979", "1979-imdbtt0079944", "1979-2"). A slug an editor
  chose is left alone.

Its new slug is the readable base every writer would give it now ("stalker-1979"), numbered
when taken, as the writers number theirs. Seasons and episodes begin with their show's slug
("1979-season-1", "1979-s01e02"), so a moved show's seasons and episodes move with it
("stalker-1979-season-1"). Every move leaves a `SlugRedirect` (`catalog.redirects`), tells
search (`core.changes`, which reindexes the rows' addresses) and renews the cached pages.
Readable slugs never move, so running it again finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone

from cinemeter.catalog.models import Company, Person, SlugKind, Title, TitleKind
from cinemeter.catalog.redirects import slugs_moved
from cinemeter.catalog.slugs import (
    SLUG_LENGTH,
    base_of,
    pick_slugs,
    slug_base,
    slug_text,
    taken_slugs,
    title_slug_source,
)
from cinemeter.core.changes import changed
from cinemeter.core.page_cache import CATALOGUE, versions_bump
from cinemeter.core.text import ascii_slug_of, drops_letters
from cinemeter.core.writes import write_transaction

# Rows read per query while looking for unreadable slugs.
CHUNK = 5000


@dataclass(frozen=True)
class Move:
    """One row's slug, from the ASCII-only rule's to the readable one."""

    kind: str
    pk: int
    name: str
    old: str
    new: str


def _old_rule_made(slug: str, bases: Iterable[str]) -> bool:
    """Whether `slug` is one of these bases, or one with a fallback or number after it."""
    return any(slug == base or slug.startswith(f"{base}-") for base in bases)


def _candidates(queryset: QuerySet[Any], fields: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    """(pk, name, slug, *rest) of the rows whose name the ASCII-only rule could not spell,
    read in id order a chunk at a time."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", *fields)[:CHUNK])
        if not rows:
            return
        yield from (row for row in rows if drops_letters(row[1]))
        last = rows[-1][0]


def _free(model: type[Model], bases: dict[int, str], chosen: Iterable[str] = ()) -> dict[int, str]:
    """A free slug per row: its base, else the base numbered (-2, -3 ...); `chosen` are taken
    by moves not written yet."""
    taken = taken_slugs(model, bases.values()) | set(chosen)
    return pick_slugs(bases, lambda pk: bases[pk], taken)


def _title_moves() -> list[Move]:
    found: dict[int, tuple[str, str]] = {}
    bases: dict[int, str] = {}
    top = Title.objects.filter(parent__isnull=True)
    for pk, name, slug, year in _candidates(top, ("title", "slug", "year")):
        old_bases = {
            # The importers' base ("title year"), and the services' ("name or 'title', year").
            base_of(ascii_slug_of(title_slug_source(name, year)), "title"),
            base_of(ascii_slug_of(f"{ascii_slug_of(name) or 'title'} {year or ''}"), "title"),
        }
        new_base = slug_base(f"{slug_text(name)} {year or ''}", "title")
        if new_base not in old_bases and _old_rule_made(slug, old_bases):
            found[pk] = (name, slug)
            bases[pk] = new_base
    shows = _free(Title, bases)
    moves = [Move(SlugKind.TITLE, pk, found[pk][0], found[pk][1], shows[pk]) for pk in found]
    return moves + _descendant_moves({move.pk: move for move in moves})


def _descendant_moves(moved: dict[int, Move]) -> list[Move]:
    """The seasons and episodes of moved shows: their show's new slug where its old one was."""
    if not moved:
        return []
    rows = Title.objects.filter(parent_id__in=moved) | Title.objects.filter(
        parent__parent_id__in=moved
    )
    found: dict[int, tuple[str, str]] = {}
    bases: dict[int, str] = {}
    for pk, name, slug, parent, grandparent in rows.values_list(
        "pk", "title", "slug", "parent_id", "parent__parent_id"
    ).filter(kind__in=[TitleKind.SEASON, TitleKind.EPISODE]):
        show = moved[grandparent] if grandparent in moved else moved[parent]
        if slug.startswith(f"{show.old}-"):
            found[pk] = (name, slug)
            bases[pk] = f"{show.new}{slug[len(show.old) :]}"[:SLUG_LENGTH].strip("-")
    slugs = _free(Title, bases, chosen=(move.new for move in moved.values()))
    return [Move(SlugKind.TITLE, pk, name, old, slugs[pk]) for pk, (name, old) in found.items()]


def _named_moves(kind: str, model: type[Person] | type[Company]) -> list[Move]:
    """People and companies: the slug is their name's, or that name's with a fallback."""
    found: dict[int, tuple[str, str]] = {}
    bases: dict[int, str] = {}
    for pk, name, slug in _candidates(model.objects.all(), ("name", "slug")):
        old_base = base_of(ascii_slug_of(name), kind)
        new_base = slug_base(name, kind)
        if new_base != old_base and _old_rule_made(slug, [old_base]):
            found[pk] = (name, slug)
            bases[pk] = new_base
    slugs = _free(model, bases)
    return [Move(kind, pk, name, old, slugs[pk]) for pk, (name, old) in found.items()]


def unreadable_slugs() -> list[Move]:
    """Every move `slugs_make_readable` would make, without making it."""
    return [
        *_title_moves(),
        *_named_moves(SlugKind.PERSON, Person),
        *_named_moves(SlugKind.COMPANY, Company),
    ]


_MODELS: dict[str, type[Model]] = {
    SlugKind.TITLE: Title,
    SlugKind.PERSON: Person,
    SlugKind.COMPANY: Company,
}


@write_transaction
def slugs_make_readable() -> list[Move]:
    """Give every unreadable slug its readable one, with a redirect from the old; returns the
    moves made. One transaction: the site never shows half the catalogue moved."""
    moves = unreadable_slugs()
    if not moves:
        return []
    now = timezone.now()
    for kind, model in _MODELS.items():
        mine = [move for move in moves if move.kind == kind]
        if not mine:
            continue
        rows = [model(pk=move.pk, slug=move.new, updated_at=now) for move in mine]
        model._default_manager.bulk_update(rows, ["slug", "updated_at"], batch_size=500)
        slugs_moved(kind, {move.pk: (move.old, move.new) for move in mine})
    # Search keeps each row's address; every cached page may link to a moved one.
    changed("title", (move.pk for move in moves if move.kind == SlugKind.TITLE))
    changed("person", (move.pk for move in moves if move.kind == SlugKind.PERSON))
    versions_bump([CATALOGUE])
    return moves
