"""The batch writers importers use to fill the catalogue.

Sources parse their files into plain records (`records`) keyed by other databases' ids; the
writers here take one batch of them at a time, resolve each to its row by (source, external
id), insert the new rows and update the changed ones in sets (a fixed number of statements
per batch, not a query per row), keep the site counters exact, and report created / updated /
unchanged / refused. Writing the same batch twice changes nothing the second time.

Two families. Record-based writers take frozen records: `titles`, `people`, `episodes`,
`match` (MovieLens titles matched by name and year), and for rich sources `companies`,
`media`, `seasons` and `bundles` (whole TMDb documents); `rows` holds what they share.
Staged writers (`staged`) load a batch into a TEMP table and merge it in SQL, for IMDb's
sizes.

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
from cinemeter.catalog.bulk.companies import CompanyCreditRecord, CompanyRecord
from cinemeter.catalog.bulk.episodes import (
    EpisodeRecord,
    episode_details_update,
    episodes_upsert,
    merge_results,
)
from cinemeter.catalog.bulk.match import article_first, titles_upsert_or_match
from cinemeter.catalog.bulk.media import ImageRecord, ReleaseDateRecord, VideoRecord
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
from cinemeter.catalog.bulk.seasons import SeasonRecord
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
    "CreditRecord",
    "EpisodeRecord",
    "ImageRecord",
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
    "credit_lists_missing_add",
    "credits_upsert",
    "credits_upsert_staged",
    "episode_details_update",
    "episodes_upsert",
    "keyed_upsert_staged",
    "merge_results",
    "parts_summary",
    "people_upsert",
    "people_upsert_staged",
    "ratings_upsert",
    "resolve",
    "title_bundles_upsert",
    "title_credits_upsert",
    "titles_upsert",
    "titles_upsert_or_match",
    "titles_upsert_staged",
]
