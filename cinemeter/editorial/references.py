"""The editor's short reference syntax, checked on save and filled in on the page.

In an article's Markdown, `[[title:escape-from-la-1996]]`, `[[person:john-carpenter]]` and
`[[edition:escape-from-la-1996/collectors-edition]]` link to the catalogue with the thing's
current name (`[[person:john-carpenter|Carpenter]]` with the editor's own words); the
callouts `[[related]]`, `[[also-like]]` and `[[see-also]]` each become one related article,
chosen by the site when the page is made. The same `kind:ref` names the article's tags.

Each kind is one `Kind` in `KINDS`: how to look up many refs in one query and what a found
thing shows. A new kind (albums, tracks) is one more entry; unknown kinds and unknown refs are
errors on the editor's form, never broken links on a page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cinemeter.catalog.models import Person, Title
from cinemeter.releases.editions.models import Edition

# Anything between double brackets is meant as a reference or a callout; what does not parse
# is reported, so a typo never reaches the page as "[[titel:…]]".
_MARKER = re.compile(r"\[\[([^\[\]\n]{0,300})\]\]")
_REFERENCE = re.compile(
    r"^(?P<kind>[a-z]+):(?P<ref>[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)?)"
    r"(?:\|(?P<label>[^|]{1,120}))?$"
)
CALLOUTS: Mapping[str, Any] = {
    "related": gettext_lazy("Related"),
    "also-like": gettext_lazy("You might also like"),
    "see-also": gettext_lazy("See also"),
}


@dataclass(frozen=True)
class Target:
    """A found thing a reference or a tag names: its current name and page."""

    kind: str
    ref: str
    name: str
    url: str
    obj: Model
    detail: str = ""  # "1996" for a title, "Blu-ray, 2020" for an edition


@dataclass(frozen=True)
class Kind:
    """One kind of thing articles name: `find(refs)` looks many up in one query."""

    name: str
    find: Callable[[Sequence[str]], dict[str, Target]]
    label: Any  # for the editor's messages and the tag cards


def _titles(refs: Sequence[str]) -> dict[str, Target]:
    found = Title.objects.filter(slug__in=refs).select_related("score")
    return {
        t.slug: Target("title", t.slug, t.title, t.get_absolute_url(), t, t.years_label)
        for t in found
    }


def _people(refs: Sequence[str]) -> dict[str, Target]:
    return {
        p.slug: Target("person", p.slug, p.name, p.get_absolute_url(), p)
        for p in Person.objects.filter(slug__in=refs)
    }


def _editions(refs: Sequence[str]) -> dict[str, Target]:
    pairs = [tuple(ref.split("/", 1)) for ref in refs if "/" in ref]
    if not pairs:
        return {}
    wanted = {f"{t}/{e}" for t, e in pairs}
    found = Edition.objects.filter(
        title__slug__in={t for t, _e in pairs}, slug__in={e for _t, e in pairs}
    ).select_related("title")
    targets = {}
    for edition in found:
        ref = f"{edition.title.slug}/{edition.slug}"
        if ref in wanted:
            year = edition.release_date.year if edition.release_date else ""
            detail = ", ".join(str(p) for p in (edition.get_format_display(), year) if p)
            name = f"{edition.title.title}: {edition.name}"
            targets[ref] = Target("edition", ref, name, edition.get_absolute_url(), edition, detail)
    return targets


KINDS: dict[str, Kind] = {
    "title": Kind("title", _titles, gettext_lazy("title")),
    "person": Kind("person", _people, gettext_lazy("person")),
    "edition": Kind("edition", _editions, gettext_lazy("edition")),
}


def kind_register(kind: Kind) -> None:
    """Add a kind of reference (the releases app's albums and tracks)."""
    KINDS[kind.name] = kind


@dataclass(frozen=True)
class Reference:
    kind: str
    ref: str
    label: str = ""


@dataclass
class Parsed:
    """What a body or a tag list names, and what could not be read."""

    references: list[Reference] = field(default_factory=list)
    callouts: int = 0
    errors: list[str] = field(default_factory=list)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def body_parse(body: str) -> Parsed:
    """Every reference and callout of a body, and an error for each marker that is neither."""
    parsed = Parsed()
    for match in _MARKER.finditer(body):
        inner = match.group(1).strip()
        if inner in CALLOUTS:
            parsed.callouts += 1
            continue
        found = _REFERENCE.match(inner)
        line = _line_of(body, match.start())
        if found is None or found["kind"] not in KINDS:
            parsed.errors.append(
                _(
                    "Line %(line)d: “%(marker)s” is not a reference. Write [[title:slug]], "
                    "[[person:slug]], [[edition:title-slug/edition-slug]] or a callout: "
                    "[[related]], [[also-like]], [[see-also]]."
                )
                % {"line": line, "marker": match.group(0)[:80]}
            )
            continue
        parsed.references.append(Reference(found["kind"], found["ref"], found["label"] or ""))
    return parsed


def tags_parse(text: str) -> Parsed:
    """The tag list as typed: "title:escape-from-la-1996, person:john-carpenter" (commas,
    spaces or new lines between them; [[…]] around one is forgiven)."""
    parsed = Parsed()
    for token in re.split(r"[\s,]+", text.strip()):
        item = token.strip().removeprefix("[[").removesuffix("]]")
        if not item:
            continue
        found = _REFERENCE.match(item)
        if found is None or found["kind"] not in KINDS or found["label"]:
            parsed.errors.append(
                _("“%(tag)s” is not a tag: write kind:slug, such as title:escape-from-la-1996.")
                % {"tag": token[:80]}
            )
            continue
        reference = Reference(found["kind"], found["ref"])
        if reference not in parsed.references:
            parsed.references.append(reference)
    return parsed


def resolve(references: Iterable[Reference]) -> dict[tuple[str, str], Target]:
    """The targets of these references that exist: one query per kind named."""
    by_kind: dict[str, set[str]] = {}
    for reference in references:
        by_kind.setdefault(reference.kind, set()).add(reference.ref)
    found: dict[tuple[str, str], Target] = {}
    for kind, refs in sorted(by_kind.items()):
        for ref, target in KINDS[kind].find(sorted(refs)).items():
            found[(kind, ref)] = target
    return found


def unknown(references: Iterable[Reference], found: Mapping[tuple[str, str], Target]) -> list[str]:
    """One message per reference whose target does not exist."""
    missing = []
    for reference in references:
        if (reference.kind, reference.ref) not in found:
            message = _("There is no %(kind)s “%(ref)s”.") % {
                "kind": KINDS[reference.kind].label,
                "ref": reference.ref,
            }
            if message not in missing:
                missing.append(message)
    return missing


@dataclass(frozen=True)
class Callout:
    """What one callout marker shows: its label and the article chosen for it."""

    label: str
    headline: str
    url: str
    reason: str = ""


def body_fill(
    body_html: str,
    targets: Mapping[tuple[str, str], Target],
    callouts: Callable[[str], Callout | None],
) -> str:
    """The stored HTML with its markers filled in: references become links with the current
    name (or the editor's words), callouts the article `callouts(marker)` chooses for each in
    turn; a callout with no article left to show disappears. The HTML is the sanitiser's, so
    every marker's text is already escaped; what is added here is escaped too."""

    def callout_html(marker: str, tag: str = "aside") -> str:
        chosen = callouts(marker)
        if chosen is None:
            return ""
        reason = ""
        if chosen.reason:
            reason = f' <span class="callout-reason">{html.escape(chosen.reason)}</span>'
        return (
            f'<{tag} class="callout callout-{marker}"><span class="callout-label">'
            f"{html.escape(chosen.label)}:</span> "
            f'<a href="{html.escape(chosen.url)}">{html.escape(chosen.headline)}</a>'
            f"{reason}</{tag}>"
        )

    def one(match: re.Match[str]) -> str:
        inner = html.unescape(match.group(1)).strip()
        if inner in CALLOUTS:  # inside a sentence: phrasing content only
            return callout_html(inner, "span")
        found = _REFERENCE.match(inner)
        if found is None:
            return match.group(0)
        target = targets.get((found["kind"], found["ref"]))
        text = found["label"] or (target.name if target else found["ref"])
        if target is None:  # deleted since the article was saved: the words, no link
            return html.escape(text)
        return (
            f'<a class="ref ref-{target.kind}" href="{html.escape(target.url)}">'
            f"{html.escape(text)}</a>"
        )

    # A callout alone in its paragraph replaces the paragraph: an aside is no phrasing content.
    def paragraph(match: re.Match[str]) -> str:
        inner = html.unescape(match.group(1)).strip()
        return callout_html(inner) if inner in CALLOUTS else match.group(0)

    filled = re.sub(r"<p>\s*\[\[([^\[\]<]{0,300})\]\]\s*</p>", paragraph, body_html)
    return _MARKER.sub(one, filled)


def plain_text(body: str) -> str:
    """The body without its markers' brackets, for text similarity and the search index."""

    def words(match: re.Match[str]) -> str:
        found = _REFERENCE.match(match.group(1).strip())
        if found is None:
            return " "
        return found["label"] or found["ref"].replace("-", " ").replace("/", " ")

    return _MARKER.sub(words, body)
