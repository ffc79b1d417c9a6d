"""What each edition of a title adds and drops: a pure function over loaded rows.

**The same feature.** Two features of a title's editions are the same when they have the
same kind and the same normalised title (`feature_key`: case, accents, punctuation, a
leading article, "T.V." = "TV", "&" = "and", whitespace), or when an editor linked one to
the other (`same_as`, for a renamed featurette). Sameness is transitive: the features form
groups (a union-find over both rules).

**Earlier.** An edition's date is a span: a day, or the whole month or year its precision
allows. Edition A is earlier than B when A's span ends before B's begins. So two editions of
the same day are neither earlier than the other (a DVD and a Blu-ray out together both
bring their extras NEW), nor are "2020" and "26 May 2020". An edition without a date is
earlier than none and comes after every dated one.

**NEW.** A feature is new on its edition when no feature of its group is on an earlier
edition; the editor's override (always / never new) wins over the computation.

**Drops.** The groups that some earlier edition had and this one lacks, each shown by its
feature on the latest earlier edition that had it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

NEW = "new"
NOT_NEW = "not-new"
AUTO = "auto"

# Leading articles in the site's languages (and the ones film titles carry most often).
_ARTICLES = frozenset({"the", "a", "an", "de", "het", "een", "der", "die", "das", "le", "la"})
_NOT_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def feature_key(kind: str, title: str) -> tuple[str, str]:
    """The (kind, normalised title) under which two features count as the same."""
    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("&", " and ")
    # Apostrophes and dots join ("director's", "T.V." -> "tv"); other marks separate words.
    text = re.sub(r"['’.]", "", text)
    text = _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()
    words = text.split(" ")
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return kind, " ".join(words)


@dataclass(frozen=True)
class EditionRow:
    """What the computation needs of an edition: its id and date span."""

    id: int
    start: date | None
    end: date | None

    def earlier_than(self, other: EditionRow) -> bool:
        if self.end is None:
            return False  # undated: earlier than nothing
        if other.start is None:
            return True  # every dated edition comes before an undated one
        return self.end < other.start

    @property
    def sort_key(self) -> tuple[int, date, int]:
        return (1, date.max, self.id) if self.start is None else (0, self.start, self.id)


@dataclass(frozen=True)
class FeatureRow:
    """What the computation needs of a feature."""

    id: int
    edition_id: int
    kind: str
    title: str
    same_as_id: int | None = None
    override: str = AUTO


@dataclass
class FeatureResult:
    """One feature's outcome: NEW or not, why, and where its group first appeared."""

    feature_id: int
    group: int
    is_new: bool
    computed_new: bool
    overridden: bool
    first_edition_ids: list[int] = field(default_factory=list)


@dataclass
class EditionsResult:
    """The outcome for every edition of a title."""

    features: dict[int, FeatureResult]
    drops: dict[int, list[int]]  # edition id -> ids of the representative dropped features
    groups: dict[int, list[int]]  # group -> its feature ids, in editions' order
    editions: list[EditionRow]  # in release order

    def new_count(self, feature_ids: Iterable[int]) -> int:
        """How many of these features are NEW on their edition."""
        return sum(1 for f in feature_ids if self.features[f].is_new)


class _Groups:
    """Union-find over feature ids."""

    def __init__(self, ids: Iterable[int]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, one: int, other: int) -> None:
        a, b = self.find(one), self.find(other)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def editions_compare(
    editions: Sequence[EditionRow], features: Sequence[FeatureRow]
) -> EditionsResult:
    """NEW and drops for every feature and edition of one title (module docstring)."""
    by_id = {edition.id: edition for edition in editions}
    features = [f for f in features if f.edition_id in by_id]
    groups = _Groups(f.id for f in features)
    first_with_key: dict[tuple[str, str], int] = {}
    for feature in features:
        key = feature_key(feature.kind, feature.title)
        if key in first_with_key:
            groups.union(first_with_key[key], feature.id)
        else:
            first_with_key[key] = feature.id
    for feature in features:
        if feature.same_as_id is not None and feature.same_as_id in groups.parent:
            groups.union(feature.id, feature.same_as_id)

    ordered = sorted(editions, key=lambda e: e.sort_key)
    rank = {edition.id: n for n, edition in enumerate(ordered)}
    members: dict[int, list[FeatureRow]] = {}
    for feature in sorted(features, key=lambda f: (rank[f.edition_id], f.id)):
        members.setdefault(groups.find(feature.id), []).append(feature)

    results: dict[int, FeatureResult] = {}
    for group, rows in members.items():
        holders = {row.edition_id for row in rows}
        firsts = [
            e
            for e in holders
            if not any(by_id[o].earlier_than(by_id[e]) for o in holders if o != e)
        ]
        firsts.sort(key=rank.__getitem__)
        for row in rows:
            edition = by_id[row.edition_id]
            computed = not any(by_id[o].earlier_than(edition) for o in holders)
            overridden = row.override in {NEW, NOT_NEW}
            results[row.id] = FeatureResult(
                feature_id=row.id,
                group=group,
                is_new=(row.override == NEW) if overridden else computed,
                computed_new=computed,
                overridden=overridden,
                first_edition_ids=firsts,
            )

    index = {feature.id: n for n, feature in enumerate(features)}
    edition_of = {feature.id: feature.edition_id for feature in features}
    drops: dict[int, list[int]] = {}
    for edition in ordered:
        dropped: list[int] = []
        for rows in members.values():
            if any(row.edition_id == edition.id for row in rows):
                continue
            before = [row for row in rows if by_id[row.edition_id].earlier_than(edition)]
            if before:
                # Shown as on the latest earlier edition that had it.
                dropped.append(max(before, key=lambda r: (rank[r.edition_id], -r.id)).id)
        # In the order the features stand on the editions, oldest edition first.
        drops[edition.id] = sorted(dropped, key=lambda f: (rank[edition_of[f]], index[f]))
    return EditionsResult(
        features=results,
        drops=drops,
        groups={group: [row.id for row in rows] for group, rows in members.items()},
        editions=ordered,
    )
