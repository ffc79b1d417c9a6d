"""The page-version keys of the editorial pages (`cinemeter.core.page_cache`), bumped by the
article services (inside their write transaction, gathered and applied once, sorted):

- `article:<slug>`: one article's page (its text, tags, callouts and related list). A write
  bumps the article's own key and those of every article whose page shows it (its related
  rows point at it).
- `articles`: the articles index and the feeds (every published article).
- `articles-about:<kind>:<ref>`: one subject's listing and its "Articles about …" panel on
  the title, person or edition page (`ref` is the slug, "<title>/<edition>" for an edition).
"""

from __future__ import annotations

ARTICLES_KEY = "articles"


def article_key(slug: str) -> str:
    return f"article:{slug}"


def about_key(kind: str, ref: str) -> str:
    return f"articles-about:{kind}:{ref}"
