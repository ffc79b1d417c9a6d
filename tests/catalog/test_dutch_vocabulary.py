"""The Dutch site, all of it: every public page, rendered in Dutch through the real test
client over the demo catalogue (plus one film that uses every word of every controlled
vocabulary), shows no catalogue vocabulary in English.

"Known English" is a fixed list of words a Dutch page must never show (written down here,
independent of the code under test), joined with every entry of the site's vocabularies
(genres, jobs, departments, kinds, release types, company roles, stock video names, CLDR's
country and language names) whose English differs from its Dutch. Words that read the same
in both languages ("Horror", "Drama", "Trailer", "Canada") are not English on a Dutch page.

What the catalogue holds as free text (titles, names, characters, plots, companies, a
video's own name) is data, not vocabulary: it is cut out of the page before the search, and
so is anything an element declares to be in another language (`lang="en"`: the language
switcher's "English", a plot the catalogue only has in English).

Form errors are checked by comparison instead: each error shown in Dutch must differ from
the same error shown in English, whatever its wording.
"""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cinemeter.catalog import services
from cinemeter.catalog.models import (
    AlternativeTitle,
    Company,
    CompanyCredit,
    CompanyRole,
    Country,
    Credit,
    Department,
    Genre,
    Person,
    ReleaseDate,
    ReleaseType,
    Title,
    TitleKind,
    TitlePlot,
    Video,
    VideoKind,
    VideoProvider,
)
from cinemeter.catalog.vocabulary import (
    GENERIC_VIDEO_NAME,
    GENRES,
    JOBS,
    RELEASE_NOTES,
    VIDEO_NAMES,
    country_name,
    language_name,
)
from tests.accounts.factories import PASSWORD, MemberFactory
from tests.community.factories import cast

# Written down by hand: what issue 15 saw, and the words of each vocabulary whose Dutch
# differs. The list below it adds the rest of each vocabulary as the code defines it.
KNOWN_ENGLISH = {
    # genres
    "Action", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Documentary",
    "Family", "History", "Music", "Mystery", "News", "Romance", "Sci-Fi", "War",
    # countries and languages
    "United States", "United Kingdom", "Germany", "France", "English", "French",
    "German", "Japanese",
    # departments and jobs
    "Directing", "Writing", "Editing", "Art direction", "Music & sound", "Costume & make-up",
    "Visual effects", "Director", "Writer", "Screenplay", "Story", "Novel", "Characters",
    "Composer", "Original Music Composer", "Director of Photography", "Editor",
    "Production Design", "Costume Design", "Executive Producer",
    # release types and notes, company roles
    "Theatrical", "Digital", "Physical", "Limited", "Production", "Distribution", "Sales",
    "Special effects",
    # videos and kinds
    "Official trailer", "Official Trailer", "Official teaser", "TV spot", "Clip", "Movie",
    "TV movie", "Season", "Episode",
}  # fmt: skip

# English words that are Dutch words too: "Series" is the plural of "serie".
ALSO_DUTCH = {"Series"}
# The site's languages, which its language choices name in themselves ("English", "Nederlands").
SITE_LANGUAGES = {code for code, _ in settings.LANGUAGES}

COUNTRIES = ("US", "GB", "DE", "FR", "JP")
LANGUAGES = ("en", "fr", "de", "ja")


def _vocabulary_in_english_and_dutch() -> list[tuple[str, str]]:
    labels = [
        *GENRES.values(),
        *JOBS.values(),
        *RELEASE_NOTES.values(),
        *VIDEO_NAMES.values(),
        *(choice.label for choice in Department),
        *(choice.label for choice in TitleKind),
        *(choice.label for choice in ReleaseType),
        *(choice.label for choice in CompanyRole),
        *(choice.label for choice in VideoKind),
    ]
    pairs = []
    for label in labels:
        with translation.override("en"):
            english = str(label)
        with translation.override("nl"):
            pairs.append((english, str(label)))
    for code in COUNTRIES:
        pairs.append((country_name(code, language="en"), country_name(code, language="nl")))
    for code in LANGUAGES:
        pairs.append((language_name(code, "en"), language_name(code, "nl")))
    return pairs


def english_words() -> set[str]:
    """Every known-English word whose Dutch differs (a Dutch word that is also English,
    such as the kind "Short" against the genre "Korte film", is not forbidden)."""
    pairs = _vocabulary_in_english_and_dutch()
    dutch = {nl for _, nl in pairs}
    return ({en for en, nl in pairs if en != nl} | KNOWN_ENGLISH) - dutch - ALSO_DUTCH


class _Text(HTMLParser):
    """The text a reader sees or hears (alt, title, aria-label, description), leaving out
    scripts, styles, whatever an element marks as another language than Dutch, and the
    choices of a site language, each named in itself."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    SPOKEN = ("alt", "title", "aria-label", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def _foreign(self) -> bool:
        return any(foreign for _, foreign in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or ""
        foreign = (
            tag in {"script", "style"}
            or (bool(lang) and not lang.startswith("nl"))
            or (tag == "option" and values.get("value") in SITE_LANGUAGES)
        )
        if not foreign and not self._foreign():
            self.parts.extend(values[a] or "" for a in self.SPOKEN if a in values)
            if tag == "meta" and values.get("name") == "description":
                self.parts.append(values.get("content") or "")
        if tag == "input" and values.get("value") in SITE_LANGUAGES:
            # A language's checkbox or radio button: its label names the language in itself.
            for index in range(len(self.stack) - 1, -1, -1):
                if self.stack[index][0] == "label":
                    self.stack[index] = ("label", True)
                    break
        if tag not in self.VOID:
            self.stack.append((tag, foreign))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._foreign():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.parts)


def catalogue_data() -> list[str]:
    """The catalogue's own free text, longest first: data a page may show as written."""
    data: set[str] = set()
    data.update(*Title.objects.values_list("title", "original_title", "tagline", "plot"))
    data.update(TitlePlot.objects.values_list("plot", flat=True))
    data.update(*Person.objects.values_list("name", "biography", "birth_place"))
    data.update(Credit.objects.values_list("character", flat=True))
    data.update(Company.objects.values_list("name", flat=True))
    data.update(AlternativeTitle.objects.values_list("name", flat=True))
    # A video's own name is data; a stock name ("Official Trailer") is vocabulary. So is a
    # release's own note ("Showtime"), but not one the importers write ("Limited").
    videos = Video.objects.values_list("name", flat=True)
    data.update(n for n in videos if not GENERIC_VIDEO_NAME.match(n))
    notes = ReleaseDate.objects.values_list("note", flat=True)
    data.update(n for n in notes if n not in RELEASE_NOTES)
    parts = {part for text in data if text for part in text.split(" / ")}
    return sorted((p for p in parts if p), key=len, reverse=True)


def english_in(html: str, words: set[str], data: list[str]) -> list[str]:
    text = visible_text(html)
    for text_of_data in data:
        text = text.replace(text_of_data, " ")
    return sorted(
        word for word in words if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
    )


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def vocabulary_film(demo):
    """Beside the demo catalogue, a film that uses every genre, department, common job,
    release type, company role and video kind, shot in five countries, in French."""
    genres = [Genre.objects.get_or_create(name=n, defaults={"slug": n.lower()})[0] for n in GENRES]
    countries = [
        Country.objects.get_or_create(code=code, defaults={"name": code})[0] for code in COUNTRIES
    ]
    film = services.title_create(
        kind=TitleKind.MOVIE,
        title="Le Vocabulaire",
        year=1999,
        release_date=datetime.date(1999, 5, 12),
        original_language="fr",
        genres=genres,
        countries=countries,
    )
    person = services.person_create(name="Agnès Exemple")
    jobs = iter(JOBS)
    for department in Department:
        if department == Department.ACTING:
            services.credit_add(title=film, person=person, department=department, character="Elle")
            continue
        for job in [next(jobs) for _ in range(3)]:
            services.credit_add(title=film, person=person, department=department, job=job)
    for job in jobs:
        services.credit_add(title=film, person=person, department=Department.CREW, job=job)
    for number, release_type in enumerate(ReleaseType):
        ReleaseDate.objects.create(
            title=film,
            country=countries[number % len(countries)],
            type=release_type,
            date=datetime.date(1999, 5, 12 + number),
            note="Limited" if number == 1 else "",
        )
    for role in CompanyRole:
        company = Company.objects.create(name=f"Société {role.value}", slug=f"soc-{role.value}")
        CompanyCredit.objects.create(title=film, company=company, role=role)
    # Stock names, and one of the video's own (the interview's).
    names = ["Official Trailer", "Teaser 2", "TV Spot", "Clip", "Featurette", "Agnès on words"]
    for number, (video_kind, name) in enumerate(zip(VideoKind, names, strict=True)):
        Video.objects.create(
            title=film,
            kind=video_kind,
            name=name,
            provider=VideoProvider.YOUTUBE,
            key=f"vocab{number}",
            language=LANGUAGES[number % len(LANGUAGES)],
        )
    return film


@pytest.fixture
def dutch_site(vocabulary_film):
    member = MemberFactory.create(username="lezer", preferred_language="nl")
    for title in Title.objects.filter(parent__isnull=True)[:4]:
        cast(member, title, "3.5")
    cast(member, vocabulary_film, "4.0")
    return member


def _public_pages(member, film) -> list[str]:
    show = Title.objects.filter(kind=TitleKind.SERIES).first()
    season = Title.objects.filter(kind=TitleKind.SEASON).first()
    episode = Title.objects.filter(kind=TitleKind.EPISODE).first()
    movie = Title.objects.get(slug="escape-from-la-1996")
    assert show is not None
    assert season is not None
    assert episode is not None
    titles = [movie, film, show, season, episode]
    people = [Person.objects.get(name="John Carpenter"), Person.objects.get(name="Agnès Exemple")]
    genre = Genre.objects.get(name="Sci-Fi")
    return [
        "/",
        *(title.get_absolute_url() for title in titles),
        *(reverse("catalog:title-credits", args=[title.slug]) for title in titles),
        *(reverse("catalog:title-media", args=[title.slug]) for title in (movie, film)),
        *(reverse("catalog:title-videos", args=[title.slug]) for title in (movie, film)),
        *(person.get_absolute_url() for person in people),
        reverse("catalog:browse"),
        genre.get_absolute_url(),
        Country.objects.get(code="US").get_absolute_url(),
        reverse("catalog:browse-decade", args=[1990]),
        reverse("catalog:browse-year", args=[1999]),
        reverse("community:profile", args=[member.username]),
        reverse("accounts:login"),
        reverse("accounts:register"),
    ]


def _dutch(client: Client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="nl">' in html, url
    return html


def test_the_word_list_reads_english_and_finds_it():
    """The check itself: an English page is caught, the same words in Dutch are not."""
    words = english_words()
    assert {"Action", "Sci-Fi", "United States", "Official trailer", "Directing"} <= words
    assert not {"Horror", "Drama", "Trailer", "Canada", "Fantasy"} & words
    english = '<p>Action / Sci-Fi · <a href="/c/us/">United States</a></p><p>Directing</p>'
    assert english_in(english, words, []) == ["Action", "Directing", "Sci-Fi", "United States"]
    dutch = "<p>Actie / Sciencefiction · Verenigde Staten</p><p>Regie</p>"
    assert english_in(dutch, words, []) == []
    # Declared foreign text and the catalogue's own data are not vocabulary.
    foreign = '<button lang="en">English</button><div lang="en">War</div><td>Action Man</td>'
    assert english_in(foreign, words, ["Action Man"]) == []


def test_every_public_page_in_dutch_shows_no_english_vocabulary(client, dutch_site):
    film = Title.objects.get(title="Le Vocabulaire")
    words = english_words()
    data = catalogue_data()
    found = {}
    for url in _public_pages(dutch_site, film):
        english = english_in(_dutch(client, url), words, data)
        if english:
            found[url] = english
    # And the same pages for a member, whose panels are rendered per request.
    member_client = Client()
    member_client.force_login(dutch_site)
    for url in [film.get_absolute_url(), reverse("accounts:settings")]:
        english = english_in(_dutch(member_client, url), words, data)
        if english:
            found[f"{url} (member)"] = english
    assert found == {}, found


def test_the_dutch_pages_show_the_vocabulary_in_dutch(client, dutch_site):
    """Not only is the English gone: the Dutch words are there (the check above would also
    pass on a page that showed nothing)."""
    film = Title.objects.get(title="Le Vocabulaire")
    page = visible_text(_dutch(client, film.get_absolute_url()))
    for word in ("Actie", "Sciencefiction", "Verenigde Staten", "Frans", "Japan", "Bioscoop",
                 "Beperkt", "Distributie", "Officiële trailer", "Teaser 2", "Tv-spot"):  # fmt: skip
        assert word in page, word
    credits = visible_text(_dutch(client, reverse("catalog:title-credits", args=[film.slug])))
    for word in ("Regie", "Regisseur", "Scenario", "Cinematograaf", "Decor", "Kostuumontwerp"):
        assert word in credits, word
    browse = visible_text(_dutch(client, reverse("catalog:browse")))
    facets = browse.split("Landen", 1)[1]
    # Sorted by their Dutch names: "Verenigde Staten" under V, after "Japan".
    assert facets.index("Japan") < facets.index("Verenigde Staten")


def _errors(html: str) -> list[str]:
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, flags=re.S)
    return [" ".join(visible_text(block).split()) for block in found]


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("accounts:login", {"username": "lezer", "password": "wrong"}),
        (
            "accounts:register",
            {"username": "x", "email": "not-an-address", "password1": "a", "password2": "b"},
        ),
    ],
)
def test_form_errors_are_dutch(client, dutch_site, url, data):
    errors = {}
    for language in ("en", "nl"):
        response = client.post(reverse(url), data, HTTP_ACCEPT_LANGUAGE=language)
        errors[language] = _errors(response.content.decode())
    assert errors["nl"], "the form showed no errors"
    assert len(errors["nl"]) == len(errors["en"])
    for dutch, english in zip(errors["nl"], errors["en"], strict=True):
        assert dutch != english, dutch


def test_the_log_in_lock_is_dutch(client, dutch_site, settings):
    for _ in range(settings.ACCOUNTS_LOGIN_FAILURES_ALLOWED):
        client.post(reverse("accounts:login"), {"username": "lezer", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"),
        {"username": "lezer", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    minutes = settings.ACCOUNTS_LOGIN_FAILURE_WINDOW // 60
    html = response.content.decode()
    assert f"Inloggen op dit account is {minutes} minuten gepauzeerd" in html
    assert "paused" not in html
