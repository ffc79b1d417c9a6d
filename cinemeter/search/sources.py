"""The catalogue's sources: films, shows and episodes; people; characters.

Each streams its rows in id order, a chunk at a time (`CHUNK` rows and a few queries per
chunk for their AKAs, posters, scores and IMDb votes), so a rebuild of the full catalogue
keeps a flat memory. The catalogue cannot import search, so search registers these itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Max, Min, Model, QuerySet
from django.urls import reverse

from cinemeter.catalog.models import (
    FILM_KINDS,
    SHOW_KINDS,
    AlternativeTitle,
    Credit,
    Department,
    ExternalRating,
    ExternalSource,
    Image,
    ImageKind,
    Person,
    Title,
    TitleKind,
    TitleScore,
)
from cinemeter.search.models import DocumentKind
from cinemeter.search.registry import Document, Source, source_register

CHUNK = 2000
# Seasons are reached through their show; a search for "Season 2" finds nothing useful.
INDEXED_TITLE_KINDS = [*FILM_KINDS, *SHOW_KINDS, TitleKind.EPISODE]
# Characters of films and shows: an episode's guest roles would double the index for little.
CHARACTER_TITLE_KINDS = [*FILM_KINDS, *SHOW_KINDS]


def _chunks(
    queryset: QuerySet[Any], fields: Sequence[str], *, whole: bool
) -> Iterator[list[dict[str, Any]]]:
    """The rows' values in id order, at most `CHUNK` at a time, memory flat.

    A `whole` table (a rebuild) is walked in id ranges (`id > a AND id <= a + CHUNK`), not by
    keyset with `ORDER BY id LIMIT`: with a filter on a joined table (the title's kind),
    SQLite's planner drove that query from the kind index and read every matching row for
    every chunk, so a rebuild grew with the square of the catalogue. A range of the primary
    key is the cheapest plan on both databases whatever the filters. The few rows of a change
    (filtered by their ids) go by keyset, as their ids may lie far apart.
    """
    if not whole:
        last = 0
        while rows := list(
            queryset.filter(pk__gt=last).order_by("pk").values("pk", *fields)[:CHUNK]
        ):
            yield rows
            last = rows[-1]["pk"]
        return
    bounds = queryset.order_by().aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return
    start = bounds["low"] - 1
    while start < bounds["high"]:
        end = start + CHUNK
        rows = list(queryset.filter(pk__gt=start, pk__lte=end).order_by("pk").values("pk", *fields))
        if rows:
            yield rows
        start = end


def _image_url(file: str, remote_url: str) -> str:
    return default_storage.url(file) if file else remote_url


def _first_images(model_field: str, ids: Sequence[int], kind: str) -> dict[int, str]:
    images: dict[int, str] = {}
    rows = (
        Image.objects.filter(**{f"{model_field}__among": set(ids)}, kind=kind)
        .order_by(model_field, "order", "pk")
        .values_list(model_field, "file", "remote_url")
    )
    for owner, file, remote_url in rows:
        images.setdefault(owner, _image_url(file, remote_url))
    return images


def _title_numbers(ids: Sequence[int]) -> dict[int, tuple[int, float | None, int]]:
    """title id -> (members' votes, their average in stars, IMDb votes)."""
    numbers: dict[int, tuple[int, float | None, int]] = {}
    scores = TitleScore.objects.filter(title_id__among=set(ids)).values_list(
        "title_id", "vote_count", "half_star_sum"
    )
    for title_id, count, half_stars in scores:
        numbers[title_id] = (count, half_stars / count / 2 if count else None, 0)
    imdb = ExternalRating.objects.filter(
        title_id__among=set(ids), source=ExternalSource.IMDB
    ).values_list("title_id", "votes")
    for title_id, votes in imdb:
        count, average, _ = numbers.get(title_id, (0, None, 0))
        numbers[title_id] = (count, average, votes or 0)
    return numbers


def _title_kind(kind: str) -> str:
    if kind in FILM_KINDS:
        return DocumentKind.FILM
    if kind in SHOW_KINDS:
        return DocumentKind.SHOW
    return DocumentKind.EPISODE


_SLUG = "slug-placeholder"


@cache
def _url_template(name: str) -> str:
    """A page's URL with a placeholder for the slug: reversed once, not once per row (a
    rebuild writes millions of URLs, and `reverse` was a sixth of its time)."""
    return reverse(name, kwargs={"slug": _SLUG})


def _title_url(slug: str) -> str:
    return _url_template("catalog:title").replace(_SLUG, slug)


def _person_url(slug: str) -> str:
    return _url_template("catalog:person").replace(_SLUG, slug)


# --- Films, shows, episodes -------------------------------------------------------------------


def title_documents(subject: str | None, ids: Sequence[int] | None) -> Iterator[Document]:
    # The kinds are picked in Python: in the query, SQLite's planner would read the titles
    # through the kind index instead of the id range (see _chunks).
    titles = Title.objects.all() if ids is None else Title.objects.filter(pk__in=ids)
    fields = ("kind", "slug", "title", "original_title", "year", "parent__parent__title")
    for chunk in _chunks(titles, fields, whole=ids is None):
        rows = [row for row in chunk if row["kind"] in INDEXED_TITLE_KINDS]
        chunk_ids = [row["pk"] for row in rows]
        akas: dict[int, list[str]] = defaultdict(list)
        for title_id, name in AlternativeTitle.objects.filter(
            title_id__among=set(chunk_ids)
        ).values_list("title_id", "name"):
            akas[title_id].append(name)
        posters = _first_images("title_id", chunk_ids, ImageKind.POSTER)
        numbers = _title_numbers(chunk_ids)
        for row in rows:
            pk = row["pk"]
            count, average, imdb_votes = numbers.get(pk, (0, None, 0))
            yield Document(
                kind=_title_kind(row["kind"]),
                object_id=pk,
                title=row["title"],
                url=_title_url(row["slug"]),
                names=[row["title"], row["original_title"], *akas[pk]],
                year=row["year"],
                detail=row["parent__parent__title"] or "",  # an episode's show
                image_url=posters.get(pk, ""),
                title_id=pk,
                vote_count=count,
                vote_average=average,
                imdb_votes=imdb_votes,
            )


# --- People ----------------------------------------------------------------------------------


def _best_known(person_ids: Sequence[int]) -> dict[int, tuple[str, int, float | None, int]]:
    """person id -> (their most popular film or show, its votes, average, IMDb votes)."""
    # Filtered by the title's kind in Python: with the kind in the query, SQLite drove it from
    # the titles of those kinds (all of them) instead of the chunk's people.
    credits = [
        (person_id, title_id, name, year)
        for person_id, title_id, name, year, kind in Credit.objects.filter(
            person_id__among=set(person_ids)
        )
        .order_by()
        .values_list("person_id", "title_id", "title__title", "title__year", "title__kind")
        if kind in CHARACTER_TITLE_KINDS
    ]
    numbers = _title_numbers(sorted({title_id for _, title_id, _, _ in credits}))
    best: dict[int, tuple[tuple[int, int, int], tuple[str, int, float | None, int]]] = {}
    for person_id, title_id, name, year in credits:
        count, average, imdb_votes = numbers.get(title_id, (0, None, 0))
        # Member votes first, then IMDb's, then the most recent: the same order as ranking.
        order = (count, imdb_votes, year or 0)
        label = f"{name} ({year})" if year else name
        if person_id not in best or order > best[person_id][0]:
            best[person_id] = (order, (label, count, average, imdb_votes))
    return {person_id: value for person_id, (_, value) in best.items()}


def person_documents(subject: str | None, ids: Sequence[int] | None) -> Iterator[Document]:
    people = Person.objects.all()
    if ids is not None:
        people = people.filter(pk__in=ids)
    for rows in _chunks(people, ("name", "slug", "birth_year"), whole=ids is None):
        chunk_ids = [row["pk"] for row in rows]
        best = _best_known(chunk_ids)
        photos = _first_images("person_id", chunk_ids, ImageKind.PROFILE)
        for row in rows:
            pk = row["pk"]
            label, count, average, imdb_votes = best.get(pk, ("", 0, None, 0))
            yield Document(
                kind=DocumentKind.PERSON,
                object_id=pk,
                title=row["name"],
                url=_person_url(row["slug"]),
                names=[row["name"]],
                year=row["birth_year"],
                detail=label,
                image_url=photos.get(pk, ""),
                person_id=pk,
                vote_count=count,
                vote_average=average,
                imdb_votes=imdb_votes,
            )


# --- Characters ------------------------------------------------------------------------------


def character_documents(subject: str | None, ids: Sequence[int] | None) -> Iterator[Document]:
    # The title's kind is checked in Python, as in title_documents.
    credits = Credit.objects.filter(department=Department.ACTING).exclude(character="")
    whole = ids is None or subject not in ("title", "person")
    if not whole:
        credits = credits.filter(**{f"{subject}_id__in": ids})
    fields = ("character", "title_id", "title__title", "title__year", "title__slug", "title__kind")
    for chunk in _chunks(credits, (*fields, "person_id", "person__name"), whole=whole):
        rows = [row for row in chunk if row["title__kind"] in CHARACTER_TITLE_KINDS]
        title_ids = sorted({row["title_id"] for row in rows})
        numbers = _title_numbers(title_ids)
        posters = _first_images("title_id", title_ids, ImageKind.POSTER)
        for row in rows:
            names = [name.strip() for name in row["character"].split(" / ") if name.strip()]
            if not names:
                continue
            film = row["title__title"]
            year = row["title__year"]
            count, average, imdb_votes = numbers.get(row["title_id"], (0, None, 0))
            yield Document(
                kind=DocumentKind.CHARACTER,
                object_id=row["pk"],
                title=" / ".join(names),
                url=_title_url(row["title__slug"]),
                names=names,
                year=year,
                detail=f"{film} ({year}) · {row['person__name']}" if year else film,
                image_url=posters.get(row["title_id"], ""),
                title_id=row["title_id"],
                person_id=row["person_id"],
                vote_count=count,
                vote_average=average,
                imdb_votes=imdb_votes,
            )


def _count(model: type[Model], **filters: Any) -> int:
    return model._default_manager.filter(**filters).count()


def catalog_sources_register() -> None:
    source_register(
        Source(
            name="catalog.titles",
            kinds=(DocumentKind.FILM, DocumentKind.SHOW, DocumentKind.EPISODE),
            documents=title_documents,
            count=lambda: _count(Title, kind__in=INDEXED_TITLE_KINDS),
            subjects={"title": "object_id"},
        )
    )
    source_register(
        Source(
            name="catalog.people",
            kinds=(DocumentKind.PERSON,),
            documents=person_documents,
            count=lambda: _count(Person),
            subjects={"person": "object_id"},
        )
    )
    source_register(
        Source(
            name="catalog.characters",
            kinds=(DocumentKind.CHARACTER,),
            documents=character_documents,
            count=lambda: _count(Credit, department=Department.ACTING),
            subjects={"title": "title_id", "person": "person_id"},
        )
    )
