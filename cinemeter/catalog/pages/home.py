"""The home page as panels: "top" (the featured title, the site's counters), "main" (the
latest releases and the popular titles, with their scores) and "aside", where the community
adds its recent reviews (`community.panels`) without the catalogue importing it.

Every panel here shows members' scores or counters, so each depends on `MEMBER_SCORES`
(bumped by every vote write) or `COUNTERS`; catalogue edits and imports bump `CATALOGUE`,
which every panel has. "Latest releases" means released by today: a fragment made before a
release date shows the film from its next renewal on, at most a day later.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from cinemeter.catalog.page_keys import MEMBER_SCORES
from cinemeter.catalog.selectors import HomePage, home_page
from cinemeter.core.counters import counters_read
from cinemeter.core.page_cache import COUNTERS
from cinemeter.core.panels import Panel, panel_register

PAGE = "home"


class HomeSubject:
    """What the home page is about: the catalogue as a whole, read once and only when a
    panel misses."""

    @cached_property
    def page(self) -> HomePage:
        return home_page()


def _score_keys(_subject: HomeSubject) -> list[str]:
    return [MEMBER_SCORES]


def _counter_keys(_subject: HomeSubject) -> list[str]:
    return [COUNTERS]


def _featured(subject: HomeSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    featured = subject.page.featured
    return None if featured is None else {"title": featured}


def _recent(subject: HomeSubject, _request: HttpRequest | None) -> dict[str, Any]:
    return {"titles": subject.page.recent}


def _popular(subject: HomeSubject, _request: HttpRequest | None) -> dict[str, Any] | None:
    return {"titles": subject.page.popular} if subject.page.popular else None


def _counters(_subject: HomeSubject, _request: HttpRequest | None) -> dict[str, Any]:
    # A shared panel is rendered without the request: no context processor gives them.
    return {"counters": counters_read()}


def home_panels_register() -> None:
    for name, slot, order, context, keys in (
        ("featured", "top", 10, _featured, _score_keys),
        ("counters", "top", 20, _counters, _counter_keys),
        ("recent", "main", 10, _recent, _score_keys),
        ("popular", "main", 20, _popular, _score_keys),
    ):
        panel_register(
            Panel(
                name=f"catalog.home.{name}",
                page=PAGE,
                template=f"catalog/panels/home_{name}.html",
                context=context,
                keys=keys,
                slot=slot,
                order=order,
            )
        )
