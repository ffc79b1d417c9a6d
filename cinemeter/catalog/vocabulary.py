"""The catalogue's controlled words in the reader's language.

The catalogue stores genres, jobs, generic video names and release notes in English, as the
sources bring them (the site's genre names are IMDb's; the importers map TMDb's and
MovieLens's onto them). Those words come from short, closed lists, so they are translated
through the gettext catalogues: each list below holds the canonical English name as msgid,
with a context that keeps "Short" (the genre) apart from "Short" (the kind) for translators.
A word outside the lists is data, shown as written. The lookups are dictionary reads on
translations Django already holds per language: no query, nothing to invalidate.

Country and language names are not listed here: CLDR, through Babel, names every ISO code
in every language, better than a list kept by hand (`country_name`, `language_name`).

This module imports no model, so the models can use it for their display properties.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy, to_locale

# The site's genres: IMDb's list, which every importer maps onto.
GENRES: dict[str, Promise] = {
    "Action": pgettext_lazy("genre", "Action"),
    "Adult": pgettext_lazy("genre", "Adult"),
    "Adventure": pgettext_lazy("genre", "Adventure"),
    "Animation": pgettext_lazy("genre", "Animation"),
    "Biography": pgettext_lazy("genre", "Biography"),
    "Comedy": pgettext_lazy("genre", "Comedy"),
    "Crime": pgettext_lazy("genre", "Crime"),
    "Documentary": pgettext_lazy("genre", "Documentary"),
    "Drama": pgettext_lazy("genre", "Drama"),
    "Family": pgettext_lazy("genre", "Family"),
    "Fantasy": pgettext_lazy("genre", "Fantasy"),
    "Film-Noir": pgettext_lazy("genre", "Film-Noir"),
    "Game-Show": pgettext_lazy("genre", "Game-Show"),
    "History": pgettext_lazy("genre", "History"),
    "Horror": pgettext_lazy("genre", "Horror"),
    "Music": pgettext_lazy("genre", "Music"),
    "Musical": pgettext_lazy("genre", "Musical"),
    "Mystery": pgettext_lazy("genre", "Mystery"),
    "News": pgettext_lazy("genre", "News"),
    "Reality-TV": pgettext_lazy("genre", "Reality-TV"),
    "Romance": pgettext_lazy("genre", "Romance"),
    "Sci-Fi": pgettext_lazy("genre", "Sci-Fi"),
    "Short": pgettext_lazy("genre", "Short"),
    "Sport": pgettext_lazy("genre", "Sport"),
    "Talk-Show": pgettext_lazy("genre", "Talk-Show"),
    "Thriller": pgettext_lazy("genre", "Thriller"),
    "War": pgettext_lazy("genre", "War"),
    "Western": pgettext_lazy("genre", "Western"),
}

# Crew jobs: IMDb's categories as the importer names them, and TMDb's most common jobs.
# TMDb knows some 400 jobs; a rarer one is shown as the source wrote it.
JOBS: dict[str, Promise] = {
    "Director": pgettext_lazy("film job", "Director"),
    "Co-Director": pgettext_lazy("film job", "Co-Director"),
    "Assistant Director": pgettext_lazy("film job", "Assistant Director"),
    "Writer": pgettext_lazy("film job", "Writer"),
    "Screenplay": pgettext_lazy("film job", "Screenplay"),
    "Story": pgettext_lazy("film job", "Story"),
    "Novel": pgettext_lazy("film job", "Novel"),
    "Novella": pgettext_lazy("film job", "Novella"),
    "Short Story": pgettext_lazy("film job", "Short Story"),
    "Characters": pgettext_lazy("film job", "Characters"),
    "Adaptation": pgettext_lazy("film job", "Adaptation"),
    "Teleplay": pgettext_lazy("film job", "Teleplay"),
    "Creator": pgettext_lazy("film job", "Creator"),
    "Producer": pgettext_lazy("film job", "Producer"),
    "Co-Producer": pgettext_lazy("film job", "Co-Producer"),
    "Executive Producer": pgettext_lazy("film job", "Executive Producer"),
    "Associate Producer": pgettext_lazy("film job", "Associate Producer"),
    "Casting": pgettext_lazy("film job", "Casting"),
    "Casting Director": pgettext_lazy("film job", "Casting Director"),
    "Composer": pgettext_lazy("film job", "Composer"),
    "Original Music Composer": pgettext_lazy("film job", "Original Music Composer"),
    "Music": pgettext_lazy("film job", "Music"),
    "Sound Designer": pgettext_lazy("film job", "Sound Designer"),
    "Director of Photography": pgettext_lazy("film job", "Director of Photography"),
    "Editor": pgettext_lazy("film job", "Editor"),
    "Production Design": pgettext_lazy("film job", "Production Design"),
    "Production Designer": pgettext_lazy("film job", "Production Designer"),
    "Art Direction": pgettext_lazy("film job", "Art Direction"),
    "Set Decoration": pgettext_lazy("film job", "Set Decoration"),
    "Costume Design": pgettext_lazy("film job", "Costume Design"),
    "Makeup Artist": pgettext_lazy("film job", "Makeup Artist"),
    "Special Makeup Effects": pgettext_lazy("film job", "Special Makeup Effects"),
    "Special Effects Makeup": pgettext_lazy("film job", "Special Effects Makeup"),
    "Visual Effects Supervisor": pgettext_lazy("film job", "Visual Effects Supervisor"),
    "Stunt Coordinator": pgettext_lazy("film job", "Stunt Coordinator"),
    "Archive footage": pgettext_lazy("film job", "Archive footage"),
    "Archive sound": pgettext_lazy("film job", "Archive sound"),
}

# Notes the importers write on a release date themselves (TMDb's type 2, a limited run).
RELEASE_NOTES: dict[str, Promise] = {
    "Limited": pgettext_lazy("release", "Limited"),
}

# A video named only after its kind ("Official Trailer", "Teaser 2"): the sources' stock
# names, which say no more than the kind. Such a name is shown in the reader's language.
GENERIC_VIDEO_NAME = re.compile(
    r"^\s*(?P<official>official\s+)?(?P<kind>trailer|teaser|tv\s+spot|clip|featurette)"
    r"(?:\s*#?\s*(?P<number>\d{1,2}))?\s*$",
    re.IGNORECASE,
)
VIDEO_NAMES: dict[tuple[bool, str], Promise] = {
    (True, "trailer"): pgettext_lazy("video", "Official trailer"),
    (True, "teaser"): pgettext_lazy("video", "Official teaser"),
    (True, "tv spot"): pgettext_lazy("video", "Official TV spot"),
    (True, "clip"): pgettext_lazy("video", "Official clip"),
    (True, "featurette"): pgettext_lazy("video", "Official featurette"),
    (False, "trailer"): pgettext_lazy("video", "Trailer"),
    (False, "teaser"): pgettext_lazy("video", "Teaser"),
    (False, "tv spot"): pgettext_lazy("video", "TV spot"),
    (False, "clip"): pgettext_lazy("video", "Clip"),
    (False, "featurette"): pgettext_lazy("video", "Featurette"),
}


def genre_name(name: str) -> str:
    """A genre's name in the reader's language ("Actie" for "Action" in Dutch)."""
    return str(GENRES.get(name, name))


def job_name(job: str) -> str:
    """A crew job in the reader's language when it is a common one; else as written."""
    return str(JOBS.get(job, job))


def release_note(note: str) -> str:
    return str(RELEASE_NOTES.get(note, note))


def video_name(name: str) -> str:
    """A video's name; a stock name ("Official Trailer 2") in the reader's language."""
    match = GENERIC_VIDEO_NAME.match(name)
    if match is None:
        return name
    kind = re.sub(r"\s+", " ", match["kind"].lower())
    label = str(VIDEO_NAMES[bool(match["official"]), kind])
    return f"{label} {match['number']}" if match["number"] else label


# Codes the sources use that ISO 639 does not: TMDb writes Cantonese as "cn".
SOURCE_LANGUAGE_CODES = {"cn": "yue"}


@lru_cache(maxsize=16)
def _cldr(language: str) -> Locale | None:
    try:
        return Locale.parse(to_locale(language))
    except (UnknownLocaleError, ValueError):
        return None


def country_name(code: str, fallback: str = "", language: str | None = None) -> str:
    """A country's name in the reader's language from CLDR ("Verenigde Staten" for "US");
    `fallback` (the catalogue's own name) for a code CLDR does not know.
    """
    cldr = _cldr(language or get_language())
    name: str | None = cldr.territories.get(code.upper()) if cldr and code else None
    return name or fallback or code


def language_name(code: str, language: str | None = None) -> str:
    """A language's name in the reader's language from CLDR ("Engels" for "en"); the code
    itself for one CLDR does not know (TMDb's "xx", no language).
    """
    cldr = _cldr(language or get_language())
    if cldr is None or not code:
        return code
    base, _, region = code.replace("_", "-").partition("-")
    base = SOURCE_LANGUAGE_CODES.get(base.lower(), base)
    # "pt-BR" is "Brazilian Portuguese" where CLDR has a name for it, else "Portuguese".
    candidates = [f"{base.lower()}_{region.upper()}", base.lower()] if region else [base.lower()]
    name: str | None = next((cldr.languages[c] for c in candidates if c in cldr.languages), None)
    if not name:
        return code
    # CLDR writes language names as they stand mid-sentence ("anglais"); here one stands alone.
    return name[:1].upper() + name[1:]
