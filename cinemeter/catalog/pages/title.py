"""The title page (film, show, season, episode) as panels, and the catalogue's own panels.

Slots, top to bottom: "head" (the document's title and description), "header" (poster and
facts), "score" (the members' score; the community adds the member's own vote there),
"main" (cast, seasons and episodes, videos and images; the community adds the reviews) and
"aside" (release dates, other titles, companies, links).

The subject loads nothing until a panel that the cache does not hold asks for something,
and then loads each thing once for all the panels of the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import connections, router
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cinemeter.catalog.localize import localized_title_from, title_plot
from cinemeter.catalog.models import (
    AlternativeTitle,
    Credit,
    Department,
    ExternalSource,
    Image,
    ImageKind,
    Person,
    Title,
    TitleKind,
    TitleScore,
)
from cinemeter.catalog.page_keys import title_key, title_score_key
from cinemeter.catalog.selectors import ROLE_ORDER, member_score
from cinemeter.core.panels import Panel, panel_register

STARS_SHOWN = 3
CAST_PREVIEW = 10
PAGE = "title"


@dataclass(frozen=True)
class TitleBrief:
    """What every request of a title page may need, in one plain query: the title's id, slug
    and name, and how many messages members posted on it (0: the reviews need no query)."""

    id: int
    slug: str
    name: str
    message_count: int


class TitleSubject:
    """The title a page is about, by slug; each part loaded on first use, once per request."""

    def __init__(self, slug: str) -> None:
        self.slug = slug

    @cached_property
    def brief(self) -> TitleBrief:
        """Plain SQL: it runs on every member's view of a title, where compiling an ORM query
        would cost more than running it. Taken from the title when a panel loaded it."""
        if "title" in self.__dict__:
            title = self.title
            score = getattr(title, "score", None)  # none: nobody voted or wrote yet
            count = score.message_count if score is not None else 0
            return TitleBrief(title.pk, title.slug, title.title, count)
        connection = connections[router.db_for_read(Title)]
        quote = connection.ops.quote_name
        titles, scores = quote(Title._meta.db_table), quote(TitleScore._meta.db_table)
        sql = (
            f"SELECT t.id, t.slug, t.title, COALESCE(s.message_count, 0) FROM {titles} t "  # noqa: S608
            f"LEFT JOIN {scores} s ON s.title_id = t.id WHERE t.slug = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.slug])
            row = cursor.fetchone()
        if row is None:
            raise Http404(self.slug)
        return TitleBrief(*row)

    @cached_property
    def title(self) -> Title:
        """The title with its show and season, its tally, genres and countries, and its name
        in the reader's language (from its alternative titles)."""
        title: Title = get_object_or_404(
            Title.objects.select_related("parent", "parent__parent", "score").prefetch_related(
                "genres", "countries"
            ),
            slug=self.slug,
        )
        self._alternative_titles = list(title.alternative_titles.all())
        title.localized_title = localized_title_from(self._alternative_titles)  # type: ignore[attr-defined]
        return title

    @property
    def alternative_titles(self) -> list[AlternativeTitle]:
        """Loaded with the title: its name in the reader's language is chosen among them."""
        _ = self.title
        return self._alternative_titles

    @cached_property
    def images(self) -> list[Image]:
        return list(self.title.images.all())

    @cached_property
    def plot(self) -> tuple[str, str]:
        return title_plot(self.title)

    @cached_property
    def key_credits(self) -> list[Credit]:
        """Directors, writers and the first-billed actors in one query."""
        actors = Q(department=Department.ACTING, billing_order__lt=CAST_PREVIEW)
        return list(
            Credit.objects.filter(title=self.title)
            .filter(Q(department__in=[Department.DIRECTING, Department.WRITING]) | actors)
            .select_related("person")
            .order_by("department", "billing_order", "id")
        )


def _people_in(credits: list[Credit], department: str) -> list[Person]:
    """Each person once, in credit order: a writer credited for screenplay and story is one."""
    people: dict[int, Person] = {}
    for credit in credits:
        if credit.department == department:
            people.setdefault(credit.person_id, credit.person)
    return list(people.values())


def _facts_keys(subject: TitleSubject) -> list[str]:
    return [title_key(subject.slug)]


def _score_keys(subject: TitleSubject) -> list[str]:
    return [title_score_key(subject.slug)]


def head(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any]:
    return {"t": subject.title, "plot": subject.plot[0]}


def header(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any]:
    title = subject.title
    credits = subject.key_credits
    ratings = {r.source: r for r in title.external_ratings.all()}
    images = subject.images
    plot, plot_language = subject.plot
    show = season = None
    if title.is_season:
        show = title.parent
    elif title.is_episode and title.parent is not None:
        season = title.parent if title.parent.is_season else None
        show = title.parent.parent if season else title.parent
    return {
        "t": title,
        "show": show,
        "season": season,
        "poster": next((i for i in images if i.kind == ImageKind.POSTER), None),
        "genres": list(title.genres.all()),
        "countries": list(title.countries.all()),
        "directors": _people_in(credits, Department.DIRECTING),
        "writers": _people_in(credits, Department.WRITING),
        "stars": _people_in(credits, Department.ACTING)[:STARS_SHOWN],
        "imdb": ratings.get(ExternalSource.IMDB),
        "plot": plot,
        "plot_language": plot_language,
    }


def score(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any]:
    title = subject.title
    try:
        tally: TitleScore | None = title.score
    except TitleScore.DoesNotExist:
        tally = None
    return {"title": title, "score": member_score(tally)}


def cast(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any]:
    preview = [c for c in subject.key_credits if c.department == Department.ACTING]
    return {"t": subject.title, "cast_preview": preview}


def _episode_neighbours(episode: Title) -> tuple[Title | None, Title | None]:
    """The episodes before and after, across season boundaries of the same show."""
    season = episode.parent
    if season is None:
        return None, None
    in_show = Title.objects.filter(kind=TitleKind.EPISODE).select_related("parent")
    if not season.is_season:  # an episode straight under its show, outside any season
        siblings = in_show.filter(parent=season)
        number = episode.episode_number or 0
        return (
            siblings.filter(episode_number__lt=number).order_by("-episode_number").first(),
            siblings.filter(episode_number__gt=number).order_by("episode_number").first(),
        )
    in_show = in_show.filter(parent__parent=season.parent)
    key = (season.season_number or 0, episode.episode_number or 0)
    before = Q(parent__season_number__lt=key[0]) | Q(
        parent__season_number=key[0], episode_number__lt=key[1]
    )
    after = Q(parent__season_number__gt=key[0]) | Q(
        parent__season_number=key[0], episode_number__gt=key[1]
    )
    previous = in_show.filter(before).order_by("-parent__season_number", "-episode_number").first()
    following = in_show.filter(after).order_by("parent__season_number", "episode_number").first()
    return previous, following


def episodes(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    """Seasons and episodes of a show, episodes of a season, neighbours of an episode."""
    title = subject.title
    context: dict[str, Any] = {"t": title, "seasons": [], "episodes": [], "season": None}
    if title.is_show:
        children = list(title.children.order_by("season_number", "episode_number"))
        context["seasons"] = [child for child in children if child.is_season]
        context["episodes"] = [child for child in children if child.is_episode]
    elif title.is_season:
        context["episodes"] = list(title.children.order_by("episode_number"))
    elif title.is_episode and title.parent is not None:
        context["season"] = title.parent if title.parent.is_season else None
        context["previous_episode"], context["next_episode"] = _episode_neighbours(title)
    else:
        return None
    return context


def media(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any]:
    title = subject.title
    images = subject.images
    poster = next((i for i in images if i.kind == ImageKind.POSTER), None)
    return {
        "t": title,
        "videos": list(title.videos.all()),
        "gallery": [i for i in images if i is not poster],
    }


def details(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    title = subject.title
    context = {
        "release_dates": list(title.release_dates.select_related("country")),
        "alternative_titles": subject.alternative_titles,
        "companies": sorted(
            title.company_credits.select_related("company", "country"),
            key=lambda link: (ROLE_ORDER[link.role], link.order),
        ),
        "external_ids": list(title.external_ids.all()),
    }
    return context if any(context.values()) else None


def _panel(name: str, slot: str, order: int, context: Any, keys: Any = _facts_keys) -> Panel:
    return Panel(
        name=f"catalog.title.{name}",
        page=PAGE,
        template=f"catalog/panels/title_{name}.html",
        context=context,
        keys=keys,
        slot=slot,
        order=order,
    )


def title_panels_register() -> None:
    for panel in (
        _panel("head", "head", 10, head),
        _panel("header", "header", 10, header),
        _panel("score", "score", 10, score, _score_keys),
        _panel("cast", "main", 10, cast),
        _panel("episodes", "main", 20, episodes),
        _panel("media", "main", 30, media),
        _panel("details", "aside", 10, details),
    ):
        panel_register(panel)
