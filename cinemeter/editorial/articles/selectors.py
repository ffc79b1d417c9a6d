"""Reads for the editorial pages, each a fixed number of queries whatever the article's size,
its number of tags, references or related articles.

- `article_page`: the article (with its author), its tags with their subjects, the
  references its body names that are not tags (one query per kind), its related list, and the
  reader's translation when it needs one: at most 8 queries.
- `articles_index`, `articles_about`: a page of published articles (count, page, the reader's
  translations of their headlines).
- `about_summary`: the "Articles about …" panel of a title, person, edition or album: one
  query, two when one of them needs its headline in the reader's language.
- `articles_newest`: the home page's newest articles: one query, two when one of them is
  in another language than the reader's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from cinemeter.catalog.selectors import MemberScore, member_score
from cinemeter.editorial import references
from cinemeter.editorial.articles.models import (
    TAG_COLUMNS,
    Article,
    ArticleRelated,
    ArticleSlug,
    ArticleStatus,
    ArticleTag,
    ArticleTranslation,
    TagKind,
)
from cinemeter.editorial.articles.translation import (
    best_translation,
    language_name,
    reader_target,
    translation_backends,
)
from cinemeter.editorial.permissions import can_write

PER_PAGE = 20
RELATED_SHOWN = 5
PANEL_SHOWN = 5
HOME_SHOWN = 4


class MovedTo(Exception):  # noqa: N818 - a redirect, not an error
    """The slug is an old one of a published article: redirect to its page."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


@dataclass(frozen=True)
class TagCard:
    kind: str
    name: str
    url: str
    detail: str = ""
    score: MemberScore | None = None


@dataclass(frozen=True)
class RelatedLink:
    headline: str
    url: str
    standfirst: str
    reason: str


@dataclass
class ArticlePage:
    article: Article
    body_html: str
    headline: str
    standfirst: str
    cards: list[TagCard]
    related: list[RelatedLink]
    translated_from: str = ""  # "Dutch" when the reader sees a translation
    original_url: str = ""  # the toggle between the translation and the original
    showing_original: bool = False
    callouts_shown: list[RelatedLink] = field(default_factory=list)


def _reason(shared: Sequence[str]) -> str:
    if not shared:
        return _("Alike in subject and words")
    names = list(shared)[:3]
    joined = (
        names[0]
        if len(names) == 1
        else _("%(first)s and %(last)s")
        % {
            "first": ", ".join(names[:-1]),
            "last": names[-1],
        }
    )
    return _("Also about %(names)s") % {"names": joined}


def _tag_target(tag: ArticleTag) -> references.Target | None:
    """What a stored tag names, from its loaded subject; None for a track (named by its album,
    resolved from the article's tag list) or a subject that is gone."""
    if tag.kind == TagKind.TITLE and tag.title is not None:
        t = tag.title
        return references.Target("title", t.slug, t.title, t.get_absolute_url(), t, t.years_label)
    if tag.kind == TagKind.PERSON and tag.person is not None:
        p = tag.person
        return references.Target("person", p.slug, p.name, p.get_absolute_url(), p)
    if tag.kind == TagKind.EDITION and tag.edition is not None:
        edition = tag.edition
        year = edition.release_date.year if edition.release_date else ""
        detail = ", ".join(str(p) for p in (edition.get_format_display(), year) if p)
        name = f"{edition.title.title}: {edition.name}"
        ref = f"{edition.title.slug}/{edition.slug}"
        return references.Target("edition", ref, name, edition.get_absolute_url(), edition, detail)
    if tag.kind == TagKind.ALBUM and tag.album is not None:
        a = tag.album
        detail = references.album_detail(a)
        return references.Target("album", a.slug, a.title, a.get_absolute_url(), a, detail)
    return None


def _card(target: references.Target) -> TagCard:
    score = member_score(getattr(target.obj, "score", None)) if target.kind == "title" else None
    return TagCard(target.kind, target.name, target.url, target.detail, score)


def _tag_cards(
    tags: Sequence[ArticleTag], tracks: Mapping[int, references.Target]
) -> list[TagCard]:
    """The cards in the editor's order; a track whose tracklist line is gone keeps its name,
    without a link."""
    cards = []
    for tag in tags:
        target = _tag_target(tag)
        if target is None and tag.kind == TagKind.TRACK and tag.recording is not None:
            target = tracks.get(tag.recording.pk) or references.Target(
                "track", "", tag.recording.title, "", tag.recording
            )
        if target is not None:
            cards.append(_card(target))
    return cards


def _visible(article: Article, reader: Any) -> bool:
    return article.is_published or can_write(reader)


def article_get(slug: str, reader: Any) -> Article:
    """The article for this reader, or 404 (drafts and withdrawn articles for everyone who
    may not write: 404, not 403), or MovedTo for an old slug."""
    article = Article.objects.select_related("author").filter(slug=slug).first()
    if article is None:
        moved = ArticleSlug.objects.select_related("article").filter(slug=slug).first()
        if moved is not None and _visible(moved.article, reader):
            raise MovedTo(moved.article.get_absolute_url())
        raise Http404(slug)
    if not _visible(article, reader):
        raise Http404(slug)
    return article


def _chooser(
    pool: list[RelatedLink], labels: dict[str, str], shown: list[RelatedLink]
) -> Callable[[str], references.Callout | None]:
    def choose(marker: str) -> references.Callout | None:
        if not pool:
            return None
        link = pool.pop(0)
        shown.append(link)
        return references.Callout(labels[marker], link.headline, link.url, link.reason)

    return choose


def article_page(slug: str, reader: Any, query: QueryDict) -> ArticlePage:
    article = article_get(slug, reader)
    tags = list(
        article.tags.select_related(
            "title__score", "person", "edition__title", "album__artist_credit", "recording"
        ).order_by("order", "id")
    )
    targets: dict[tuple[str, str], references.Target] = {}
    for tag in tags:
        target = _tag_target(tag)
        if target is not None:
            targets[(target.kind, target.ref)] = target
    parsed = references.body_parse(article.body)
    # Tracks are named by their album ("album-slug/track-slug"): the tagged ones are found
    # with the body's other references, one query per kind named.
    tagged = references.tags_parse(article.tag_refs).references
    wanted = [r for r in tagged if r.kind == "track"]
    wanted += [r for r in parsed.references if (r.kind, r.ref) not in targets]
    targets.update(references.resolve(wanted))
    tracks = {t.obj.pk: t for t in targets.values() if t.kind == "track"}
    related_rows = list(
        ArticleRelated.objects.filter(article=article, related__status=ArticleStatus.PUBLISHED)
        .select_related("related")
        .only(
            "shared",
            "rank",
            "related__slug",
            "related__headline",
            "related__standfirst",
            "related__status",
        )
        .order_by("rank")
    )
    pool = [
        RelatedLink(
            row.related.headline,
            row.related.get_absolute_url(),
            row.related.standfirst,
            _reason(row.shared),
        )
        for row in related_rows
    ]
    shown: list[RelatedLink] = []
    labels = {marker: str(label) for marker, label in references.CALLOUTS.items()}
    headline, standfirst, source_html = article.headline, article.standfirst, article.body_html
    translated_from = original_url = ""
    showing_original = query.get("original") == "1"
    target_language = reader_target(article.language, reader)
    if target_language is not None:
        found = best_translation(
            list(
                ArticleTranslation.objects.filter(
                    article=article, language=target_language, backend__in=translation_backends()
                )
            )
        )
        if found is not None:
            translated_from = language_name(article.language)
            original_url = "?" if showing_original else "?original=1"
            if not showing_original:
                headline, standfirst, source_html = (
                    found.headline,
                    found.standfirst,
                    found.body_html,
                )
    body_html = references.body_fill(source_html, targets, _chooser(pool, labels, shown))
    return ArticlePage(
        article=article,
        body_html=body_html,
        headline=headline,
        standfirst=standfirst,
        cards=_tag_cards(tags, tracks),
        related=pool[:RELATED_SHOWN],
        translated_from=translated_from,
        original_url=original_url,
        showing_original=showing_original,
        callouts_shown=shown,
    )


@dataclass(frozen=True)
class ListedArticle:
    article: Article
    headline: str
    standfirst: str


def _published() -> QuerySet[Article]:
    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .select_related("author")
        .order_by("-published_at", "-id")
    )


def _listed(page_articles: Sequence[Article], reader: Any) -> list[ListedArticle]:
    """The articles with their headline in the reader's language where they have one: one
    query, none when every article is in a language the reader reads."""
    wanted = {a.pk: t for a in page_articles if (t := reader_target(a.language, reader))}
    found: dict[int, list[ArticleTranslation]] = {}
    if wanted:
        for row in ArticleTranslation.objects.filter(
            article_id__in=list(wanted),
            language__in=set(wanted.values()),
            backend__in=translation_backends(),
        ):
            found.setdefault(row.article_id, []).append(row)
    listed = []
    for article in page_articles:
        best = best_translation(found.get(article.pk, []))
        listed.append(
            ListedArticle(
                article,
                best.headline if best else article.headline,
                best.standfirst if best else article.standfirst,
            )
        )
    return listed


@dataclass
class ArticleList:
    page: Page[Article]
    items: list[ListedArticle]
    subject: references.Target | None = None


def _paged(queryset: QuerySet[Article], number: str | None, reader: Any) -> ArticleList:
    paginator = Paginator(queryset, PER_PAGE)
    page = paginator.get_page(number)
    return ArticleList(page, _listed(list(page.object_list), reader))


def articles_index(number: str | None, reader: Any) -> ArticleList:
    return _paged(_published(), number, reader)


def _about_filter(kind: str, target: references.Target) -> dict[str, Any]:
    return {f"tags__{TAG_COLUMNS[TagKind(kind)]}": target.obj}


def articles_about(kind: str, ref: str, number: str | None, reader: Any) -> ArticleList:
    """A subject's published articles, newest first; 404 for an unknown kind or subject."""
    if kind not in references.KINDS:
        raise Http404(kind)
    target = references.resolve([references.Reference(kind, ref)]).get((kind, ref))
    if target is None:
        raise Http404(ref)
    listing = _paged(_published().filter(**_about_filter(kind, target)), number, reader)
    listing.subject = target
    return listing


@dataclass(frozen=True)
class AboutSummary:
    """The "Articles about …" panel: the newest few and how many there are."""

    kind: str
    ref: str
    count: int
    newest: list[ListedArticle]

    @property
    def more(self) -> bool:
        """Whether the listing holds more than the panel shows."""
        return self.count > len(self.newest)


def about_summary(kind: str, ref: str, **subject: Any) -> AboutSummary | None:
    """`subject` filters the tags: title__slug=…, person__slug=…, or edition's pair. One
    query: the newest few, each carrying the count of all (a window over the whole match,
    computed before the limit), and one for the headlines in the reader's language when one
    of them is written in another; None when there are none."""
    tags = ArticleTag.objects.filter(article__status=ArticleStatus.PUBLISHED, **subject)
    newest: list[Article] = list(
        Article.objects.filter(pk__in=tags.values("article_id"))
        .annotate(about_count=Window(Count("pk")))
        .order_by("-published_at", "-id")
        .only("slug", "headline", "standfirst", "published_at", "language")[:PANEL_SHOWN]
    )
    if not newest:
        return None
    count = getattr(newest[0], "about_count")  # noqa: B009
    return AboutSummary(kind, ref, count, _listed(newest, None))


def articles_newest(reader: Any = None) -> list[ListedArticle]:
    """The newest published articles for the home page, headlines in the reader's language
    where a translation exists (`reader` None: the interface language's readers)."""
    newest = list(
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .only(
            "slug",
            "headline",
            "standfirst",
            "language",
            "published_at",
            "status",
            "hero_url",
            "hero_alt",
        )[:HOME_SHOWN]
    )
    return _listed(newest, reader)
