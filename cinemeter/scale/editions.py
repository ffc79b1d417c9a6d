"""Generated home-video editions with their features, for a share of the movies.

Popular films are more likely to have editions and have more of them (1–6). The formats
follow the eras: VHS and LaserDisc before 2000, DVD from 1997, Blu-ray from 2006, 4K UHD from
2016. A title's editions share features the way real ones do, so that NEW and the drops come
out of the data as on the site: the trailer is on every edition, a special edition adds
extras, a later one keeps most of what came before, loses some and sometimes brings back an
older one, and a DVD and a Blu-ray out on the same day carry the same extras (neither is
earlier, so both have them NEW). A carried feature is now and then spelled a little
differently ("The Making of …" for "Making of …"), which the site's matching treats as the
same feature.

`edition_rows` is pure: a film, its own random stream and the first free ids in, rows out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cinemeter.catalog.slugs import numbered
from cinemeter.releases.editions.matching import feature_key
from cinemeter.releases.editions.models import Edition, EditionFormat, FeatureKind
from cinemeter.releases.editions.services import edition_base_slug
from cinemeter.scale import names
from cinemeter.scale.catalogue import RELEASE_YEAR_LAST
from cinemeter.scale.films import Film, day_in, gtin, precision_pick

# Of the movies, how many have editions (popular ones more likely), and at most how many.
EDITION_SHARE = 0.18
MOST_EDITIONS = 6
FIRST_HOME_VIDEO_YEAR = 1979
MOST_FEATURES = 16

VHS, LD, DVD, BD, UHD = (
    EditionFormat.VHS.value,
    EditionFormat.LASERDISC.value,
    EditionFormat.DVD.value,
    EditionFormat.BLU_RAY.value,
    EditionFormat.UHD.value,
)
# (first year, last year, {format: weight}): what came out when.
ERAS: tuple[tuple[int, int, dict[str, float]], ...] = (
    (0, 1996, {VHS: 0.8, LD: 0.2}),
    (1997, 1999, {VHS: 0.45, LD: 0.1, DVD: 0.45}),
    (2000, 2005, {DVD: 1.0}),
    (2006, 2015, {DVD: 0.45, BD: 0.55}),
    (2016, 9999, {DVD: 0.2, BD: 0.5, UHD: 0.3}),
)
FORMAT_YEARS = {VHS: (0, 1999), LD: (0, 1999), DVD: (1997, 9999), BD: (2006, 9999)}
FORMAT_YEARS[UHD] = (2016, 9999)

EDITION_COLUMNS = (
    "id",
    "title_id",
    "name",
    "slug",
    "label_id",
    "format",
    "release_date",
    "date_precision",
    "country_code",
    "region_code",
    "gtin",
    "catalogue_number",
    "disc_count",
    "classification_board",
    "classification_rating",
    "transfer_note",
    "aspect_ratio",
    "audio_tracks",
    "subtitle_tracks",
    "packaging",
)
FEATURE_COLUMNS = ("id", "edition_id", "order", "title", "kind", "duration_seconds")
PERSON_COLUMNS = ("feature_id", "person_id", "role", "order")

SPECIAL_NAMES = (
    "Special Edition",
    "Collector's Edition",
    "Limited Edition",
    "Remastered Edition",
    "Director's Cut",
    "Steelbook",
    "Ultimate Edition",
)
TAPE_NAMES = ("Special Edition", "Widescreen Edition", "Director's Cut")
FIRST_TAPE_NAMES = ("Original Release", "Widescreen Edition")
FIRST_DISC_NAMES = ("Standard Edition", "Special Edition")
ANNIVERSARIES = (10, 15, 20, 25, 30, 40, 50)
# (country, share, classification board, its ratings, dub/subtitle language)
COUNTRIES = (
    ("US", 0.5, "MPA", ("PG", "PG-13", "R"), ""),
    ("GB", 0.2, "BBFC", ("PG", "12", "15", "18"), ""),
    ("DE", 0.1, "FSK", ("6", "12", "16", "18"), "German"),
    ("NL", 0.1, "Kijkwijzer", ("AL", "12", "16"), "Dutch"),
    ("FR", 0.1, "CNC", ("TP", "-12", "-16"), "French"),
)
AUDIO = {
    VHS: ("English Hi-Fi Stereo",),
    LD: ("English Dolby Surround", "English Mono"),
    DVD: ("English Dolby Digital 5.1", "English Dolby Digital 2.0"),
    BD: ("English DTS-HD Master Audio 5.1", "English LPCM 2.0"),
    UHD: ("English Dolby Atmos", "English DTS-HD Master Audio 5.1"),
}
TRANSFERS = (
    "New 4K scan of the original camera negative",
    "2K restoration from the interpositive",
    "Remastered from a new high-definition transfer",
)
PACKAGING = {VHS: "Clamshell case", LD: "Gatefold jacket", DVD: "Keep case", BD: "Keep case"}
PACKAGING[UHD] = "Keep case with slipcover"

# What a feature can be: (kind, title pattern, who is in it). {film}, {director}, {actor},
# {actor2}, {someone} (a name not in the catalogue), {adjective} and {noun} are filled in.
TEMPLATES: tuple[tuple[str, str, str], ...] = (
    (FeatureKind.COMMENTARY, "Audio commentary with director {director}", "director"),
    (FeatureKind.COMMENTARY, "Audio commentary with {actor} and {actor2}", "actors"),
    (FeatureKind.COMMENTARY, "Commentary by film historian {someone}", ""),
    (FeatureKind.INTERVIEW, "Interview with {actor}", "actor"),
    (FeatureKind.INTERVIEW, "{director} on {film}", "director"),
    (FeatureKind.AUDIO_INTERVIEW, "Archival audio interview with {director}", "director"),
    (FeatureKind.FEATURETTE, "Behind the Scenes", ""),
    (FeatureKind.FEATURETTE, "The Look of {film}", ""),
    (FeatureKind.FEATURETTE, "Designing the {noun}", ""),
    (FeatureKind.FEATURETTE, "Scoring {film}", ""),
    (FeatureKind.FEATURETTE, "The Visual Effects of {film}", ""),
    (FeatureKind.DOCUMENTARY, "The Making of {film}", ""),
    (FeatureKind.DOCUMENTARY, "{film}: A Retrospective", ""),
    (FeatureKind.DELETED_SCENES, "Deleted Scenes", ""),
    (FeatureKind.DELETED_SCENES, "Extended Scenes", ""),
    (FeatureKind.TRAILER, "Teaser Trailer", ""),
    (FeatureKind.TV_SPOTS, "TV Spots", ""),
    (FeatureKind.STILL_GALLERY, "Poster and Still Gallery", ""),
    (FeatureKind.SHORT, "{adjective} {noun} (short film)", ""),
    (FeatureKind.RESTORATION, "Restoration Demonstration", ""),
    (FeatureKind.OTHER, "Isolated Score Track", ""),
    (FeatureKind.OTHER, "Trivia Track", ""),
)
# Seconds, (low, high) by kind; None: no running time (a gallery, a track).
DURATIONS: dict[str, tuple[int, int] | None] = {
    FeatureKind.COMMENTARY: (5_400, 8_400),
    FeatureKind.INTERVIEW: (300, 1_800),
    FeatureKind.AUDIO_INTERVIEW: (600, 2_400),
    FeatureKind.FEATURETTE: (180, 1_500),
    FeatureKind.DOCUMENTARY: (1_200, 5_400),
    FeatureKind.DELETED_SCENES: (120, 1_200),
    FeatureKind.TRAILER: (60, 180),
    FeatureKind.TV_SPOTS: (60, 300),
    FeatureKind.STILL_GALLERY: None,
    FeatureKind.SHORT: (300, 1_500),
    FeatureKind.RESTORATION: (120, 600),
    FeatureKind.OTHER: None,
}


@dataclass(frozen=True)
class Concept:
    """One feature of a title, whichever of its editions carry it."""

    kind: str
    title: str
    seconds: int | None
    people: tuple[tuple[int, str], ...] = ()  # (person id, role)


TRAILER_TITLE = "Theatrical Trailer"
RESTORATION = Concept(FeatureKind.RESTORATION, "A New 4K Restoration", 420)


@dataclass
class EditionRows:
    """What one film's editions add to each table."""

    editions: list[tuple[Any, ...]] = field(default_factory=list)
    features: list[tuple[Any, ...]] = field(default_factory=list)
    people: list[tuple[Any, ...]] = field(default_factory=list)


def format_for(rnd: random.Random, year: int) -> str:
    for first, last, weights in ERAS:
        if first <= year <= last:
            return rnd.choices(list(weights), weights=list(weights.values()))[0]
    raise ValueError(year)


def edition_count(rnd: random.Random, film: Film) -> int:
    """1–6, more for popular films (a binomial whose chance grows with popularity): about
    half the films with editions have one or two, the most popular three to six."""
    chance = 0.05 + 0.4 * film.popularity**2
    return 1 + sum(rnd.random() < chance for _ in range(MOST_EDITIONS - 1))


def _concepts(rnd: random.Random, film: Film) -> list[Concept]:
    """The film's possible extras, in the order editions take them up, all different by the
    site's own matching key."""
    directors, actors = film.directors[:1], film.actors
    seen = {feature_key(FeatureKind.TRAILER, TRAILER_TITLE)}
    concepts = []
    for kind, pattern, who in rnd.sample(TEMPLATES, len(TEMPLATES)):
        people: tuple[tuple[int, str], ...] = ()
        if who == "director":
            if not directors:
                continue
            people = ((directors[0][0], "director"),)
        elif who == "actor":
            if not actors:
                continue
            people = ((rnd.choice(actors)[0], "actor"),)
        elif who == "actors":
            if len(actors) < 2:
                continue
            people = ((actors[0][0], "actor"), (actors[1][0], "actor"))
        name = dict([*directors, *actors])
        text = pattern.format(
            film=film.name,
            director=name[people[0][0]] if who == "director" else "",
            actor=name[people[0][0]] if who in {"actor", "actors"} else "",
            actor2=name[people[1][0]] if who == "actors" else "",
            someone=names.person_name(rnd.randrange(2_000)),
            adjective=rnd.choice(names.ADJECTIVES),
            noun=rnd.choice(names.NOUNS),
        )
        key = feature_key(kind, text)
        if key in seen:
            continue
        seen.add(key)
        span = DURATIONS[kind]
        concepts.append(Concept(kind, text, rnd.randint(*span) if span else None, people))
    return concepts


def _variant(rnd: random.Random, concept: Concept) -> str:
    """The title as this edition prints it: now and then with or without a leading "The",
    which the site's matching ignores."""
    title = concept.title
    if rnd.random() >= 0.08:
        return title
    return title[4:] if title.startswith("The ") else f"The {title}"


@dataclass(frozen=True)
class _Plan:
    year: int
    day: str
    precision: str
    format: str
    name: str
    extras: list[Concept]


def _dates(rnd: random.Random, film: Film, count: int) -> list[tuple[str, str, bool]]:
    """(ISO date, precision, out the same day as the previous edition) for each edition,
    oldest first; a film of last year has had time for two at most."""
    if film.year < FIRST_HOME_VIDEO_YEAR:
        first = rnd.randint(1980, 1996)
    else:
        first = min(film.year + rnd.randint(0, 1), RELEASE_YEAR_LAST)
    count = min(count, 2 + RELEASE_YEAR_LAST - first)
    years = [first] + [rnd.randint(first, RELEASE_YEAR_LAST) for _ in range(count - 1)]
    days = sorted(day_in(rnd, year, precision_pick(rnd, year)) for year in years)
    return [
        (day, precision, n > 0 and rnd.random() < 0.25) for n, (day, precision) in enumerate(days)
    ]


def _name(rnd: random.Random, film: Film, year: int, fmt: str, *, first: bool) -> str:
    tape = fmt in {VHS, LD}
    if first:
        return rnd.choice(FIRST_TAPE_NAMES if tape else FIRST_DISC_NAMES)
    age = year - film.year
    if age in ANNIVERSARIES and rnd.random() < 0.7:
        return f"{age}th Anniversary Edition"
    if rnd.random() < 0.2:
        return "Standard Edition"
    return rnd.choice(TAPE_NAMES if tape else SPECIAL_NAMES)


def _fit(fmt: str, extras: list[Concept]) -> list[Concept]:
    """A tape held a trailer and a featurette at most; no edition more than a disc's worth."""
    return extras[:1] if fmt == VHS else extras[: MOST_FEATURES - 1]


def _plans(rnd: random.Random, film: Film, count: int) -> list[_Plan]:
    """Each edition's date, format, name and extras (the trailer comes on top of them)."""
    pool = _concepts(rnd, film)
    plans: list[_Plan] = []
    used: list[Concept] = []

    def take(wanted: int) -> list[Concept]:
        fresh = [c for c in pool if c not in used][:wanted]
        used.extend(fresh)
        return fresh

    for n, (day, precision, same_day) in enumerate(_dates(rnd, film, count)):
        year = int(day[:4])
        if same_day and plans:
            # The same release on another format, the same day: the same extras, at times
            # one or two exclusive.
            previous = plans[-1]
            taken = {plan.format for plan in plans if plan.day == previous.day}
            formats = [
                f
                for f, (low, high) in FORMAT_YEARS.items()
                if low <= previous.year <= high and f not in taken
            ]
            if formats:
                fmt = rnd.choice(formats)
                extras = _fit(fmt, previous.extras + take(rnd.choice((0, 0, 1, 2))))
                plans.append(
                    _Plan(
                        previous.year, previous.day, previous.precision, fmt, previous.name, extras
                    )
                )
                continue
        fmt = format_for(rnd, year)
        name = _name(rnd, film, year, fmt, first=n == 0)
        if n == 0:
            extras = take({VHS: 0, LD: rnd.randint(0, 2)}.get(fmt, rnd.randint(0, 4)))
        else:
            carried = plans[-1].extras
            kept = [c for c in carried if rnd.random() < 0.8]
            back = [c for c in used if c not in carried and rnd.random() < 0.15]
            wanted = rnd.randint(0, 1) if name == "Standard Edition" else rnd.randint(1, 5)
            extras = kept + back + take(wanted)
        if fmt == UHD and rnd.random() < 0.6:
            extras = [c for c in extras if c != RESTORATION] + [RESTORATION]
        plans.append(_Plan(year, day, precision, fmt, name, _fit(fmt, extras)))
    return plans


@dataclass
class EditionIds:
    """The next free id of each table with explicit ids."""

    edition: int
    feature: int


def edition_rows(
    rnd: random.Random, film: Film, count: int, labels: list[int], ids: EditionIds
) -> EditionRows:
    """`count` editions of `film` with their features and the people in them."""
    rows = EditionRows()
    trailer = Concept(FeatureKind.TRAILER, TRAILER_TITLE, rnd.randint(90, 150))
    country, _share, board, ratings, language = rnd.choices(
        COUNTRIES, weights=[c[1] for c in COUNTRIES]
    )[0]
    rating = rnd.choice(ratings)
    ratio = rnd.choice(("1.85:1", "2.39:1") if film.year >= 1970 else ("1.37:1", "1.66:1"))
    slugs: set[str] = set()
    for plan in _plans(rnd, film, count):
        probe = Edition(name=plan.name, format=plan.format, release_date=date(plan.year, 1, 1))
        base = edition_base_slug(probe)
        slug = numbered(base, slugs)
        slugs.add(slug)
        region = _region(plan.format, country)
        audio = list(AUDIO[plan.format])
        subtitles = []
        if plan.format not in {VHS, LD}:
            subtitles = ["English SDH", language] if language else ["English SDH"]
            if language:
                audio.append(f"{language} Dolby Digital 5.1")
        hd = plan.format in {BD, UHD}
        label = rnd.choice(labels)
        rows.editions.append(
            (
                ids.edition,
                film.id,
                plan.name,
                slug,
                label,
                plan.format,
                plan.day,
                plan.precision,
                country,
                region,
                gtin(rnd) if plan.format != VHS or rnd.random() < 0.5 else "",
                f"{_prefix(label)}-{rnd.randint(1_000, 99_999)}",
                (2 if hd and rnd.random() < 0.5 else 1) if plan.format != VHS else 1,
                board,
                rating,
                rnd.choice(TRANSFERS) if hd and rnd.random() < 0.6 else "",
                "1.33:1" if plan.format == VHS and plan.name != "Widescreen Edition" else ratio,
                "\n".join(audio),
                "\n".join(subtitles),
                "Steelbook" if plan.name == "Steelbook" else PACKAGING[plan.format],
            )
        )
        features = [*plan.extras, trailer]
        for order, concept in enumerate(features, start=1):
            title = concept.title if concept is trailer else _variant(rnd, concept)
            rows.features.append(
                (ids.feature, ids.edition, order, title, concept.kind, concept.seconds)
            )
            for place, (person_id, role) in enumerate(concept.people):
                rows.people.append((ids.feature, person_id, role, place))
            ids.feature += 1
        ids.edition += 1
    return rows


def _region(fmt: str, country: str) -> str:
    if fmt == DVD:
        return "1" if country == "US" else "2"
    if fmt == BD:
        return "A" if country == "US" else "B"
    return "free" if fmt == UHD else ""


def _prefix(label: int) -> str:
    """A label's catalogue-number prefix: the same for all its editions."""
    letters = "ABCDEFGHJKLMNPRSTVWXYZ"
    return letters[label % len(letters)] + letters[label * 7 % len(letters)] + "V"
