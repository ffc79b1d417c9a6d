"""The title page (film, show, season, episode) as panels, and the catalogue's own panels.

Slots, top to bottom: "head" (the document's title and description), "header" (poster and
facts), "score" (the members' score; the community adds the member's own vote there),
"main" (cast, seasons and episodes, videos and images; the community adds the reviews) and
"aside" (release dates, other titles, companies, links).

The subject loads nothing until a panel that the cache does not hold asks for something,
and then loads each thing once for all the panels of the request.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.files.storage import default_storage
from django.db import connections, router
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from cinemeter.catalog.localize import localized_title_from, title_plot
from cinemeter.catalog.models import (
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
from cinemeter.catalog.page_keys import title_key, title_score_key
from cinemeter.catalog.pages.media_sources import (
    media_source_keys,
    source_count_annotations,
    source_counts_of,
)
from cinemeter.catalog.pages.videos import videos_in_order
from cinemeter.catalog.selectors import ROLE_ORDER, member_score
from cinemeter.core.panels import Panel, panel_register

STARS_SHOWN = 3
CAST_PREVIEW = 10
# The media panel's previews; the "All media" and videos pages show the rest.
VIDEOS_PREVIEW = 5
GALLERY_PREVIEW = 8
FACE_TONES = 8
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
        """The title with its show and season, its tally, genres and countries, its name in
        the reader's language (from its alternative titles), and how many pictures of it the
        apps above the catalogue hold (edition covers: `media_sources`, a correlated count
        each in this same query), and its IMDb rating (two correlated columns here rather than
        a query of their own)."""
        imdb = ExternalRating.objects.filter(title=OuterRef("pk"), source=ExternalSource.IMDB)
        title: Title = get_object_or_404(
            Title.objects.select_related("parent", "parent__parent", "score")
            .prefetch_related("genres", "countries")
            .annotate(
                imdb_value=Subquery(imdb.values("value")[:1]),
                imdb_votes=Subquery(imdb.values("votes")[:1]),
                **source_count_annotations(),
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
    def imdb(self) -> ExternalRating | None:
        """The IMDb rating read with the title (an unsaved row: the page only shows it)."""
        value = getattr(self.title, "imdb_value", None)
        if value is None:
            return None
        votes = getattr(self.title, "imdb_votes", 0)
        return ExternalRating(
            title=self.title, source=ExternalSource.IMDB, value=value, votes=votes
        )

    @cached_property
    def key_credits(self) -> list[KeyCredit]:
        """Directors, writers and the first-billed actors, each with the person's first photo,
        in one plain query: a dozen rows that the ORM would turn into two dozen instances."""
        connection = connections[router.db_for_read(Credit)]
        quote = connection.ops.quote_name
        credits, people = quote(Credit._meta.db_table), quote(Person._meta.db_table)
        images = quote(Image._meta.db_table)
        photo = (
            f"SELECT {{column}} FROM {images} i WHERE i.person_id = p.id AND i.kind = %s "  # noqa: S608
            f"ORDER BY i.{quote('order')}, i.id LIMIT 1"
        )
        sql = (
            f"SELECT c.department, c.character, p.id, p.name, p.slug, "  # noqa: S608
            f"({photo.format(column='i.file')}), ({photo.format(column='i.remote_url')}) "
            f"FROM {credits} c JOIN {people} p ON p.id = c.person_id "
            "WHERE c.title_id = %s AND (c.department IN (%s, %s) "
            "OR (c.department = %s AND c.billing_order < %s)) "
            "ORDER BY c.department, c.billing_order, c.id"
        )
        params: list[str | int] = [
            str(ImageKind.PROFILE),
            str(ImageKind.PROFILE),
            self.brief.id,
            str(Department.DIRECTING),
            str(Department.WRITING),
            str(Department.ACTING),
            CAST_PREVIEW,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [
            KeyCredit(
                department=department,
                character=character,
                person=PersonLink(
                    id=person_id,
                    name=name,
                    slug=slug,
                    photo_url=default_storage.url(file) if file else (remote_url or ""),
                ),
            )
            for department, character, person_id, name, slug, file, remote_url in rows
        ]


@dataclass(frozen=True)
class PersonLink:
    """A person as the title page links them: name, page and, for the cast, a photo."""

    id: int
    name: str
    slug: str
    photo_url: str = ""

    def get_absolute_url(self) -> str:
        return reverse("catalog:person", kwargs={"slug": self.slug})

    @property
    def initials(self) -> str:
        """ "KR" for Kurt Russell: the face drawn where there is no photo."""
        words = [word for word in self.name.replace("-", " ").split() if word[:1].isalpha()]
        picked = words[:1] + words[1:][-1:]
        return "".join(word[0] for word in picked).upper()

    @property
    def tone(self) -> int:
        """One of eight colours for the drawn face, the same for a name on every page."""
        return zlib.crc32(self.name.encode()) % FACE_TONES


@dataclass(frozen=True)
class KeyCredit:
    department: str
    character: str
    person: PersonLink


def _people_in(credits: list[KeyCredit], department: str) -> list[PersonLink]:
    """Each person once, in credit order: a writer credited for screenplay and story is one."""
    people: dict[int, PersonLink] = {}
    for credit in credits:
        if credit.department == department:
            people.setdefault(credit.person.id, credit.person)
    return list(people.values())


def _facts_keys(subject: TitleSubject) -> list[str]:
    return [title_key(subject.slug)]


def _score_keys(subject: TitleSubject) -> list[str]:
    """The members' score (votes) and the IMDb score beside it (the catalogue)."""
    return [title_key(subject.slug), title_score_key(subject.slug)]


def _media_keys(subject: TitleSubject) -> list[str]:
    """The title's own pictures and videos, and the pictures other apps add (covers)."""
    return [title_key(subject.slug), *media_source_keys(subject.slug)]


def head(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any]:
    return {"t": subject.title, "plot": subject.plot[0]}


def header(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any]:
    title = subject.title
    credits = subject.key_credits
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
        "plot": plot,
        "plot_language": plot_language,
    }


def score(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any]:
    title = subject.title
    try:
        tally: TitleScore | None = title.score
    except TitleScore.DoesNotExist:
        tally = None
    return {
        "title": title,
        "score": member_score(tally),
        "imdb": subject.imdb,
    }


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
    """The first videos and pictures, and the tabs to all of them with their counts: the
    title's own from the lists loaded here, the other apps' (covers) loaded with the title."""
    title = subject.title
    images = subject.images
    poster = next((i for i in images if i.kind == ImageKind.POSTER), None)
    videos = list(videos_in_order(title.videos.all()))
    covers = source_counts_of(title)
    return {
        "t": title,
        "videos": videos[:VIDEOS_PREVIEW],
        "video_count": len(videos),
        "gallery": [i for i in images if i is not poster][:GALLERY_PREVIEW],
        "media_count": len(images) + sum(covers.values()),
    }


def details(subject: TitleSubject, _request: HttpRequest | None) -> dict[str, Any]:
    """The sidebar: the facts in full, release dates, other titles, companies and links."""
    title = subject.title
    return {
        "t": title,
        "countries": list(title.countries.all()),
        "release_dates": list(title.release_dates.select_related("country")),
        "alternative_titles": subject.alternative_titles,
        "companies": sorted(
            title.company_credits.select_related("company", "country"),
            key=lambda link: (ROLE_ORDER[link.role], link.order),
        ),
        "external_ids": list(title.external_ids.all()),
    }


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
        _panel("media", "main", 30, media, _media_keys),
        _panel("details", "aside", 10, details),
    ):
        panel_register(panel)
