"""The page-version keys of the catalogue's pages (`cinemeter.core.page_cache`).

Each names one part of a page that a write can change, so a write bumps only the panels it
changes: an edit of a title's facts does not throw away its reviews, a vote does not throw
away its cast. Every page also depends on `page_cache.CATALOGUE`, which catalogue-wide
writes (imports, admin edits) bump.
"""

from __future__ import annotations


def title_key(slug: str) -> str:
    """The catalogue's facts of one title."""
    return f"title:{slug}"


def title_score_key(slug: str) -> str:
    """The members' votes on one title: its tally, average and histogram."""
    return f"title-score:{slug}"


def person_key(slug: str) -> str:
    """The catalogue's facts of one person."""
    return f"person:{slug}"


# The members' score of any title: lists that show many titles' scores at once (the home
# page's featured, recent and popular titles). Every vote write bumps it along with the
# voted title's own `title_score_key`, in the same sorted call.
MEMBER_SCORES = "member-scores"
