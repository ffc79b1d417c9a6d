"""The album page's panels: apps above releases (the editorial app's "Articles about …") add
to an album's page through `cinemeter.core.panels` under the page name "album", with an
`AlbumSubject`; the page itself stays the releases app's template."""

from __future__ import annotations

from dataclasses import dataclass

PAGE = "album"


@dataclass(frozen=True)
class AlbumSubject:
    """The album a page is about, by its slug."""

    slug: str
