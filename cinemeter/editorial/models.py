"""The editorial app's models, gathered from their subpackage so Django finds them."""

from cinemeter.editorial.articles.models import (
    Article,
    ArticleRelated,
    ArticleSlug,
    ArticleStatus,
    ArticleTag,
    ArticleTranslation,
    TagKind,
)

__all__ = [
    "Article",
    "ArticleRelated",
    "ArticleSlug",
    "ArticleStatus",
    "ArticleTag",
    "ArticleTranslation",
    "TagKind",
]
