"""The edition page's panels: apps above releases (the editorial app's "Articles about …")
add to one edition's page through `cinemeter.core.panels` under the page name "edition",
with an `EditionSubject`; the page itself stays the releases app's template."""

from __future__ import annotations

from dataclasses import dataclass

PAGE = "edition"


@dataclass(frozen=True)
class EditionSubject:
    """The edition a page is about, by its title's slug and its own."""

    title_slug: str
    slug: str

    @property
    def ref(self) -> str:
        return f"{self.title_slug}/{self.slug}"
