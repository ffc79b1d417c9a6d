"""Every write to the catalogue goes through here, so the site counters stay exact.

Admin, the demo loader and the importers call these functions; none of them saves a title,
person or credit directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet

from cinemeter.catalog.models import (
    FILM_KINDS,
    SHOW_KINDS,
    Credit,
    Department,
    ExternalId,
    ExternalRating,
    ExternalSource,
    Person,
    SlugKind,
    Title,
    TitleKind,
)
from cinemeter.catalog.redirects import slug_moved
from cinemeter.catalog.slugs import slug_base, slug_text
from cinemeter.core.changes import changed
from cinemeter.core.counters import counter_add
from cinemeter.core.page_cache import CATALOGUE, versions_bump
from cinemeter.core.writes import write_transaction, write_unit


def counter_for_kind(kind: str) -> str | None:
    """The site counter a title of this kind counts towards, if any."""
    if kind in FILM_KINDS:
        return "movies"
    if kind in SHOW_KINDS:
        return "shows"
    if kind == TitleKind.SEASON:
        return "seasons"
    return None


def unique_slug(
    model: type[Title] | type[Person], base: str, *, exclude_pk: int | None = None
) -> str:
    """`base` slugified, with -2, -3 ... appended when another row already has it."""
    root = slug_base(base, model.__name__.lower())
    candidates = model.objects.filter(slug__startswith=root)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    taken = set(candidates.values_list("slug", flat=True))
    if root not in taken:
        return root
    suffix = 2
    while f"{root}-{suffix}" in taken:
        suffix += 1
    return f"{root}-{suffix}"


def _title_slug_base(title: Title) -> str:
    if title.kind == TitleKind.SEASON and title.parent is not None:
        return f"{title.parent.slug} season {title.season_number}"
    if title.kind == TitleKind.EPISODE and title.parent is not None:
        show = title.parent.parent or title.parent
        season = title.parent.season_number or 0
        return f"{show.slug} s{season:02d}e{title.episode_number or 0:02d}"
    # A name of symbols only ("???") has no slug characters; the year alone would be unclear.
    return f"{slug_text(title.title) or 'title'} {title.year or ''}"


# --- Titles ---------------------------------------------------------------------------------


@write_transaction
def title_save(title: Title) -> Title:
    """Create or update a title (as built by a form or a service) and move the counters."""
    if not title.original_title:
        title.original_title = title.title
    if not title.slug:
        title.slug = unique_slug(Title, _title_slug_base(title), exclude_pk=title.pk)
    new_counter = counter_for_kind(title.kind)
    versions_bump([CATALOGUE])
    if title._state.adding:
        title.save()
        changed("title", [title.pk])
        if new_counter:
            counter_add(new_counter, 1)
        return title
    old_kind, old_slug = Title.objects.filter(pk=title.pk).values_list("kind", "slug").get()
    title.save()
    # An editor gave it another slug: the old address keeps leading here.
    slug_moved(SlugKind.TITLE, title.pk, old_slug, title.slug)
    changed("title", [title.pk])
    old_counter = counter_for_kind(old_kind)
    if old_counter != new_counter:
        if old_counter:
            counter_add(old_counter, -1)
        if new_counter:
            counter_add(new_counter, 1)
    return title


def title_create(
    *,
    kind: str,
    title: str,
    genres: Iterable[Any] = (),
    countries: Iterable[Any] = (),
    **fields: Any,
) -> Title:
    """Create a film, show, season or episode with its genres and countries."""
    with write_unit():
        row = title_save(Title(kind=kind, title=title, **fields))
        if genres:
            row.genres.set(genres)
        if countries:
            row.countries.set(countries)
    return row


def season_create(*, show: Title, season_number: int, **fields: Any) -> Title:
    if not show.is_show:
        raise ValueError(f"{show} is not a show; only shows have seasons")
    fields.setdefault("title", f"{show.title}: Season {season_number}")
    return title_create(kind=TitleKind.SEASON, parent=show, season_number=season_number, **fields)


def episode_create(*, season: Title, episode_number: int, title: str, **fields: Any) -> Title:
    if not season.is_season:
        raise ValueError(f"{season} is not a season; episodes hang off a season")
    return title_create(
        kind=TitleKind.EPISODE,
        title=title,
        parent=season,
        season_number=season.season_number,
        episode_number=episode_number,
        **fields,
    )


def _subtree_ids(titles: QuerySet[Title]) -> set[int]:
    """The given titles' ids and all their descendants'."""
    ids = set(titles.values_list("pk", flat=True))
    frontier = set(ids)
    while frontier:  # shows -> seasons -> episodes: at most three rounds
        frontier = set(Title.objects.filter(parent__in=frontier).values_list("pk", flat=True))
        ids |= frontier
    return ids


def _subtree_counts(ids: set[int]) -> dict[str, int]:
    """How many titles of each counter these titles hold."""
    counts: dict[str, int] = {}
    for row in Title.objects.filter(pk__in=ids).values("kind").annotate(n=Count("pk")):
        name = counter_for_kind(row["kind"])
        if name:
            counts[name] = counts.get(name, 0) + row["n"]
    return counts


@write_transaction
def titles_delete(titles: QuerySet[Title]) -> None:
    """Delete titles with their seasons, episodes and credits, and move the counters."""
    subtree = _subtree_ids(titles)
    counts = _subtree_counts(subtree)
    versions_bump([CATALOGUE])
    actors = Credit.objects.filter(department=Department.ACTING)
    person_ids = (
        set(actors.filter(title__in=titles).values_list("person_id", flat=True))
        | set(actors.filter(title__parent__in=titles).values_list("person_id", flat=True))
        | set(actors.filter(title__parent__parent__in=titles).values_list("person_id", flat=True))
    )
    with actors_tracked(person_ids):
        titles.delete()
    changed("title", subtree)
    changed("person", person_ids)
    for name, count in counts.items():
        counter_add(name, -count)


def title_delete(title: Title) -> None:
    titles_delete(Title.objects.filter(pk=title.pk))


# --- People and credits ---------------------------------------------------------------------


def person_save(person: Person) -> Person:
    if not person.slug:
        person.slug = unique_slug(Person, person.name, exclude_pk=person.pk)
    with write_unit():
        if not person._state.adding:
            old_slug = Person.objects.filter(pk=person.pk).values_list("slug", flat=True).get()
            slug_moved(SlugKind.PERSON, person.pk, old_slug, person.slug)
        person.save()
        versions_bump([CATALOGUE])
        changed("person", [person.pk])
    return person


def person_create(*, name: str, **fields: Any) -> Person:
    return person_save(Person(name=name, **fields))


def _acting_people(person_ids: Iterable[int]) -> set[int]:
    ids = set(person_ids)
    if not ids:
        return set()
    # `__among`: an import asks this twice per batch of 2,000 people (see core.lookups).
    return set(
        Credit.objects.filter(person_id__among=ids, department=Department.ACTING)
        .values_list("person_id", flat=True)
        .distinct()
    )


@contextmanager
def actors_tracked(person_ids: Iterable[int]) -> Iterator[None]:
    """Keep the actors counter exact across any change to these people's credits.

    An actor is a person with at least one acting credit, so the counter moves only when a
    person gains a first or loses a last acting credit; compare before and after.
    """
    ids = set(person_ids)
    with write_unit():
        before = _acting_people(ids)
        yield
        after = _acting_people(ids)
        versions_bump([CATALOGUE])
        counter_add("actors", len(after - before) - len(before - after))


def credit_add(
    *,
    title: Title,
    person: Person,
    department: str,
    job: str = "",
    character: str = "",
    billing_order: int | None = None,
) -> Credit:
    """Credit a person on a title; an existing credit for the same job is updated."""
    with actors_tracked([person.pk]):
        credit, _ = Credit.objects.update_or_create(
            title=title,
            person=person,
            department=department,
            job=job,
            defaults={"character": character, "billing_order": billing_order},
        )
        changed("title", [title.pk])
        changed("person", [person.pk])
    return credit


def credits_delete(credits: QuerySet[Credit]) -> None:
    pairs = list(credits.values_list("title_id", "person_id"))
    with actors_tracked(person_id for _, person_id in pairs):
        credits.delete()
        changed("title", (title_id for title_id, _ in pairs))
        changed("person", (person_id for _, person_id in pairs))


def people_delete(people: QuerySet[Person]) -> None:
    ids = list(people.values_list("pk", flat=True))
    title_ids = set(Credit.objects.filter(person_id__in=ids).values_list("title_id", flat=True))
    with actors_tracked(ids):
        people.delete()
        changed("person", ids)
        changed("title", title_ids)


def catalogue_related_saved(subject: Title | Person) -> None:
    """After the admin saved a title's or person's inlines (AKAs, credits, ids, images)."""
    changed("title" if isinstance(subject, Title) else "person", [subject.pk])


# --- Links to other databases ---------------------------------------------------------------


def external_id_set(
    *,
    source: ExternalSource,
    value: str,
    title: Title | None = None,
    person: Person | None = None,
) -> ExternalId:
    """Record that `source` knows this title or person as `value`."""
    with write_unit():
        row, _ = ExternalId.objects.update_or_create(
            source=source, value=value, defaults={"title": title, "person": person}
        )
        versions_bump([CATALOGUE])
        changed("title", [title.pk if title else None])
        changed("person", [person.pk if person else None])
    return row


def external_rating_set(
    *, title: Title, source: ExternalSource, value: Decimal, votes: int, fetched_at: datetime
) -> ExternalRating:
    with write_unit():
        row, _ = ExternalRating.objects.update_or_create(
            title=title,
            source=source,
            defaults={"value": value, "votes": votes, "fetched_at": fetched_at},
        )
        versions_bump([CATALOGUE])
        changed("title", [title.pk])
    return row
