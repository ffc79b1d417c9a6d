"""The search evaluation set: queries with the one result that should come first, generated
deterministically (seeded) from a catalogue loaded from the real samples and the demo.

Only this generator is kept in the repository, never its output: the samples may not be
republished. `catalogue_build` loads the demo, then the samples through the importers
(`ingest_imdb`, `ingest_tmdb`, `ingest_movielens`), then rebuilds the search index;
`generate` draws the queries from what was loaded; `evaluate` asks `search.selectors.search`
and scores success@1, success@10 and the mean reciprocal rank per category.

Categories (what a person types; where the names come from):

- exact: a film's or show's title as written (demo, IMDb, TMDb and MovieLens titles);
- punctuation: a title or a person's name with its punctuation left out, a hyphen or a slash
  typed as a space ("Spider Man", "Schindlers List");
- accent: a title, AKA or name with its accents left out ("Amelie", "Penelope Cruz");
- aka: a film's title in another region or language, not the US or GB (IMDb's title.akas);
- person: a person's name as written (IMDb principals' names, TMDb cast, demo);
- character: a character's name as written (IMDb principals, TMDb cast, demo);
- prefix: the start of a title, half of it or more, cut inside a word (typing on);
- typo-1: a title or a name with one edit, a letter dropped, two neighbours swapped, one
  replaced or one doubled (a quarter each), in a word of five letters or more and never its
  first letter;
- typo-2: two such edits, in two different words.

**The expected first result is defensible or the query is left out.** A result is identified
by its kind, URL and title. Other documents compete when they match the query as the ranking's
tier would (the same compact key; for a prefix, a key starting with the query's; for a typo,
a key within the typo allowance of the query's), and the query is kept only when its target
is the most popular of them by a clear margin (`MARGIN` of popularity, the ranking's
`log10`-of-votes measure: about 12% more votes); a tie, or a more popular namesake, drops it.
So "Hamlet" is kept only when one Hamlet is clearly the best known, a prefix only when the
title it starts is, and a typo never when it spells another name. Generic roles (Self,
Himself, Narrator, ...) are never character queries.
"""

from __future__ import annotations

import bisect
import os
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from search_scale import EDITS, typo_at

ROOT = Path(__file__).resolve().parent.parent
MARGIN = 0.05
GENERIC_ROLES = frozenset(
    {"self", "himself", "herself", "themselves", "narrator", "voice", "uncredited", "host",
     "guest", "various", "extra", "archive", "footage", "additional", "voices"}
)  # fmt: skip
# How many queries of each category the full set draws (typo-1 is split over its four edits).
FULL = {
    "exact": 60, "punctuation": 40, "accent": 40, "aka": 40, "person": 50, "character": 40,
    "prefix": 40, "typo-1": 80, "typo-2": 20,
}  # fmt: skip
SLICE = {
    "exact": 20, "punctuation": 12, "accent": 12, "aka": 12, "person": 16, "character": 12,
    "prefix": 12, "typo-1": 24, "typo-2": 0,
}  # fmt: skip


def shared_data() -> Path:
    return Path(os.environ.get("CINEMETER_SHARED_DATA", ROOT.parent / "shared" / "data"))


# --- The catalogue ---------------------------------------------------------------------------

Step = tuple[str, str, list[str]]  # (origin, command, arguments relative to shared data)
FULL_STEPS: list[Step] = [
    ("demo", "load_demo", []),
    ("imdb", "ingest_imdb", ["imdb-sample/famous-40-movies-2022"]),
    ("imdb", "ingest_imdb", ["imdb-sample/movies-subset-2022"]),
    ("tmdb", "ingest_tmdb", ["tmdb-5000"]),
    ("movielens", "ingest_movielens", ["movielens-small"]),
    ("imdb", "ingest_imdb", ["imdb-sample/head-50k-2025"]),
]
# The test's slice: the same sources less the 50,000-row IMDb head, a third of the ratings.
SLICE_STEPS: list[Step] = [
    *FULL_STEPS[:4],
    ("movielens", "ingest_movielens", ["movielens-small", "--limit", "30000"]),
]
ORIGINS_MARKER = "search-eval-origins"


def catalogue_build(steps: Sequence[Step], say: Callable[[str], None] = lambda _: None) -> None:
    """Loads the steps into an empty catalogue and indexes it; remembers which step made
    which rows (by id ranges, in SiteCounter rows) for the report's origins."""
    from django.core.management import call_command

    from cinemeter.catalog.models import Credit, Person, Title
    from cinemeter.core.models import SiteCounter

    data = shared_data()
    for number, (origin, command, arguments) in enumerate(steps):
        paths = [a if a.startswith("-") or a.isdigit() else str(data / a) for a in arguments]
        call_command(command, *paths, stdout=StringIO())
        for model in (Title, Person, Credit):
            last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            name = f"{ORIGINS_MARKER}:{number}:{origin}:{model.__name__}"
            SiteCounter.objects.update_or_create(name=name, defaults={"value": last})
        say(f"  {command} {' '.join(arguments)}: done")
    call_command("search_index", "--rebuild", "--no-progress", stdout=StringIO())


def _origins() -> dict[str, list[tuple[int, str]]]:
    """model name -> [(last id after a step, that step's origin)], in step order."""
    from cinemeter.core.models import SiteCounter

    bounds: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for name, value in SiteCounter.objects.filter(name__startswith=ORIGINS_MARKER).values_list(
        "name", "value"
    ):
        _, number, origin, model = name.split(":")
        bounds[model].append((int(number), value, origin))
    return {model: [(v, o) for _, v, o in sorted(rows)] for model, rows in bounds.items()}


def _origin_of(bounds: list[tuple[int, str]], pk: int) -> str:
    for last, origin in bounds:
        if pk <= last:
            return origin
    return "other"


# --- The documents, as the generator sees them -----------------------------------------------


@dataclass(frozen=True)
class Doc:
    ident: str  # "kind url title": what a hit is compared by
    kind: str
    popularity: float
    keys: tuple[str, ...]  # each name's compact key, and with its article
    title_id: int | None
    person_id: int | None
    object_id: int


def ident_of(kind: str, url: str, title: str) -> str:
    return f"{kind} {url} {title}"


class Index:
    """Every document's keys, for finding who competes with a target."""

    def __init__(self) -> None:
        from cinemeter.search.models import SearchDocument
        from cinemeter.search.normalize import compact

        self.docs: list[Doc] = []
        self.by_key: dict[str, list[int]] = defaultdict(list)
        rows = SearchDocument.objects.order_by("pk").values_list(
            "kind", "url", "title", "popularity", "names", "title_id", "person_id", "object_id"
        )
        for kind, url, title, popularity, names, title_id, person_id, object_id in rows:
            keys: dict[str, None] = {}
            for line in names.split("\n"):
                line_words = line.split()
                keys[compact(line_words)] = None
                keys["".join(line_words)] = None
            doc = Doc(
                ident_of(kind, url, title), kind, popularity, tuple(keys), title_id,
                person_id, object_id,
            )  # fmt: skip
            for key in doc.keys:
                self.by_key[key].append(len(self.docs))
            self.docs.append(doc)
        self.sorted_keys = sorted(self.by_key)
        self.by_object = {(doc.kind, doc.object_id): doc for doc in self.docs}

    def exact(self, key: str) -> list[Doc]:
        return [self.docs[i] for i in dict.fromkeys(self.by_key.get(key, []))]

    def prefixed(self, key: str) -> list[Doc]:
        start = bisect.bisect_left(self.sorted_keys, key)
        found: dict[int, None] = {}
        for name in self.sorted_keys[start:]:
            if not name.startswith(key):
                break
            found.update(dict.fromkeys(self.by_key[name]))
        return [self.docs[i] for i in found]

    def near(self, key: str, allowed: int) -> list[Doc]:
        """Documents with a key within `allowed` edits (transpositions count one)."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        close = process.extract(
            key, self.sorted_keys, scorer=OSA.distance, score_cutoff=allowed, limit=None
        )
        found: dict[int, None] = {}
        for name, _, _ in close:
            found.update(dict.fromkeys(self.by_key[name]))
        return [self.docs[i] for i in found]


def clear_winner(target: Doc, rivals: Iterable[Doc]) -> bool:
    """The target is the most popular of the documents competing for the query, by MARGIN."""
    return all(
        doc.ident == target.ident or doc.popularity + MARGIN <= target.popularity for doc in rivals
    )


# --- The queries -----------------------------------------------------------------------------


@dataclass
class EvalQuery:
    category: str
    text: str
    expected: str  # ident_of(...) of the document that should come first
    origin: str
    detail: str = ""  # the typo's edit(s)


def _key(text: str) -> str:
    from cinemeter.search.ranking import parse

    return parse(text).key


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_PUNCTUATION = re.compile(r"[^\w\s]")


def strip_punctuation(text: str) -> str:
    spaced = re.sub(r"[-/]", " ", text)
    return " ".join(_PUNCTUATION.sub("", spaced).split())


@dataclass(frozen=True)
class Candidate:
    text: str  # the name as written
    doc: Doc
    origin: str


def candidates(index: Index) -> dict[str, list[Candidate]]:
    """Names as written, per pool: titles, AKAs, people, characters."""
    from cinemeter.catalog.models import AlternativeTitle, Credit, Department, Person, Title

    origins = _origins()
    pools: dict[str, list[Candidate]] = defaultdict(list)
    own: dict[int, set[str]] = {}  # a title's own keys: its title and original title

    def title_doc(pk: int) -> Doc | None:
        return index.by_object.get(("film", pk)) or index.by_object.get(("show", pk))

    for pk, name, original in Title.objects.order_by("pk").values_list(
        "pk", "title", "original_title"
    ):
        doc = title_doc(pk)
        if doc:
            own[pk] = {_key(name), _key(original or "")}
            pools["title"].append(Candidate(name, doc, _origin_of(origins["Title"], pk)))
    akas = AlternativeTitle.objects.exclude(region__in=["", "US", "GB", "XWW"]).order_by("pk")
    for title_id, name in akas.values_list("title_id", "name"):
        doc = title_doc(title_id)
        if doc and _key(name) not in own.get(title_id, set()):
            pools["aka"].append(Candidate(name, doc, _origin_of(origins["Title"], title_id)))
    for pk, name in Person.objects.order_by("pk").values_list("pk", "name"):
        doc = index.by_object.get(("person", pk))
        if doc:
            pools["person"].append(Candidate(name, doc, _origin_of(origins["Person"], pk)))
    credits = Credit.objects.filter(department=Department.ACTING).exclude(character="")
    for pk, character in credits.order_by("pk").values_list("pk", "character"):
        doc = index.by_object.get(("character", pk))
        name = character.split(" / ")[0].strip()
        if doc and name and not _generic(name):
            pools["character"].append(Candidate(name, doc, _origin_of(origins["Credit"], pk)))
    return pools


def _generic(text: str) -> bool:
    from cinemeter.search.normalize import words

    return bool(set(words(text)) & GENERIC_ROLES) or "(" in text


class Generator:
    """Draws the queries of each category; every kept query has a defensible target."""

    def __init__(self, seed: int) -> None:
        self.index = Index()
        self.pools = candidates(self.index)
        self.pick = random.Random(seed)  # noqa: S311 - a sample, not a secret
        self.queries: list[EvalQuery] = []
        self.used: set[tuple[str, str]] = set()

    def keep(
        self, category: str, text: str, target: Candidate, rivals: list[Doc], detail: str = ""
    ) -> bool:
        key = _key(text)
        if not key or (category, key) in self.used or not clear_winner(target.doc, rivals):
            return False
        if not category.startswith("typo") and target.doc not in rivals:
            return False  # the query does not reach its own target by key: not defensible
        self.used.add((category, key))
        self.queries.append(EvalQuery(category, text, target.doc.ident, target.origin, detail))
        return True

    def draw(self, pool: list[Candidate], wanted: int, make: Callable[[Candidate], bool]) -> None:
        """Up to `wanted` kept queries, taking the pool's origins in turn (so the demo's few
        names and the thousands of each sample's all count), each candidate tried once."""
        by_origin: dict[str, list[Candidate]] = defaultdict(list)
        for candidate in pool:
            by_origin[candidate.origin].append(candidate)
        for group in by_origin.values():
            self.pick.shuffle(group)
        origins = sorted(by_origin)
        kept = turn = 0
        while kept < wanted and any(by_origin.values()):
            group = by_origin[origins[turn % len(origins)]]
            turn += 1
            if group and make(group.pop()):
                kept += 1

    def as_written(self, category: str, c: Candidate) -> bool:
        key = _key(c.text)
        return key in c.doc.keys and self.keep(category, c.text, c, self.index.exact(key))

    def variant(self, category: str, strip: Callable[[str], str]) -> Callable[[Candidate], bool]:
        def make(c: Candidate) -> bool:
            text = strip(c.text)
            if text == c.text or not text.isascii():
                return False
            return self.keep(category, text, c, self.index.exact(_key(text)))

        return make

    def prefix(self, c: Candidate) -> bool:
        text = c.text
        if len(text) < 8 or _key(text) not in c.doc.keys:
            return False
        cut = self.pick.randint(max(4, (len(text) + 1) // 2), len(text) - 1)
        typed = text[:cut]
        if not (typed[-1].isalnum() and text[cut].isalnum()):
            return False  # cut inside a word: what one is still typing
        key = _key(typed)
        if self.index.exact(key):
            return False  # the typed text is itself a name: that one comes first
        return self.keep("prefix", typed, c, self.index.prefixed(key))

    def typo(self, category: str, edit: str, edits: int) -> Callable[[Candidate], bool]:
        from cinemeter.search.ranking import edits_allowed

        def make(c: Candidate) -> bool:
            text, changed = c.text, frozenset[int]()
            for _ in range(edits):
                text, word = typo_at(text, self.pick, edit=edit, avoid=changed)
                if word is None:
                    return False
                changed |= {word}
            key = _key(text)
            if len(key) < 5 or any(key in name for name in self.index.sorted_keys):
                return False  # it spells a name, or the start or inside of one
            if not any(_distance(key, own) <= edits for own in c.doc.keys):
                return False
            rivals = self.index.near(key, max(edits, edits_allowed(key)))
            return self.keep(category, text, c, rivals, edit)

        return make


def _distance(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA

    return int(OSA.distance(a, b))


def generate(counts: dict[str, int], seed: int = 20) -> list[EvalQuery]:
    """The evaluation set: up to counts[category] queries per category, seeded."""
    g = Generator(seed)
    pools = g.pools
    g.draw(pools["title"], counts["exact"], lambda c: g.as_written("exact", c))
    g.draw(pools["aka"], counts["aka"], lambda c: g.as_written("aka", c))
    g.draw(pools["person"], counts["person"], lambda c: g.as_written("person", c))
    g.draw(pools["character"], counts["character"], lambda c: g.as_written("character", c))
    named = pools["title"] + pools["person"]
    punctuated = [c for c in named if _PUNCTUATION.search(c.text)]
    g.draw(punctuated, counts["punctuation"], g.variant("punctuation", strip_punctuation))
    accented = [c for c in named + pools["aka"] if not c.text.isascii()]
    g.draw(accented, counts["accent"], g.variant("accent", strip_accents))
    g.draw(pools["title"], counts["prefix"], g.prefix)
    typed = [c for c in named if c.text.isascii()]
    for edits in (1, 2):
        category = f"typo-{edits}"
        for number, edit in enumerate(EDITS):
            share = counts[category] // 4 + (number < counts[category] % 4)
            g.draw(typed, share, g.typo(category, edit, edits))
    return g.queries


# --- Scoring ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    query: EvalQuery
    rank: int | None  # 1-based place of the expected result among the hits, None if absent
    top: list[str] = field(default_factory=list)  # the first ten hits' idents


def evaluate(queries: Sequence[EvalQuery]) -> list[Outcome]:
    from cinemeter.search.selectors import search

    outcomes = []
    for query in queries:
        hits = [ident_of(h.kind, h.url, h.title) for h in search(query.text).hits]
        rank = hits.index(query.expected) + 1 if query.expected in hits else None
        outcomes.append(Outcome(query, rank, hits[:10]))
    return outcomes


def scores(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float]]:
    """success@1, success@10 and MRR per category and over all queries."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.query.category].append(outcome)
        groups["all"].append(outcome)
    table = {}
    for category, group in groups.items():
        n = len(group)
        table[category] = {
            "queries": n,
            "success@1": sum(o.rank == 1 for o in group) / n,
            "success@10": sum(o.rank is not None and o.rank <= 10 for o in group) / n,
            "mrr": sum(1 / o.rank for o in group if o.rank) / n,
        }
    return table


def as_json(queries: Sequence[EvalQuery]) -> list[dict[str, Any]]:
    return [asdict(query) for query in queries]
