"""Reads for the catalogue pages; each runs a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_stubs_ext import StrOrPromise

from cinemeter.catalog.histogram import VoteHistogram
from cinemeter.catalog.localize import localized_title_subquery
from cinemeter.catalog.models import (
    DEPARTMENT_ORDER,
    VOTE_VALUES,
    CompanyRole,
    Country,
    Credit,
    Department,
    ExternalSource,
    Genre,
    Image,
    ImageKind,
    Person,
    Title,
    TitleScore,
)
from cinemeter.catalog.models.titles import TitleQuerySet

ROLE_ORDER = {value: index for index, value in enumerate(CompanyRole.values)}


@dataclass
class CrewGroup:
    department: str
    label: StrOrPromise
    credits: list[Credit]


@dataclass(frozen=True)
class MemberScore:
    """What members think of a title, from its maintained tally, and what this member gave it.

    `average` is None below `VOTES_MINIMUM_FOR_AVERAGE` votes: two votes make no average
    worth showing.
    """

    vote_count: int
    average: Decimal | None
    histogram: VoteHistogram
    own_vote: Decimal | None = None

    @property
    def too_few_votes(self) -> bool:
        return bool(self.vote_count) and self.average is None

    @property
    def choices(self) -> list[tuple[Decimal, bool]]:
        """Each value a member can give, and whether it is this member's vote."""
        return [(value, value == self.own_vote) for value in VOTE_VALUES]


def member_score(score: TitleScore | None, own_vote: Decimal | None = None) -> MemberScore:
    """The page's view of a tally; `score` is None for a title nobody has voted on."""
    score = score or TitleScore()
    enough = score.vote_count >= max(1, settings.VOTES_MINIMUM_FOR_AVERAGE)
    return MemberScore(
        vote_count=score.vote_count,
        average=score.average if enough else None,
        histogram=VoteHistogram.from_counts(score.counts),
        own_vote=own_vote,
    )


def _title_with_parents(slug: str) -> Title:
    title: Title = get_object_or_404(
        Title.objects.select_related("parent", "parent__parent", "score").prefetch_related(
            "genres", "countries"
        ),
        slug=slug,
    )
    return title


def title_brief(slug: str) -> Title:
    """The title by slug with only its id, slug and name loaded, or 404: for the vote form,
    the site's busiest write, in plain SQL (the ORM's compiling cost more than the read)."""
    table = Title._meta.db_table
    found = list(Title.objects.raw(f"SELECT id, slug, title FROM {table} WHERE slug = %s", [slug]))  # noqa: S608
    if not found:
        raise Http404(slug)
    return found[0]


@dataclass
class CreditsPage:
    title: Title
    cast: list[Credit]
    crew: list[CrewGroup]


def title_credits(slug: str) -> CreditsPage:
    title = _title_with_parents(slug)
    credits = list(
        Credit.objects.filter(title=title)
        .select_related("person")
        .order_by("billing_order", "person__name", "id")
    )
    cast = [c for c in credits if c.department == Department.ACTING]
    crew_credits = sorted(
        (c for c in credits if c.department != Department.ACTING),
        key=lambda c: DEPARTMENT_ORDER[c.department],
    )
    crew = [
        CrewGroup(department=dept, label=Department(dept).label, credits=list(group))
        for dept, group in groupby(crew_credits, key=lambda c: c.department)
    ]
    return CreditsPage(title=title, cast=cast, crew=crew)


@dataclass
class FilmographyGroup:
    department: str
    label: StrOrPromise
    credits: list[Credit]


@dataclass
class PersonPage:
    person: Person
    photo: Image | None
    filmography: list[FilmographyGroup]
    known_for: list[Title]
    external_ids: list[object]


def _newest_first(credit: Credit) -> tuple[int, int, str]:
    title = credit.title
    show = title.parent.parent if title.parent and title.parent.parent else title.parent
    year = title.year or (show.year if show else None) or 0
    return (-year, -(title.release_date.toordinal() if title.release_date else 0), title.title)


def person_page(slug: str) -> PersonPage:
    person = get_object_or_404(Person.objects.prefetch_related("images", "external_ids"), slug=slug)
    credits_query = person.credits.select_related("title", "title__parent", "title__parent__parent")
    localized = localized_title_subquery(title="title_id")
    if localized is not None:  # the titles' names in the reader's language, in the same query
        credits_query = credits_query.annotate(title_localized=localized)
    credits = list(credits_query)
    for credit in credits:
        credit.title.localized_title = getattr(credit, "title_localized", None)  # type: ignore[attr-defined]
    credits.sort(key=lambda c: DEPARTMENT_ORDER[c.department])
    filmography = []
    for dept, group in groupby(credits, key=lambda c: c.department):
        filmography.append(
            FilmographyGroup(
                department=dept,
                label=Department(dept).label,
                credits=sorted(group, key=_newest_first),
            )
        )
    photo = next((i for i in person.images.all() if i.kind == ImageKind.PROFILE), None)
    known_for = [
        c.title
        for c in sorted(credits, key=lambda c: (c.billing_order is None, c.billing_order or 0))
        if c.title.parent_id is None
    ][:4]
    return PersonPage(
        person=person,
        photo=photo,
        filmography=filmography,
        known_for=known_for,
        external_ids=list(person.external_ids.all()),
    )


@dataclass
class HomePage:
    recent: list[Title]
    popular: list[Title]


HOME_LIST_SIZE = 8


def home_page() -> HomePage:
    top_level = Title.objects.top_level().for_listing()
    recent = list(
        top_level.filter(release_date__isnull=False).order_by("-release_date", "-pk")[
            :HOME_LIST_SIZE
        ]
    )
    popular = list(
        top_level.filter(external_ratings__source=ExternalSource.IMDB).order_by(
            "-external_ratings__votes", "pk"
        )[:HOME_LIST_SIZE]
    )
    return HomePage(recent=recent, popular=popular)


@dataclass
class BrowseFilter:
    kind: str = "all"  # "films", "shows" or "all"
    genre: Genre | None = None
    country: Country | None = None
    decade: int | None = None
    year: int | None = None
    sort: str = "title"


BROWSE_SORTS = {
    "title": ("title", "year", "pk"),
    "newest": ("-year", "title", "pk"),
    "oldest": ("year", "title", "pk"),
}


def browse_titles(filters: BrowseFilter, page_number: str | int | None) -> Page[Title]:
    titles: TitleQuerySet = Title.objects.top_level()
    if filters.kind == "films":
        titles = titles.films()
    elif filters.kind == "shows":
        titles = titles.shows()
    if filters.genre is not None:
        titles = titles.filter(genres=filters.genre)
    if filters.country is not None:
        titles = titles.filter(countries=filters.country)
    if filters.year is not None:
        titles = titles.filter(year=filters.year)
    elif filters.decade is not None:
        titles = titles.in_decade(filters.decade)
    titles = titles.order_by(*BROWSE_SORTS.get(filters.sort, BROWSE_SORTS["title"]))
    paginator = Paginator(titles.for_listing(), settings.CATALOG_PAGE_SIZE)
    return paginator.get_page(page_number)


def browse_facets() -> dict[str, object]:
    """The genres, countries and decades that have titles, for the browse navigation.

    Genres and countries are sorted by their names in the reader's language, which the
    database does not hold ("Verenigde Staten" sorts under V).
    """
    years = Title.objects.top_level().values_list("year", flat=True).distinct()
    decades = sorted({year // 10 * 10 for year in years if year}, reverse=True)
    genres = Genre.objects.filter(titles__isnull=False).distinct()
    countries = Country.objects.filter(titles__isnull=False).distinct()
    return {
        "genres": sorted(genres, key=lambda genre: genre.display_name.casefold()),
        "countries": sorted(countries, key=lambda country: country.display_name.casefold()),
        "decades": decades,
    }
