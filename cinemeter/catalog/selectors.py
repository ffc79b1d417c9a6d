"""Reads for the catalogue pages; each runs a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_stubs_ext import StrOrPromise

from cinemeter.catalog.histogram import VoteHistogram
from cinemeter.catalog.localize import localized_title_subquery, title_plot, with_localized_title
from cinemeter.catalog.models import (
    DEPARTMENT_ORDER,
    VOTE_VALUES,
    CompanyRole,
    Country,
    Credit,
    Department,
    ExternalRating,
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
    minimum: int = 1  # votes needed before the average shows

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
    minimum = max(1, settings.VOTES_MINIMUM_FOR_AVERAGE)
    return MemberScore(
        vote_count=score.vote_count,
        average=score.average if score.vote_count >= minimum else None,
        histogram=VoteHistogram.from_counts(score.counts),
        own_vote=own_vote,
        minimum=minimum,
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
    # The department the person has most credits in first (an actor's Cast before Writing).
    filmography: list[FilmographyGroup]
    # Their most popular titles (IMDb votes, then members' votes), with `posters`.
    known_for: list[Title]
    external_ids: list[object]

    @property
    def known_for_department(self) -> FilmographyGroup | None:
        return self.filmography[0] if self.filmography else None


KNOWN_FOR_SIZE = 4


def _newest_first(credit: Credit) -> tuple[int, int, str]:
    title = credit.title
    show = title.parent.parent if title.parent and title.parent.parent else title.parent
    year = title.year or (show.year if show else None) or 0
    return (-year, -(title.release_date.toordinal() if title.release_date else 0), title.title)


def _popularity(credit: Credit) -> tuple[int, int, int]:
    """Most IMDb votes first, then most members' votes, then the higher billing."""
    score = getattr(credit.title, "score", None)
    return (
        -(getattr(credit, "imdb_votes", None) or 0),
        -(score.vote_count if score else 0),
        credit.billing_order if credit.billing_order is not None else 1_000_000,
    )


def _known_for(credits: Sequence[Credit]) -> list[Title]:
    """The person's most popular films and shows (seasons and episodes count as nothing on
    their own), each once, with their posters (one query)."""
    titles: dict[int, Title] = {}
    for credit in sorted(credits, key=_popularity):
        if credit.title.parent_id is None:
            titles.setdefault(credit.title.pk, credit.title)
    chosen = list(titles.values())[:KNOWN_FOR_SIZE]
    posters = Image.objects.filter(kind=ImageKind.POSTER).order_by("order", "id")
    prefetch_related_objects(chosen, Prefetch("images", queryset=posters, to_attr="posters"))
    return chosen


def person_page(slug: str) -> PersonPage:
    person = get_object_or_404(Person.objects.prefetch_related("images", "external_ids"), slug=slug)
    imdb = ExternalRating.objects.filter(title=OuterRef("title_id"), source=ExternalSource.IMDB)
    credits_query = person.credits.select_related(
        "title", "title__parent", "title__parent__parent", "title__score"
    ).annotate(imdb_votes=Subquery(imdb.values("votes")[:1]))
    localized = localized_title_subquery(title="title_id")
    if localized is not None:  # the titles' names in the reader's language, in the same query
        credits_query = credits_query.annotate(title_localized=localized)
    credits = list(credits_query)
    for credit in credits:
        credit.title.localized_title = getattr(credit, "title_localized", None)  # type: ignore[attr-defined]
    credits.sort(key=lambda c: DEPARTMENT_ORDER[c.department])
    filmography = [
        FilmographyGroup(
            department=dept, label=Department(dept).label, credits=sorted(group, key=_newest_first)
        )
        for dept, group in groupby(credits, key=lambda c: c.department)
    ]
    # What the person is known for leads: most credits first, the usual order among equals.
    filmography.sort(key=lambda g: (-len(g.credits), DEPARTMENT_ORDER[g.department]))
    photo = next((i for i in person.images.all() if i.kind == ImageKind.PROFILE), None)
    return PersonPage(
        person=person,
        photo=photo,
        filmography=filmography,
        known_for=_known_for(credits),
        external_ids=list(person.external_ids.all()),
    )


@dataclass
class HomePage:
    """The home page's titles; each carries `member` (its MemberScore), `imdb_rating`,
    `posters` and `genres`, the featured one also `backdrops` and `plot_shown`."""

    featured: Title | None
    recent: list[Title]
    popular: list[Title]


HOME_LIST_SIZE = 12
# The featured title is the best-scored of this many latest releases: new enough to be news,
# enough of them that one usually has enough votes.
FEATURED_WINDOW = 24


def _home_listing(titles: TitleQuerySet) -> TitleQuerySet:
    """A home list's rows with their tally and IMDb rating, and the name in the reader's
    language, in the list's one query."""
    imdb = ExternalRating.objects.filter(title=OuterRef("pk"), source=ExternalSource.IMDB)
    titles = titles.select_related("score").annotate(imdb_rating=Subquery(imdb.values("value")[:1]))
    return with_localized_title(titles)


def _best_scored(titles: list[Title]) -> Title | None:
    """The title with the highest members' average (more votes, then newer, break ties);
    None when none has enough votes for an average."""
    scored = [t for t in titles if t.member.average is not None]  # type: ignore[attr-defined]
    return max(
        scored,
        key=lambda t: (t.member.average, t.member.vote_count),  # type: ignore[attr-defined]
        default=None,
    )


def _home_pictures(titles: list[Title]) -> None:
    """Genres, posters and backdrops of every listed title in two queries, whatever the lists."""
    pictures = Image.objects.filter(kind__in=[ImageKind.POSTER, ImageKind.BACKDROP]).order_by(
        "order", "id"
    )
    prefetch_related_objects(
        titles, "genres", Prefetch("images", queryset=pictures, to_attr="home_images")
    )
    for title in titles:
        images = title.home_images  # type: ignore[attr-defined]
        title.posters = [i for i in images if i.kind == ImageKind.POSTER]  # type: ignore[attr-defined]
        title.backdrops = [i for i in images if i.kind == ImageKind.BACKDROP]  # type: ignore[attr-defined]


def home_page(today: date | None = None) -> HomePage:
    """The featured title, the latest releases and the most popular titles (by IMDb votes):
    five queries (six with a plot in the reader's language), whatever the catalogue's size.

    Featured is the best-scored of the latest releases, else the most popular title, else the
    latest release; it is left out of the lists below it.
    """
    today = today or timezone.localdate()
    top_level = Title.objects.top_level()
    released = top_level.filter(release_date__isnull=False, release_date__lte=today)
    window = list(_home_listing(released).order_by("-release_date", "-pk")[:FEATURED_WINDOW])
    popular = list(
        _home_listing(top_level.filter(external_ratings__source=ExternalSource.IMDB)).order_by(
            "-external_ratings__votes", "pk"
        )[: HOME_LIST_SIZE + 1]
    )
    for title in (*window, *popular):
        title.member = member_score(getattr(title, "score", None))  # type: ignore[attr-defined]
    featured = _best_scored(window) or next(iter(popular or window), None)
    recent = [t for t in window if t != featured][:HOME_LIST_SIZE]
    popular = [t for t in popular if t != featured][:HOME_LIST_SIZE]
    shown = [*recent, *popular, *([featured] if featured else [])]
    _home_pictures(shown)
    if featured is not None:
        featured.plot_shown = title_plot(featured)[0]  # type: ignore[attr-defined]
    return HomePage(featured=featured, recent=recent, popular=popular)


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
