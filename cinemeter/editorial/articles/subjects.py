"""The subjects an article is about, as the page keys and listings name them: (kind, ref)
per stored tag, by the subject's current slug. Read by the services (which pages a write
renews) and by the translation task (which panels a new translation renews)."""

from __future__ import annotations

from cinemeter.editorial import references
from cinemeter.editorial.articles.models import Article, ArticleTag, TagKind


def tag_ref(tag: ArticleTag) -> tuple[str, str]:
    """(kind, ref) of a stored tag whose subject is loaded."""
    if tag.kind == TagKind.EDITION and tag.edition is not None:
        return "edition", f"{tag.edition.title.slug}/{tag.edition.slug}"
    subject = tag.subject
    return tag.kind, str(getattr(subject, "slug", ""))


def article_about_refs(article: Article) -> list[tuple[str, str]]:
    """(kind, ref) of the article's stored tags, by their subjects' current slugs; a track by
    its album as the article's tag list names it (a recording has no slug of its own)."""
    tags = article.tags.exclude(kind=TagKind.TRACK).select_related(
        "title", "person", "edition__title", "album"
    )
    tracks = references.tags_parse(article.tag_refs).references
    return [
        *(tag_ref(tag) for tag in tags),
        *((r.kind, r.ref) for r in tracks if r.kind == "track"),
    ]
