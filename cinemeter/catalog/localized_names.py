"""Which alternative title names a title in the reader's language, as one SQL subquery.

Names come from the alternative titles the importers bring (IMDb's akas carry a region and
sometimes a language). Preferred: the language and one of its regions; then the region alone
(IMDb gives most akas a region and no language); then the language alone. The catalogue's
own language needs no alternative name. `localize` makes the same choice over fetched rows.

This module imports no model: `querysets` builds lists with it, and the models import
`querysets`. The caller hands in the alternative-title model (`localize` names it; a
queryset reaches it through its model's `alternative_titles` relation).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils.translation import get_language


def language_regions(language: str) -> tuple[str, ...]:
    return tuple(settings.CATALOG_TITLE_REGIONS.get(language, ()))


def wants_localized(language: str) -> bool:
    """The catalogue's own language needs no alternative name."""
    return language != settings.CATALOG_TEXT_LANGUAGE


def localized_name_subquery(
    akas: type[models.Model], language: str | None = None, *, title: str = "pk"
) -> Subquery | None:
    """The best alternative name (a row of `akas`) for each row's title in `language` (NULL
    when it has none); None when the language is the catalogue's own. `title` names the outer
    query's column holding the title's id ("pk" for titles, "title_id" for credits).
    """
    language = language or get_language()
    if not wants_localized(language):
        return None
    regions = language_regions(language)
    matches = Q(language=language) | Q(region__in=regions)
    rank = Case(
        When(Q(language=language) & Q(region__in=regions), then=Value(0)),
        When(region__in=regions, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    best = (
        akas._default_manager.filter(matches, title_id=OuterRef(title))
        .order_by(rank, "id")
        .values("name")[:1]
    )
    return Subquery(best)
