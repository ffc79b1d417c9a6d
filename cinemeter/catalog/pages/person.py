"""The person page as panels: "head" (the document's title and description), "header"
(photo, facts, known for, biography) and "main" (the filmography). Other apps add theirs
(articles about the person, their albums) through `cinemeter.core.panels`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from cinemeter.catalog.page_keys import person_key
from cinemeter.catalog.selectors import PersonPage, person_page
from cinemeter.core.panels import Panel, panel_register

PAGE = "person"


class PersonSubject:
    """The person a page is about, by slug; read once, and only when a panel misses."""

    def __init__(self, slug: str) -> None:
        self.slug = slug

    @cached_property
    def page(self) -> PersonPage:
        return person_page(self.slug)


def _keys(subject: PersonSubject) -> list[str]:
    return [person_key(subject.slug)]


def _page(subject: PersonSubject, _request: HttpRequest | None) -> dict[str, Any]:
    return {"page": subject.page, "p": subject.page.person}


def person_panels_register() -> None:
    for name, slot in (("head", "head"), ("header", "header"), ("filmography", "main")):
        panel_register(
            Panel(
                name=f"catalog.person.{name}",
                page=PAGE,
                template=f"catalog/panels/person_{name}.html",
                context=_page,
                keys=_keys,
                slot=slot,
                order=10,
            )
        )
