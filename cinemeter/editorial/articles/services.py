"""Every write to articles: create, edit, the workflow's steps, and scheduled publication.

Each service is a `core.writes.write_transaction`: the article's row first (locked when it
exists), then its tags, then the page versions of every page that shows it, applied last in
one sorted call. Permissions are checked here as well as in the views. After the commit the
related-reading lists that can change are brought up to date (`editorial.queue`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cinemeter.accounts.models import User
from cinemeter.catalog.models import Title
from cinemeter.community.messages.rendering import message_render
from cinemeter.community.messages.services import PASTE_WARNING
from cinemeter.community.paste_guard.guard import (
    find_copies,
    fingerprint_remove,
    fingerprint_store,
)
from cinemeter.community.paste_guard.models import TextSourceKind
from cinemeter.community.translation.languages import language_detect
from cinemeter.core.changes import changed
from cinemeter.core.page_cache import versions_bump
from cinemeter.core.writes import write_transaction
from cinemeter.editorial import references
from cinemeter.editorial.articles.models import (
    BODY_MAX_LENGTH,
    TAG_COLUMNS,
    Article,
    ArticleRelated,
    ArticleSlug,
    ArticleStatus,
    ArticleTag,
    TagKind,
)
from cinemeter.editorial.articles.subjects import article_about_refs
from cinemeter.editorial.articles.translation import translations_request
from cinemeter.editorial.page_keys import ARTICLES_KEY, about_key, article_key
from cinemeter.editorial.permissions import can_publish, can_write
from cinemeter.editorial.queue import related_enqueue

# Raw HTML is never rendered (the renderer escapes it), but an editor who pastes a <script>
# or <style> block is told so instead of publishing it as visible code.
_FORBIDDEN_HTML = re.compile(r"<\s*/?\s*(script|style)\b", re.IGNORECASE)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 100
# Paths under /articles/ that are pages, not articles.
RESERVED_SLUGS = frozenset({"about", "editor", "feed", "rss"})


class ArticleInvalid(Exception):  # noqa: N818 - an outcome the form shows, not a fault
    """What is wrong with a draft, by form field ("__all__" for the whole)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


class ArticlePasteSuspected(Exception):  # noqa: N818 - an outcome the form shows, not a fault
    """The paste guard's warning: the editor may rewrite, or confirm it is their own text."""

    def __init__(self) -> None:
        super().__init__(str(PASTE_WARNING))


class ArticleChanged(Exception):  # noqa: N818 - an outcome the form shows, not a fault
    """Someone saved the article since this editor opened it: nothing was saved, both texts
    are kept (`current` is the article as it is now)."""

    def __init__(self, current: Article) -> None:
        super().__init__(_("This article was changed by someone else while you edited it."))
        self.current = current


@dataclass(frozen=True)
class ArticleDraft:
    """What an editor submitted."""

    headline: str
    body: str
    standfirst: str = ""
    tag_refs: str = ""
    slug: str = ""
    language: str = ""  # "" lets the site detect it
    hero_url: str = ""
    hero_alt: str = ""
    hero_attribution: str = ""
    pasted_long: bool = False  # the editor's page saw a long paste
    confirmed: bool = False  # "this is my own text"


@dataclass
class Checked:
    """A draft that passed every check, with what its tags and references name."""

    draft: ArticleDraft
    tags: list[references.Target] = field(default_factory=list)
    language: str = ""
    language_by_author: bool = False


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _slug_free(slug: str, article: Article | None) -> bool:
    mine = article.pk if article else 0  # no article has id 0
    return (
        slug not in RESERVED_SLUGS
        and not Article.objects.filter(slug=slug).exclude(pk=mine).exists()
        and not ArticleSlug.objects.filter(slug=slug).exclude(article_id=mine).exists()
    )


def _slug_new(headline: str) -> str:
    base = slugify(headline)[:SLUG_MAX].strip("-") or "article"
    slug, n = base, 1
    while not _slug_free(slug, None):
        n += 1
        slug = f"{base[: SLUG_MAX - 4]}-{n}"
    return slug


def _slug_check(slug: str, article: Article | None, errors: dict[str, list[str]]) -> None:
    if slug and (not _SLUG.match(slug) or len(slug) > SLUG_MAX):
        _add(errors, "slug", _("A slug is lower-case letters, digits and single hyphens."))
    elif slug and not _slug_free(slug, article):
        _add(errors, "slug", _("Another article has (or had) this slug."))


def draft_check(draft: ArticleDraft, *, article: Article | None = None) -> Checked:
    """Every rule a draft must meet, all reported at once; the references and tags resolved
    in one query per kind."""
    errors: dict[str, list[str]] = {}
    if not draft.headline.strip():
        _add(errors, "headline", _("An article needs a headline."))
    if not draft.body.strip():
        _add(errors, "body", _("An article needs a text."))
    if len(draft.body) > BODY_MAX_LENGTH:
        _add(
            errors,
            "body",
            _("The text is %(length)s characters long; an article may have at most %(max)s.")
            % {"length": f"{len(draft.body):,}", "max": f"{BODY_MAX_LENGTH:,}"},
        )
    elif _FORBIDDEN_HTML.search(draft.body):
        _add(
            errors,
            "body",
            _("Scripts and style sheets are not allowed in an article: write Markdown only."),
        )
    _slug_check(draft.slug, article, errors)
    if draft.hero_url and not draft.hero_attribution.strip():
        _add(errors, "hero_attribution", _("A picture needs its attribution."))
    body = references.body_parse(draft.body[:BODY_MAX_LENGTH])
    tags = references.tags_parse(draft.tag_refs)
    for message in body.errors:
        _add(errors, "body", message)
    for message in tags.errors:
        _add(errors, "tag_refs", message)
    found = references.resolve([*body.references, *tags.references])
    for message in references.unknown(body.references, found):
        _add(errors, "body", message)
    for message in references.unknown(tags.references, found):
        _add(errors, "tag_refs", message)
    if errors:
        raise ArticleInvalid(errors)
    language, by_author = draft.language, True
    if not language:
        language, by_author = language_detect(draft.body), False
    return Checked(
        draft=draft,
        tags=[found[(t.kind, t.ref)] for t in tags.references],
        language=language or settings.LANGUAGE_CODE.split("-")[0],
        language_by_author=by_author,
    )


def _paste_guard(checked: Checked, *, author: User, article: Article | None) -> None:
    draft = checked.draft
    if draft.confirmed or len(draft.body) < settings.PASTE_GUARD_MIN_LENGTH:
        return
    plots = [
        (TextSourceKind.TITLE_PLOT, t.obj.pk, t.obj.plot)
        for t in checked.tags
        if isinstance(t.obj, Title) and t.obj.plot
    ]
    copies = [
        m
        for m in find_copies(draft.body, exclude_owner_id=author.pk, also=plots)
        if not (article and m.source_kind == TextSourceKind.ARTICLE and m.source_id == article.pk)
    ]
    if draft.pasted_long or copies:
        raise ArticlePasteSuspected


def _tags_save(article: Article, targets: list[references.Target]) -> None:
    article.tags.all().delete()
    ArticleTag.objects.bulk_create(
        ArticleTag(article=article, kind=t.kind, order=n, **{TAG_COLUMNS[TagKind(t.kind)]: t.obj})
        for n, t in enumerate(targets)
    )


def _pages_bump(article: Article, *, about: list[tuple[str, str]], slugs: list[str]) -> None:
    """Every page that shows this article: its own (under each slug it answers to), the
    index and feeds, its subjects' listings and panels, and the articles that list it."""
    keys = {article_key(slug) for slug in slugs}
    keys.add(ARTICLES_KEY)
    keys.update(about_key(kind, ref) for kind, ref in about)
    listing = ArticleRelated.objects.filter(related=article).values_list("article__slug", flat=True)
    keys.update(article_key(slug) for slug in listing)
    versions_bump(keys)


def _apply(article: Article, checked: Checked) -> None:
    draft = checked.draft
    article.headline = draft.headline.strip()
    article.standfirst = draft.standfirst.strip()
    article.body = draft.body
    article.body_html = message_render(draft.body)
    article.language = checked.language
    article.language_by_author = checked.language_by_author
    article.hero_url = draft.hero_url
    article.hero_alt = draft.hero_alt.strip()
    article.hero_attribution = draft.hero_attribution.strip()
    article.tag_refs = ", ".join(f"{t.kind}:{t.ref}" for t in checked.tags)


def _after_commit(article: Article) -> None:
    article_id = article.pk
    transaction.on_commit(lambda: related_enqueue([article_id]), robust=True)


def _fingerprint(article: Article) -> None:
    if article.is_published:
        fingerprint_store(
            source_kind=TextSourceKind.ARTICLE,
            source_id=article.pk,
            text=article.body,
            owner_id=article.author_id,
        )
    else:
        fingerprint_remove(source_kind=TextSourceKind.ARTICLE, source_id=article.pk)


def _save(article: Article, by: User | None, reason: str) -> None:
    article.version += 1 if article.pk else 0
    article._history_user = by  # type: ignore[attr-defined]  # simple-history's revision author
    article._change_reason = reason  # type: ignore[attr-defined]
    article.save()


@write_transaction
def article_create(*, author: User, draft: ArticleDraft) -> Article:
    """A new draft by an editor."""
    if not can_write(author):
        raise PermissionDenied
    checked = draft_check(draft)
    _paste_guard(checked, author=author, article=None)
    article = Article(author=author, status=ArticleStatus.DRAFT)
    _apply(article, checked)
    article.slug = draft.slug or _slug_new(article.headline)
    _save(article, author, "created")
    _tags_save(article, checked.tags)
    versions_bump([article_key(article.slug)])
    return article


def _locked(article_id: int) -> Article:
    return Article.objects.select_for_update().get(pk=article_id)


@write_transaction
def article_edit(*, article_id: int, editor: User, draft: ArticleDraft, version: int) -> Article:
    """Save an editor's changes. ArticleChanged when someone saved since `version` was read:
    nothing is saved and the caller keeps both texts."""
    if not can_write(editor):
        raise PermissionDenied
    article = _locked(article_id)
    if article.version != version:
        raise ArticleChanged(article)
    checked = draft_check(draft, article=article)
    _paste_guard(checked, author=editor, article=article)
    before = article_about_refs(article)
    old_slug = article.slug
    _apply(article, checked)
    if draft.slug and draft.slug != old_slug:
        article.slug = draft.slug
        ArticleSlug.objects.filter(slug=draft.slug, article=article).delete()
        if article.published_at is not None:  # once out, its links never break
            ArticleSlug.objects.create(slug=old_slug, article=article)
    if article.is_published:
        article.revised_at = timezone.now()
    article.translations.all().delete()  # they translated the text as it was
    _save(article, editor, "edited")
    _tags_save(article, checked.tags)
    if article.is_published:
        _fingerprint(article)
        changed("article", [article.pk])
        _pages_bump(
            article,
            about=[*before, *((t.kind, t.ref) for t in checked.tags)],
            slugs=[old_slug, article.slug],
        )
        _after_commit(article)
        translations_request(article)
    else:
        versions_bump([article_key(old_slug), article_key(article.slug)])
    return article


class Action:
    SUBMIT = "submit"
    RETURN = "return"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    UNSCHEDULE = "unschedule"
    UNPUBLISH = "unpublish"


_FROM = {
    Action.SUBMIT: {ArticleStatus.DRAFT, ArticleStatus.UNPUBLISHED},
    Action.RETURN: {ArticleStatus.REVIEW},
    Action.PUBLISH: {
        ArticleStatus.DRAFT,
        ArticleStatus.REVIEW,
        ArticleStatus.SCHEDULED,
        ArticleStatus.UNPUBLISHED,
    },
    Action.SCHEDULE: {ArticleStatus.DRAFT, ArticleStatus.REVIEW, ArticleStatus.UNPUBLISHED},
    Action.UNSCHEDULE: {ArticleStatus.SCHEDULED},
    Action.UNPUBLISH: {ArticleStatus.PUBLISHED},
}
_TO = {
    Action.SUBMIT: ArticleStatus.REVIEW,
    Action.RETURN: ArticleStatus.DRAFT,
    Action.PUBLISH: ArticleStatus.PUBLISHED,
    Action.SCHEDULE: ArticleStatus.SCHEDULED,
    Action.UNSCHEDULE: ArticleStatus.REVIEW,
    Action.UNPUBLISH: ArticleStatus.UNPUBLISHED,
}
NEEDS_PUBLISHER = {Action.PUBLISH, Action.SCHEDULE, Action.UNSCHEDULE, Action.UNPUBLISH}


def _publish(article: Article, now: datetime, dated: datetime | None) -> None:
    """`dated`: the publication date of an article published before it came to the site
    (the demo, the scale generator); otherwise now, or the time a scheduled one was due."""
    article.status = ArticleStatus.PUBLISHED
    if article.published_at is None:
        article.published_at = dated or article.publish_at or now
    else:  # back after a withdrawal: the first date stays, the return is an update
        article.revised_at = now
    article.publish_at = None


@write_transaction
def article_transition(
    *,
    article_id: int,
    by: User | None,
    action: str,
    publish_at: datetime | None = None,
    dated: datetime | None = None,
) -> Article:
    """One step of the workflow. `by` None is the site itself (the scheduled publication).
    Publishing, scheduling and unpublishing need the publish permission."""
    if by is not None and not (can_publish(by) if action in NEEDS_PUBLISHER else can_write(by)):
        raise PermissionDenied
    article = _locked(article_id)
    if action not in _FROM or article.status not in _FROM[action]:
        raise ArticleInvalid(
            {
                "__all__": [
                    _("An article that is %(status)s cannot be %(action)s.")
                    % {
                        "status": article.get_status_display().lower(),
                        "action": ACTION_NAMES.get(action, action),
                    }
                ]
            }
        )
    now = timezone.now()
    was_public = article.is_published
    if action == Action.SCHEDULE:
        if publish_at is None or publish_at <= now:
            raise ArticleInvalid({"publish_at": [_("Choose a publication time in the future.")]})
        article.publish_at = publish_at
        article.status = ArticleStatus.SCHEDULED
    elif action == Action.PUBLISH:
        _publish(article, now, dated)
    else:
        article.status = _TO[action]
        if action == Action.UNSCHEDULE:
            article.publish_at = None
    _save(article, by, action)
    if was_public or article.is_published:
        _fingerprint(article)
        changed("article", [article.pk])
        _pages_bump(article, about=article_about_refs(article), slugs=[article.slug])
        _after_commit(article)
        if article.is_published:
            translations_request(article)
    else:
        versions_bump([article_key(article.slug)])
    return article


# The end of "An article that is draft cannot be …", in the reader's language.
ACTION_NAMES = {
    Action.SUBMIT: gettext_lazy("submitted for review"),
    Action.RETURN: gettext_lazy("returned to draft"),
    Action.PUBLISH: gettext_lazy("published"),
    Action.SCHEDULE: gettext_lazy("scheduled"),
    Action.UNSCHEDULE: gettext_lazy("taken off the schedule"),
    Action.UNPUBLISH: gettext_lazy("unpublished"),
}
# What a revision's reason (the service that saved it) says on the revisions page.
REVISION_REASONS = {
    "created": gettext_lazy("created"),
    "edited": gettext_lazy("edited"),
    **ACTION_NAMES,
}


def articles_publish_due(now: datetime | None = None) -> list[int]:
    """Publish every scheduled article whose time has come; the task worker calls it each
    minute and, where no worker runs, the next request (`editorial.middleware`). Each in its
    own transaction; one whose step fails is left scheduled for the next try."""
    now = now or timezone.now()
    due = list(
        Article.objects.filter(status=ArticleStatus.SCHEDULED, publish_at__lte=now)
        .order_by("publish_at", "id")
        .values_list("pk", flat=True)
    )
    published = []
    for pk in due:
        try:
            article_transition(article_id=pk, by=None, action=Action.PUBLISH)
        except ArticleInvalid:  # published or withdrawn meanwhile by an editor
            continue
        published.append(pk)
    return published
