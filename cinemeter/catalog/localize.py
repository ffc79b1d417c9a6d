"""A title's name and plot in the reader's language, from what the catalogue holds.

Names come from the alternative titles the importers bring (IMDb's akas carry a region and
sometimes a language); plots from `TitlePlot`. Both fall back to the catalogue's own text.
Lists get the name by one correlated subquery in their query, never a query per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet, Subquery
from django.utils.translation import get_language

from cinemeter.catalog.localized_names import (
    language_regions,
    localized_name_subquery,
    wants_localized,
)
from cinemeter.catalog.models import AlternativeTitle, Title, TitlePlot

Titles = TypeVar("Titles", bound=QuerySet[Any])


def localized_title_subquery(language: str | None = None, *, title: str = "pk") -> Subquery | None:
    """The best alternative name for each row's title in `language` (NULL when it has none);
    None when the language is the catalogue's own. `title` names the outer query's column
    holding the title's id ("pk" for titles, "title_id" for credits). The choice is
    `localized_names.localized_name_subquery`'s.
    """
    return localized_name_subquery(AlternativeTitle, language, title=title)


def with_localized_title(titles: Titles) -> Titles:
    """`titles` with `localized_title`, their name in the reader's language, in the same
    query (not annotated when the reader's language is the catalogue's own)."""
    localized = localized_title_subquery()
    return titles if localized is None else titles.annotate(localized_title=localized)


def _rank(aka: AlternativeTitle, language: str, regions: tuple[str, ...]) -> int | None:
    if aka.language == language and aka.region in regions:
        return 0
    if aka.region in regions:
        return 1
    if aka.language == language:
        return 2
    return None


def localized_title_from(
    akas: Iterable[AlternativeTitle], language: str | None = None
) -> str | None:
    """The same choice as `localized_title_subquery`, made over already fetched akas."""
    language = language or get_language()
    if not wants_localized(language):
        return None
    regions = language_regions(language)
    ranked = [
        (rank, aka.pk, aka.name)
        for aka in akas
        if (rank := _rank(aka, language, regions)) is not None
    ]
    return min(ranked)[2] if ranked else None


def title_plot(title: Title, language: str | None = None) -> tuple[str, str]:
    """(plot, its language): the reader's language when the catalogue has it (one query),
    else the catalogue's own plot.
    """
    language = language or get_language()
    if wants_localized(language):
        own = TitlePlot.objects.filter(title=title, language=language).values_list(
            "plot", flat=True
        )
        for plot in own[:1]:
            return plot, language
    return title.plot, settings.CATALOG_TEXT_LANGUAGE
