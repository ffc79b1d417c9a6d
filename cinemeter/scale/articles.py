"""Editorial articles in proportion to the catalogue (20,000 at MovieMeter's scale), written
in bulk like the other generated rows, then the related reading of all of them, computed at
once and timed (`editorial.articles.related.related_rebuild`).

Each article is on one of a handful of topics (a score, a restoration, a festival, a
director's career, the box office, an interview, a retrospective, a production) and about a
film drawn by popularity rank (Zipf-like: the most voted films get dozens of articles, most
films none), with up to two more films (of the same director for a career, of the same year
otherwise) and the film's director or leading actors as the topic asks. Its text is built
from the topic's sentences naming those films, years and people (`article_text`), so
articles on one film, person or topic really share words and tags, as the related reading
expects of a real magazine.

The articles draw from their own random stream (the seed's), and read the catalogue back
from the database, so `generate_scale --only articles` on a database generated earlier
writes the very rows a full generation does.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice

import numpy as np
from django.db import connection, transaction
from django.utils.text import slugify

from cinemeter.accounts.models import User
from cinemeter.catalog.models import Credit, Department, Person, Title
from cinemeter.community.messages.rendering import message_render
from cinemeter.core.page_cache import versions_bump_now
from cinemeter.editorial.articles.models import (
    Article,
    ArticleRelated,
    ArticleSlug,
    ArticleStatus,
    ArticleTag,
    ArticleTranslation,
    TagKind,
)
from cinemeter.editorial.articles.related import related_rebuild
from cinemeter.editorial.page_keys import ARTICLES_KEY, about_key, article_key
from cinemeter.scale.article_text import (
    DIRECTED_BY,
    HOUSE_SENTENCES,
    STARRING,
    TOPICS,
    TWO_OF_THE_CAST,
    Topic,
)
from cinemeter.scale.films import LEADS_PER_QUERY, Film, films_read, lead_rows

Progress = Callable[[str, int], None]

ARTICLES_STREAM = 4  # the releases use 1 to 3
BATCH = 2000
EDITORS = 12
# A film's chance to be an article's subject falls as 1 / (its popularity rank + this): at
# full scale the most voted film is the subject of ~50 articles, the 1,000th of ~2, and ~6,000
# films of at least one.
RANK_OFFSET = 50
# Share of the articles with a "related" callout in their text.
CALLOUT_SHARE = 0.4
_START = datetime(2010, 1, 1, tzinfo=UTC)
_END = datetime(2026, 1, 1, tzinfo=UTC)

Someone = tuple[int, str, str]  # person id, name, slug


@dataclass
class _Leads:
    directors: list[Someone] = field(default_factory=list)
    actors: list[Someone] = field(default_factory=list)


@dataclass
class _Draft:
    """One article before it is written: its subjects and its words."""

    topic: Topic
    films: list[Film]
    people: list[Someone]
    published: datetime
    tagged: int = 1  # the first films are tags; the next one is only named in the text
    leads: _Leads = field(default_factory=_Leads)  # of the first film
    headline: str = ""
    standfirst: str = ""
    body: str = ""


def _leads(film_ids: Sequence[int]) -> dict[int, _Leads]:
    """The directors and leading actors of these films, with their slugs (for references)."""
    found: dict[int, _Leads] = defaultdict(_Leads)
    for title_id, department, person_id, name, slug in lead_rows(film_ids):
        leads = found[title_id]
        people = leads.directors if department == Department.DIRECTING else leads.actors
        if all(p[0] != person_id for p in people):
            people.append((person_id, name, slug))
    return found


def _directed(person_ids: Sequence[int]) -> dict[int, list[int]]:
    """The films each of these people directed, by id."""
    films: dict[int, list[int]] = defaultdict(list)
    ids = iter(sorted(set(person_ids)))
    while chunk := list(islice(ids, LEADS_PER_QUERY)):
        rows = (
            Credit.objects.filter(person_id__in=chunk, department=Department.DIRECTING)
            .order_by("person_id", "title_id")
            .values_list("person_id", "title_id")
        )
        for person_id, title_id in rows:
            films[person_id].append(title_id)
    return films


def _published(rng: np.random.Generator, year: int) -> datetime:
    """A moment between the film's year (or the magazine's start) and the end of 2025."""
    start = max(_START, datetime(min(max(year, 1), 2025), 1, 1, tzinfo=UTC))
    minutes = int((_END - start).total_seconds() // 60)
    return start + timedelta(minutes=int(rng.integers(0, max(1, minutes))))


def _drafts(rng: np.random.Generator, films: list[Film], count: int) -> list[_Draft]:
    """Who and what each article is about, drawn for all of them at once."""
    by_rank = sorted(range(len(films)), key=lambda n: (-films[n].popularity, films[n].id))
    weights = 1.0 / (np.arange(len(films), dtype=np.float64) + RANK_OFFSET)
    ranks = rng.choice(len(films), size=count, p=weights / weights.sum())
    main = [films[by_rank[int(n)]] for n in ranks]
    leads = _leads([film.id for film in main])
    by_id = {film.id: film for film in films}
    directed = _directed([lead.directors[0][0] for lead in leads.values() if lead.directors])
    of_year: dict[int, list[Film]] = defaultdict(list)
    for film in films:
        of_year[film.year].append(film)

    drafts = []
    topics = rng.integers(0, len(TOPICS), count)
    for film, topic_index in zip(main, topics.tolist(), strict=True):
        topic = TOPICS[topic_index]
        lead = leads.get(film.id, _Leads())
        if (topic.person == "director" and not lead.directors) or (
            topic.person == "actor" and not lead.actors
        ):
            topic = TOPICS[-2]  # a retrospective needs nobody in particular
        # Further films: the director's others for a career, else films of the same year.
        pool: list[Film] = []
        if topic.name == "career":
            pool = [by_id[i] for i in directed.get(lead.directors[0][0], []) if i in by_id]
        if len(pool) < 2:
            pool = of_year[film.year]
        picked = dict.fromkeys(pool[int(i)].id for i in rng.integers(0, len(pool), 4))
        others = [by_id[i] for i in picked if i != film.id]
        tagged = int(rng.integers(1, topic.films + 1))
        people: list[Someone] = []
        if topic.person == "actor":
            people = lead.actors[: int(rng.integers(1, 3))]
        elif lead.directors and (topic.person == "director" or rng.random() < 0.3):
            people = lead.directors[:1]
        subjects = [film, *others][: max(tagged, 2)]
        published = _published(rng, film.year)
        drafts.append(_Draft(topic, subjects, people, published, min(tagged, len(subjects)), lead))
    return drafts


def _write(rng: np.random.Generator, draft: _Draft) -> None:
    """Fill in the draft's headline, standfirst and Markdown body."""
    film, leads = draft.films[0], draft.leads
    other = draft.films[1] if len(draft.films) > 1 else film
    director = leads.directors[0][1] if leads.directors else "its director"
    actor = leads.actors[0][1] if leads.actors else "its lead"
    if draft.topic.person == "actor" and draft.people:
        actor = draft.people[0][1]
    values = {
        "film": film.name,
        "year": film.year,
        "director": director,
        "actor": actor,
        "costar": draft.people[-1][1] if draft.people else actor,
        "other": other.name,
        "other_year": other.year,
        "age": max(1, draft.published.year - film.year),
        "n": int(rng.integers(2, 15)),
        "money": int(rng.integers(3, 180)),
        "minutes": int(rng.integers(80, 170)),
    }
    topic = draft.topic
    draft.headline = topic.headlines[int(rng.integers(len(topic.headlines)))].format(**values)
    draft.standfirst = topic.standfirsts[int(rng.integers(len(topic.standfirsts)))].format(**values)
    sentences = [topic.sentences[int(i)] for i in rng.permutation(len(topic.sentences))]
    sentences = sentences[: int(rng.integers(7, len(sentences) + 1))]
    house = HOUSE_SENTENCES[int(rng.integers(len(HOUSE_SENTENCES)))]
    if not any("{film}" in sentence for sentence in sentences):  # the film is named in it
        house = HOUSE_SENTENCES[0]
    sentences.insert(int(rng.integers(2, len(sentences))), house)
    # Whom the article is tagged with is named in it, whichever sentences it kept.
    if len(draft.people) > 1:  # an interview with two of the cast
        sentences.insert(1, TWO_OF_THE_CAST)
    elif draft.people and topic.person != "actor":
        if not any("{director}" in sentence for sentence in sentences):
            sentences.insert(1, DIRECTED_BY)
    elif draft.people and not any("{actor}" in sentence for sentence in sentences):
        sentences.insert(1, STARRING)
    cuts = sorted(rng.choice(np.arange(2, len(sentences) - 1), size=2, replace=False).tolist())
    paragraphs = [
        " ".join(s.format(**values) for s in part)
        for part in (sentences[: cuts[0]], sentences[cuts[0] : cuts[1]], sentences[cuts[1] :])
    ]
    if rng.random() < CALLOUT_SHARE:
        paragraphs.insert(2, "[[related]]")
    body = "\n\n".join(paragraphs)
    # The first mention of the film and of its person links to their pages, as an editor's
    # references would (the name is filled in when the page is made).
    body = body.replace(film.name, f"[[title:{film.slug}]]", 1)
    if draft.people and draft.people[0][1] in body:
        body = body.replace(draft.people[0][1], f"[[person:{draft.people[0][2]}]]", 1)
    draft.body = body


def _rows(
    drafts: Sequence[_Draft], start: int, editors: list[User]
) -> tuple[list[Article], list[list[ArticleTag]]]:
    articles, tags = [], []
    for n, draft in enumerate(drafts, start=start):
        tagged = draft.tagged
        subjects = [
            ArticleTag(kind=TagKind.TITLE, title_id=film.id, order=order)
            for order, film in enumerate(draft.films[:tagged])
        ]
        subjects += [
            ArticleTag(kind=TagKind.PERSON, person_id=person_id, order=len(subjects) + order)
            for order, (person_id, _name, _slug) in enumerate(draft.people)
        ]
        refs = [f"title:{film.slug}" for film in draft.films[:tagged]]
        refs += [f"person:{slug}" for _id, _name, slug in draft.people]
        articles.append(
            Article(
                slug=f"{slugify(draft.headline)[:80]}-{n}",
                headline=draft.headline[:200],
                standfirst=draft.standfirst[:400],
                body=draft.body,
                body_html=message_render(draft.body),
                language="en",
                author=editors[n % len(editors)] if editors else None,
                status=ArticleStatus.PUBLISHED,
                published_at=draft.published,
                tag_refs=", ".join(refs),
            )
        )
        tags.append(subjects)
    return articles, tags


def _about_keys_bump(kind: str, model: type[Title] | type[Person], ids: set[int]) -> None:
    """Bump the "Articles about …" keys of the subjects the generated articles are about, as
    the article services would have: those panels stay empty, without a query, until a
    subject's key is first bumped."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), 900):  # within any SQLite's parameter limit
        found = model.objects.filter(pk__in=ordered[start : start + 900])
        versions_bump_now(about_key(kind, slug) for slug in found.values_list("slug", flat=True))


def _subjects() -> dict[str, set[int]]:
    return {
        "title": set(
            ArticleTag.objects.filter(title__isnull=False).values_list("title_id", flat=True)
        ),
        "person": set(
            ArticleTag.objects.filter(person__isnull=False).values_list("person_id", flat=True)
        ),
    }


def _written(seed: int, count: int, progress: Progress) -> None:
    rng = np.random.default_rng([seed, ARTICLES_STREAM])
    films = films_read()
    if not films:
        return
    # A few of the generated members write them (the editors of a real site are members too).
    editors = list(User.objects.order_by("pk")[:EDITORS])
    drafts = _drafts(rng, films, count)
    for start in range(0, count, BATCH):
        batch = drafts[start : start + BATCH]
        for draft in batch:
            _write(rng, draft)
        articles, tags = _rows(batch, start, editors)
        made = Article.objects.bulk_create(articles)
        for article, subjects in zip(made, tags, strict=True):
            for tag in subjects:
                tag.article = article
        ArticleTag.objects.bulk_create([tag for subjects in tags for tag in subjects])
        progress("articles", start + len(batch))


def articles_generate(seed: int, count: int, progress: Progress) -> float:
    """Write `count` published articles with their tags; returns the seconds the related
    reading of all of them took."""
    if count <= 0:
        return 0.0
    _written(seed, count, progress)
    about = _subjects()
    _about_keys_bump("title", Title, about["title"])
    _about_keys_bump("person", Person, about["person"])
    versions_bump_now([ARTICLES_KEY])  # the index, the feeds and the home page's newest
    started = time.monotonic()
    related_rebuild()
    seconds = time.monotonic() - started
    progress(f"related reading computed in {seconds:.1f} s for articles", count)
    return seconds


def articles_replace(seed: int, count: int, progress: Progress) -> float:
    """`generate_scale --only articles`: every article of the database (with its tags,
    related rows, old slugs, translations and revisions) replaced by `count` generated ones,
    and the pages that showed them refreshed. The articles go in one transaction: a failure
    keeps the old ones. Returns the seconds of the related reading."""
    with transaction.atomic():
        before = _subjects()
        old_slugs = set(Article.objects.values_list("slug", flat=True))
        # Plain deletes: the ORM's would load every row to record its deletion in the history.
        with connection.cursor() as cursor:
            for model in (
                ArticleRelated,
                ArticleTag,
                ArticleSlug,
                ArticleTranslation,
                Article.history.model,
                Article,
            ):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        if count > 0:
            _written(seed, count, progress)
    after = _subjects()
    _about_keys_bump("title", Title, before["title"] | after["title"])
    _about_keys_bump("person", Person, before["person"] | after["person"])
    slugs = old_slugs | set(Article.objects.values_list("slug", flat=True))
    versions_bump_now([ARTICLES_KEY, *(article_key(slug) for slug in slugs)])
    if count <= 0:
        return 0.0
    started = time.monotonic()
    related_rebuild()
    seconds = time.monotonic() - started
    progress(f"related reading computed in {seconds:.1f} s for articles", count)
    return seconds
