"""The one write path for importers: every batch of catalogue rows goes in through here.

Sources parse their files into plain records (`records`, and `CompanyRecord`, `SeasonRecord`
...), keyed by other databases' ids; the writers here take one batch of them at a time,
resolve each to its row by (source, external id), insert the new rows and update the changed
ones in sets (a fixed number of statements per batch, not a query per row), keep the site
counters exact, and report created / updated / unchanged / refused (`UpsertResult`).

What every writer guarantees:

- Idempotent by (source, external id) or the row's natural key: the same batch twice
  changes nothing the second time. An empty value ("" or None) never erases what another
  source said.
- A key repeated within one batch: the last row wins. A later line of a source file is the
  newer statement about the same thing (a corrected row appended, a dump concatenated after
  an older one), and "last assignment wins" is what a dict, an UPDATE per row or a replay of
  the lines one by one would do; the earlier rows are dropped as if never sent (the staged
  writers count them unchanged, so each line is one outcome; whole documents and episode
  placements refuse them with the line that is used). `tests/catalog/test_bulk_repeats.py`
  holds both paths to it on SQLite and PostgreSQL.
- Slugs of new rows come from `catalog.slugs` (readable, else with the source id).
- No transaction of their own: the caller runs each batch in one (`ingest.pipeline`'s
  `ImportSession.write` does, and bumps the "catalogue" page version once per batch that
  created or updated something).

Record writers (most sources): `titles_upsert`, `people_upsert`, `credits_upsert`,
`ratings_upsert`, `countries_upsert`, `companies_upsert`, `company_credits_upsert`,
`seasons_upsert`, `episodes_upsert`, `release_dates_upsert`, `images_upsert`,
`videos_upsert`; `title_bundles_upsert` for whole documents (TMDb); `titles_upsert_or_match`
for second-hand sources (MovieLens); `titles_named` for sources that name a film without
an id (a disc's packaging). Staged writers (`staged`: `titles_upsert_staged`,
`people_upsert_staged`, `keyed_upsert_staged`, `credits_upsert_staged`) load a batch into a
TEMP table and merge it in SQL, for IMDb's sizes; they follow the same rules.

Code outside the package imports from here; the submodules are the package's own layout.
"""

from cinemeter.catalog.bulk.bundles import (
    BundleResult,
    TitleBundle,
    TitleCreditsRecord,
    parts_summary,
    title_bundles_upsert,
    title_credits_upsert,
)
from cinemeter.catalog.bulk.companies import (
    CompanyCreditRecord,
    CompanyRecord,
    CountryRecord,
    companies_upsert,
    company_credits_upsert,
    countries_upsert,
)
from cinemeter.catalog.bulk.episodes import (
    EpisodeRecord,
    episode_details_update,
    episodes_upsert,
    merge_results,
)
from cinemeter.catalog.bulk.match import (
    NamedTitle,
    article_first,
    titles_named,
    titles_upsert_or_match,
)
from cinemeter.catalog.bulk.media import (
    ImageRecord,
    ReleaseDateRecord,
    VideoRecord,
    images_upsert,
    release_dates_upsert,
    videos_upsert,
)
from cinemeter.catalog.bulk.people import credits_upsert, people_upsert
from cinemeter.catalog.bulk.records import (
    CreditRecord,
    PersonRecord,
    RatingRecord,
    Ref,
    Rejection,
    TitleRecord,
    UpsertResult,
)
from cinemeter.catalog.bulk.rows import resolve
from cinemeter.catalog.bulk.seasons import SeasonRecord, seasons_upsert
from cinemeter.catalog.bulk.staged.keyed import (
    ALTERNATIVE_TITLES,
    RATINGS,
    StagedAka,
    StagedCredit,
    StagedCreditList,
    StagedRating,
    credit_lists_missing_add,
    credits_upsert_staged,
    keyed_upsert_staged,
)
from cinemeter.catalog.bulk.staged.people import StagedPerson, people_upsert_staged
from cinemeter.catalog.bulk.staged.titles import StagedTitle, titles_upsert_staged
from cinemeter.catalog.bulk.titles import ratings_upsert, titles_upsert

__all__ = [
    "ALTERNATIVE_TITLES",
    "RATINGS",
    "BundleResult",
    "CompanyCreditRecord",
    "CompanyRecord",
    "CountryRecord",
    "CreditRecord",
    "EpisodeRecord",
    "ImageRecord",
    "NamedTitle",
    "PersonRecord",
    "RatingRecord",
    "Ref",
    "Rejection",
    "ReleaseDateRecord",
    "SeasonRecord",
    "StagedAka",
    "StagedCredit",
    "StagedCreditList",
    "StagedPerson",
    "StagedRating",
    "StagedTitle",
    "TitleBundle",
    "TitleCreditsRecord",
    "TitleRecord",
    "UpsertResult",
    "VideoRecord",
    "article_first",
    "companies_upsert",
    "company_credits_upsert",
    "countries_upsert",
    "credit_lists_missing_add",
    "credits_upsert",
    "credits_upsert_staged",
    "episode_details_update",
    "episodes_upsert",
    "images_upsert",
    "keyed_upsert_staged",
    "merge_results",
    "parts_summary",
    "people_upsert",
    "people_upsert_staged",
    "ratings_upsert",
    "release_dates_upsert",
    "resolve",
    "seasons_upsert",
    "title_bundles_upsert",
    "title_credits_upsert",
    "titles_named",
    "titles_upsert",
    "titles_upsert_or_match",
    "titles_upsert_staged",
    "videos_upsert",
]
