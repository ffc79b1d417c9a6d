"""Pages that several apps contribute to, as a list of panels, each cached on its own.

A page such as the title page or the person page belongs to one app (the catalogue), but
other apps add to it: the community its members' votes and reviews; later the editions,
articles and recommendations. Each app registers its panels in its `AppConfig.ready()`
(`panel_register`), as Django's admin does with `site.register`, so the page's owner renders
whatever is registered and never imports the apps above it.

A panel says which page and slot it goes in, its order there, its template, the selector
that makes its context from the page's subject, the page versions it depends on
(`core.page_cache`) and whether it is personal:

- A **shared** panel shows the same to every reader of a language. It is rendered once and
  kept as an HTML fragment under its name, the language and the current numbers of its
  version keys, for visitors and members alike; a writer bumps those keys in its
  transaction, so every worker misses the stale fragment at once. It is rendered without the
  request: no CSRF token, no member, nothing personal can be cached by mistake.
- A **personal** panel (the member's own vote, later a watchlist button) is rendered for
  every request, with the request; keep it small. When its output falls into a few variants
  (the vote form with one of eleven values marked, the empty reviews with a member's compose
  form), its `variant` names the reader's one and the panel is cached like a shared one under
  that name too, rendered without the request: the CSRF token of its forms is cached as a
  placeholder and swapped for the reader's own token on every use.

One page view therefore costs: one query for the version numbers of all its panels, one
`get_many` on the cache, and only the misses' selectors and templates. A shared panel that
shows nothing until a writer has first named its subject (the articles about a title: most
titles have none) says `empty_until_bumped`: while none of its own keys was ever bumped
(version 0), it is empty without its selector being asked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from cinemeter.core.page_cache import CATALOGUE, versions_read

# Fragments live as long as a cached page (settings.PAGE_CACHE_SECONDS bounds writes that bump
# nothing); a day here, since every write that matters bumps a version.
FRAGMENT_SECONDS = 24 * 3600

# (subject, request or None) -> the template's context, or None when the panel has nothing to
# show for this subject. A shared panel's selector is called without a request.
PanelContext = Callable[[Any, HttpRequest | None], Mapping[str, Any] | None]
PanelKeys = Callable[[Any], Iterable[str]]
# (subject, request) -> the name of this reader's variant of a personal panel, or None when
# the panel must be rendered for this request alone.
PanelVariant = Callable[[Any, HttpRequest], str | None]

# Stands in for the reader's CSRF token in a cached variant of a personal panel.
CSRF_PLACEHOLDER = "__panel_csrf_token__"


@dataclass(frozen=True)
class Panel:
    """One part of a page, contributed by one app."""

    name: str  # unique, "<app>.<what>": "catalog.title.facts", "community.own_vote"
    page: str  # "title", "person"
    template: str
    context: PanelContext
    # The page-version keys whose change changes this panel. They (or the variant) must name
    # the subject: two titles' panels differ only by them.
    keys: PanelKeys
    slot: str = "main"  # where the page's layout puts it: "head", "main", "aside", ...
    order: int = 100  # within the slot, smallest first
    personal: bool = False
    variant: PanelVariant | None = None  # personal panels only: see the module's docstring
    # Shared panels only: empty, without a query, while none of its keys was ever bumped.
    # Only for a panel whose every writer bumps its keys (no bulk path writes around them).
    empty_until_bumped: bool = False


_registry: dict[str, Panel] = {}


def panel_register(panel: Panel) -> None:
    """Add a panel; registering the same name again replaces it (tests, reloads)."""
    _registry[panel.name] = panel


def panels_for(page: str) -> list[Panel]:
    return sorted(
        (p for p in _registry.values() if p.page == page), key=lambda p: (p.slot, p.order, p.name)
    )


def page_keys(page: str, subject: Any) -> list[str]:
    """Every version key the page's panels depend on: the whole page's cache key for visitors."""
    keys: set[str] = set()
    for panel in panels_for(page):
        keys.update(panel.keys(subject))
    return sorted(keys)


@dataclass
class PanelStats:
    """What one page view rendered: fragments found, fragments made, personal panels."""

    hits: int = 0
    misses: int = 0
    personal: int = 0


@dataclass
class RenderedPage:
    """The page's panels as HTML, by slot, in order; `stats` for benchmarks and tests."""

    slots: dict[str, list[SafeString]] = field(default_factory=dict)
    stats: PanelStats = field(default_factory=PanelStats)

    def __getitem__(self, slot: str) -> SafeString:
        """`{{ panels.main }}` in a template: the slot's panels joined."""
        return mark_safe("".join(self.slots.get(slot, [])))  # noqa: S308 - rendered templates


def _fragment_key(
    panel: Panel, language: str, keys: list[str], versions: dict[str, int], variant: str = ""
) -> str:
    parts = [panel.name, language, variant, *(f"{key}={versions.get(key, 0)}" for key in keys)]
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f"panel:{digest}"


def _render(
    panel: Panel,
    subject: Any,
    request: HttpRequest | None,
    *,
    variant_of: HttpRequest | None = None,
) -> SafeString:
    """One panel, or "" when its selector has nothing to show. A personal panel's variant is
    made with the reader's request (`variant_of`) but rendered as a shared one, without it."""
    context = panel.context(subject, request or variant_of)
    if context is None:
        return SafeString("")
    values = dict(context)
    if variant_of is not None:
        values["csrf_token"] = CSRF_PLACEHOLDER
    return SafeString(render_to_string(panel.template, values, request=request))


def _with_token(html: str, request: HttpRequest) -> SafeString:
    if CSRF_PLACEHOLDER not in html:
        return SafeString(html)
    return SafeString(html.replace(CSRF_PLACEHOLDER, get_token(request)))


def page_render(page: str, subject: Any, request: HttpRequest) -> RenderedPage:
    """Render every panel registered for `page` about `subject` (a page's own object: a lazy
    title, a person), shared ones from the fragment cache where it holds them."""
    panels = panels_for(page)
    variants = {
        p.name: name
        for p in panels
        if p.personal and p.variant and (name := p.variant(subject, request)) is not None
    }
    shared = [p for p in panels if not p.personal or p.name in variants]
    keys_of = {p.name: [CATALOGUE, *sorted(set(p.keys(subject)))] for p in shared}
    # The whole-page cache may have read them already for this request (`page_cache`).
    versions: dict[str, int] = dict(getattr(request, "page_versions", {}))
    wanted = sorted({key for keys in keys_of.values() for key in keys} - versions.keys())
    if wanted:
        versions.update(zip(wanted, versions_read(wanted), strict=True))
    language = get_language() or ""
    fragment_keys = {
        p.name: _fragment_key(p, language, keys_of[p.name], versions, variants.get(p.name, ""))
        for p in shared
    }
    found: dict[str, Any] = cache.get_many(list(fragment_keys.values())) if shared else {}
    made: dict[str, str] = {}
    result = RenderedPage()
    for panel in panels:
        if panel.name not in fragment_keys:
            html = _render(panel, subject, request)
            result.stats.personal += 1
        elif (key := fragment_keys[panel.name]) in found:
            html = SafeString(found[key])
            result.stats.hits += 1
        else:
            variant_of = request if panel.personal else None
            if panel.empty_until_bumped and not any(versions[k] for k in keys_of[panel.name][1:]):
                html = SafeString("")
            else:
                html = _render(panel, subject, None, variant_of=variant_of)
            made[key] = str(html)
            result.stats.misses += 1
        if panel.personal:
            html = _with_token(html, request)
        result.slots.setdefault(panel.slot, []).append(html)
    if made:
        cache.set_many(made, FRAGMENT_SECONDS)
    request.panel_stats = result.stats  # type: ignore[attr-defined]  # for tests and the bench
    return result
