"""The page-version keys of the releases app's pages (`cinemeter.core.page_cache`), bumped by
the app's services through `core.page_cache.versions_bump`: inside a write unit
(`core.writes.write_transaction` / `write_unit`) they are gathered and applied once, sorted,
with every other page version of the transaction.

- `title-editions:<slug>`: everything this app shows about one title's editions (the title
  page's editions panel, the editions list, each edition's page, the compare view). An
  edition's NEW marks depend on every other edition of its title, so one key per title.
- `releases`: the new & upcoming releases page and its feed (editions of every title).
- `album:<slug>`, `title-music:<slug>`, `person-music:<slug>`: an album's page, and the Music
  panels of the titles and people it is linked to; the music services bump all three kinds
  for every album they change (`music.services`).
"""

from __future__ import annotations

from collections.abc import Iterable

RELEASES_KEY = "releases"


def title_editions_key(slug: str) -> str:
    """Every page and panel showing one title's editions."""
    return f"title-editions:{slug}"


def edition_keys(title_slugs: Iterable[str]) -> list[str]:
    """What an edition write changes: its title's (or titles', when it moved) editions, and
    the new & upcoming releases."""
    return [*(title_editions_key(slug) for slug in title_slugs), RELEASES_KEY]


def album_key(slug: str) -> str:
    """An album's page (every release's tracklist and what each adds)."""
    return f"album:{slug}"


def title_music_key(slug: str) -> str:
    """A title page's Music panel."""
    return f"title-music:{slug}"


def person_music_key(slug: str) -> str:
    """A person page's albums panel."""
    return f"person-music:{slug}"
