"""The search benchmark's side of a generated (scale) database: AKAs, the query mix, the rebuild.

- `akas_add`: the scale generator writes no alternative titles; real catalogues hold a few per
  film (IMDb's title.akas averages about three per film). This adds them once per database,
  seeded: 0-4 per film or show (Poisson, mean 1.5), in German, French, Dutch, Spanish or
  Italian word order with that language's article and accented words, so the index holds
  non-English, accented names as a real one does.
- `query_mix`: the latency run's queries from the database's own names, seeded: exact titles,
  people, prefixes (what the autocomplete sees as a visitor types), one-typo titles and
  people, and made-up words that match nothing; each normalised query once, so that no query
  could be answered from a cache even where one is configured.
- `rebuild_measure`: `manage.py search_index --rebuild` as its own process, its wall time and
  peak resident memory (the kernel's high-water mark from `wait4`).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AKA_MARKER = "bench-search-akas"
AKA_LANGUAGES = {
    # region: (language, articles, words that carry the language's accents)
    "DE": ("de", ("Der", "Die", "Das"), ("Rückkehr", "Größe", "Straße", "Mädchen", "Nächte")),
    "FR": ("fr", ("Le", "La", "Les"), ("Été", "Rêve", "Forêt", "Éternel", "Château")),
    "NL": ("nl", ("De", "Het", "Een"), ("Terugkeer", "Zomer", "Nachten", "Reïncarnatie", "Café")),
    "ES": ("es", ("El", "La", "Los"), ("Corazón", "Año", "Canción", "Jardín", "Niño")),
    "IT": ("it", ("Il", "La", "Gli"), ("Città", "Perché", "Libertà", "Verità", "Però")),
}
AKAS_PER_TITLE = 1.5


def say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - the benchmark reports on stdout


def _aka_rows(seed: int, ids: list[int]) -> Iterator[tuple[int, str, str, str, str]]:
    import numpy as np

    from cinemeter.scale import names

    rng = np.random.default_rng(seed)
    regions = list(AKA_LANGUAGES)
    for title_id in ids:
        seen: set[tuple[str, str]] = set()
        for _ in range(int(rng.poisson(AKAS_PER_TITLE))):
            region = regions[int(rng.integers(len(regions)))]
            language, articles, accented = AKA_LANGUAGES[region]
            article = articles[int(rng.integers(len(articles)))]
            word = accented[int(rng.integers(len(accented)))]
            noun = names.NOUNS[int(rng.integers(len(names.NOUNS)))]
            name = f"{article} {noun} {word}"
            if (name, region) not in seen:
                seen.add((name, region))
                yield (title_id, name, region, language, "imdbDisplay")


def akas_add(seed: int) -> int:
    """Adds the AKAs once (a marker row remembers it); returns how many were written now."""
    from cinemeter.catalog.models import FILM_KINDS, SHOW_KINDS, AlternativeTitle, Title
    from cinemeter.core.models import SiteCounter
    from cinemeter.scale.load import load

    if SiteCounter.objects.filter(name=AKA_MARKER).exists():
        return 0
    # Read before the rows are written: PostgreSQL's COPY holds the connection meanwhile.
    ids = list(
        Title.objects.filter(kind__in=[*FILM_KINDS, *SHOW_KINDS])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    columns = ("title_id", "name", "region", "language", "kind")
    written = load(AlternativeTitle, columns, _aka_rows(seed, ids))
    SiteCounter.objects.create(name=AKA_MARKER, value=written)
    return written


# --- The latency run's queries ---------------------------------------------------------------

MIX = {"exact": 0.3, "prefix": 0.3, "typo": 0.25, "person": 0.1, "no-hit": 0.05}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


EDITS = ("drop", "swap", "replace", "double")


def typo_at(
    text: str, pick: random.Random, *, edit: str | None = None, avoid: frozenset[int] = frozenset()
) -> tuple[str, int | None]:
    """One edit in a word of five letters or more (not one of the `avoid` word numbers), never
    its first letter: a letter dropped, two neighbours swapped, one replaced, or one doubled.
    Returns the text and the number of the word changed (None when no word could be)."""
    words = text.split(" ")
    edit = edit or pick.choice(EDITS)
    long = [
        i
        for i, word in enumerate(words)
        if i not in avoid and sum(c.isalpha() for c in word) >= 5 and _spots(word, edit)
    ]
    if not long:
        return text, None
    index = pick.choice(long)
    word = words[index]
    at = pick.choice(_spots(word, edit))
    if edit == "drop":
        word = word[:at] + word[at + 1 :]
    elif edit == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif edit == "double":
        word = word[: at + 1] + word[at:]
    else:
        replacement = pick.choice([c for c in _LETTERS if c != word[at].lower()])
        word = word[:at] + replacement + word[at + 1 :]
    words[index] = word
    return " ".join(words), index


def _spots(word: str, edit: str) -> list[int]:
    """Where in the word the edit may go: letters after the first (for a swap, a letter and
    its different neighbour)."""
    if edit == "swap":
        return [
            i
            for i in range(1, len(word) - 1)
            if word[i].isalpha() and word[i + 1].isalpha() and word[i] != word[i + 1]
        ]
    return [i for i in range(1, len(word)) if word[i].isalpha()]


def typo(text: str, pick: random.Random) -> str:
    return typo_at(text, pick)[0]


def _nonsense(pick: random.Random) -> str:
    consonants = "bcdfghjklmnpqrstvwxz"
    return "".join(pick.choice(consonants) for _ in range(pick.randint(7, 11)))


@dataclass(frozen=True)
class MixedQuery:
    category: str
    text: str


def query_mix(count: int, seed: int) -> list[MixedQuery]:
    """`count` queries in the proportions of MIX, each normalised form once, shuffled."""
    from cinemeter.catalog.models import FILM_KINDS, SHOW_KINDS, Person, Title
    from cinemeter.search.ranking import parse

    pick = random.Random(seed)  # noqa: S311 - a sample, not a secret
    titles = list(
        Title.objects.filter(kind__in=[*FILM_KINDS, *SHOW_KINDS])
        .order_by("pk")
        .values_list("title", flat=True)
    )
    last_person = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    person_ids = {pick.randint(1, last_person) for _ in range(count)}
    people = list(Person.objects.filter(pk__in=person_ids).values_list("name", flat=True))
    makers = {
        "exact": lambda: pick.choice(titles),
        "prefix": lambda: _prefix(pick.choice(titles), pick),
        "typo": lambda: typo(pick.choice(titles + people), pick),
        "person": lambda: pick.choice(people),
        "no-hit": lambda: _nonsense(pick),
    }
    seen: set[tuple[str, ...]] = set()
    queries: list[MixedQuery] = []
    for category, share in MIX.items():
        wanted = round(count * share)
        for _ in range(wanted * 50):
            if wanted == 0:
                break
            text = makers[category]()
            key = parse(text).words
            if key and key not in seen:
                seen.add(key)
                queries.append(MixedQuery(category, text))
                wanted -= 1
    pick.shuffle(queries)
    return queries


def _prefix(title: str, pick: random.Random) -> str:
    """What has been typed so far: 3 letters up to all but the last two of the title."""
    if len(title) <= 5:
        return title[:3]
    return title[: pick.randint(3, len(title) - 2)].rstrip()


# --- The rebuild -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rebuild:
    documents: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float

    def as_dict(self) -> dict[str, float]:
        return {
            "documents": self.documents,
            "seconds": round(self.seconds, 1),
            "cpu_seconds": round(self.cpu_seconds, 1),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
        }


def rebuild_measure(database_url: str) -> Rebuild:
    """`manage.py search_index --rebuild` in its own process, measured by the kernel."""
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [sys.executable, str(ROOT / "manage.py"), "search_index", "--rebuild"]
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603 - our own command
        [*command, "--no-progress"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    output = process.stdout.read() if process.stdout else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"search_index --rebuild failed: {output}")
    say(output.strip())
    from cinemeter.search.models import SearchDocument

    return Rebuild(
        documents=SearchDocument.objects.count(),
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
    )
