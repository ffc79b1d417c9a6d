"""Home-video parsing: the real samples' files in, frozen records out, no database used.

Every quirk the samples' PROVENANCE.md files list has a test here (on the real file that shows
it, and on a small document when the point is the rule itself); the counts were made from the
raw JSON by a separate throwaway script, not by this code.
"""

import datetime
import json
import shutil
from pathlib import Path

import pytest

from cinemeter.catalog.bulk import Ref
from cinemeter.ingest.sources.home_video import filmbrainz, thediscdb, values, wikidata
from cinemeter.ingest.sources.home_video.files import NOT_JSON, RELEASE_FOLDER, Walk
from cinemeter.ingest.sources.home_video.records import CompanyMention, ParseError
from tests.datasets import SHARED_DATA

HOME_VIDEO = SHARED_DATA / "home-video-sample"
RELEASES = HOME_VIDEO / "filmbrainz-seed" / "releases"
WIKIDATA = HOME_VIDEO / "wikidata"
DISCDB = SHARED_DATA / "thediscdb-sample"
MOVIES = DISCDB / "data" / "movie"
needs_home_video = pytest.mark.skipif(
    not RELEASES.is_dir(),
    reason=f"the home-video sample is not at {HOME_VIDEO} (see its PROVENANCE.md)",
)
needs_discdb = pytest.mark.skipif(
    not MOVIES.is_dir(), reason=f"the TheDiscDb sample is not at {DISCDB} (see its PROVENANCE.md)"
)


def release(name):
    path = RELEASES / name
    document = json.loads(path.read_text(encoding="utf-8"))
    return filmbrainz.parse_release(document, external_id=path.stem, file=name)


def discdb(folder):
    return thediscdb.load_release(MOVIES / folder, display=lambda p: p.name)


def item(path):
    return wikidata.parse_item(json.loads(path.read_text(encoding="utf-8")), file=path.name)


def filmbrainz_document(**changes):
    """A small release in filmbrainz's shape, with the quirks the real files have."""
    packaging: dict[str, object] = {
        "title": "Blown Away",
        "eti": "",
        "format": {"type": "DVD", "detail": "DVD9"},
        "label": "MGM/UA Home Video",
        "companies": [
            {"name": "Distributor", "role": "Warner Home Video (UK) Ltd.", "date": ""},
            {"name": "Content Copyright Holder", "role": "MGM Inc.", "date": "1994"},
        ],
        "gtin": "",
        "release": {"territory": "United Kingdom", "region": "NA"},
        **changes,
    }
    return {"packaging-attributes": packaging, "title-detail": {"titles": [{}]}}


# --- filmbrainz ------------------------------------------------------------------------------


@needs_home_video
def test_the_rescuers_bonus_features_are_titles_in_play_order():
    record = release("the_rescuers.dvd.5017188883498.json")
    # 19 titles: 6 "Bonus Feature - " and 5 "Sneak Peeks - " are features; the main feature,
    # menus, idents, the promo reel and the warning are not.
    assert [(f.kind, f.title, f.duration_seconds) for f in record.features] == [
        ("featurette", "Water Birds a Walt Disney True Life Adventure Featurette", 1586),
        ("short", "Three Blind Mouseketeers Animated Short", 504),
        ("other", "Someone's Waiting for You Sing-Along Song", 141),
        ("other", "Under the Hat Villains", 90),
        ("still-gallery", "The Rescuers Scrapbook", None),  # "00:00:00" is unknown
        ("other", "The Ultimate Case Game", None),
        # play-order 13 twice, then 14, 15, 16, 18 (17 skipped): the file's order is kept
        ("trailer", "Sneak Peeks - 100 Years of Magic", 97),
        ("trailer", "Sneak Peeks - The Emperor's New Groove", 80),
        ("trailer", "Sneak Peeks - Snow White and the Seven Dwarves", 52),
        ("trailer", "Sneak Peeks - Dinosaur", 115),
        ("trailer", "Sneak Peeks - The Hunchback of Nortre Dame II", 84),
    ]
    assert record.features[4].description == "Interactive slideshow"


@needs_home_video
def test_the_rescuers_main_feature_gives_the_edition_its_tracks():
    record = release("the_rescuers.dvd.5017188883498.json")
    assert record.film.name == "The Rescuers"
    assert record.film.year is None  # its copyright holder prints no date
    assert (record.name, record.format, record.disc_count) == ("DVD", "dvd", 1)
    assert (record.gtin, record.country_code, record.region_code) == ("5017188883498", "GB", "2")
    assert (record.classification_board, record.classification_rating) == ("BBFC", "U")
    assert record.part_number == "D888349"
    assert record.aspect_ratio == "1.66:1"
    assert record.audio_tracks == (
        "English AC3 5.1",
        "Spanish AC3 5.1",
        "Portuguese AC3 2.0",
        "Hebrew AC3 2.0",
        "Greek AC3 2.0",
        "English AC3 2.0 (audio description)",
    )
    assert record.subtitle_tracks == (
        "English",
        "Spanish",
        "Portuguese",
        "English (for the hearing impaired)",
    )
    assert record.label == "Disney DVD"
    assert record.external_id == "the_rescuers.dvd.5017188883498"


@needs_home_video
def test_swapped_company_fields_are_read_the_right_way_round():
    record = release("mr_deeds.dvd.5050582371710.json")
    # name "Distributor", role "Sony Pictures ... (as www.sphe.co.uk)": the role word decides.
    assert [(c.name, c.role) for c in record.companies] == [
        ("Sony Pictures Home Entertainment", "distribution")
    ]
    assert record.film.year == 2002  # the content copyright's date, not the packaging's 2005
    assert record.label == "Columbia Tristar Home Entertainment"
    # BBFC and IFO both rate it; a UK release shows the BBFC's.
    assert (record.classification_board, record.classification_rating) == ("BBFC", "12")


def test_companies_written_the_documented_way_round_read_the_same():
    document = filmbrainz_document(
        companies=[{"name": "Warner Home Video (UK) Ltd.", "role": "Distributor", "date": ""}]
    )
    record = filmbrainz.parse_release(document, external_id="x", file="x.json")
    assert [(c.name, c.role) for c in record.companies] == [
        ("Warner Home Video (UK) Ltd.", "distribution")
    ]


@needs_home_video
def test_empty_title_detail_leaves_packaging_data_only():
    deeds = release("mr_deeds.dvd.5050582371710.json")  # "titles": [{}]
    blown = release("blown_away.vhs.unknown.json")  # "title-detail": {}
    for record in (deeds, blown):
        assert record.features == ()
        assert (record.aspect_ratio, record.audio_tracks) == ("", ())
    assert (blown.format, blown.gtin, blown.disc_count) == ("vhs", "", None)  # under a sticker
    assert blown.region_code == ""  # "NA": not applicable
    assert blown.film.year == 1994
    assert blown.packaging == "VHS Oversized Clamshell"


@needs_home_video
def test_an_edition_text_names_the_edition():
    record = release("orange_county.dvd.5014437820334.json")
    assert record.name == "Widescreen Collection"
    assert record.companies == (
        CompanyMention("Paramount Home Entertainment (UK)", "distribution"),
    )
    assert record.film.year == 2002


def test_indexes_are_ints_strings_or_empty_and_play_order_repeats():
    document = filmbrainz_document()
    document["title-detail"] = {
        "titles": [
            {"play-order": 3, "index": "", "description": "Bonus Feature – Gallery of Stills"},
            {"play-order": "1", "index": "3", "description": "Main Feature - Blown Away"},
            {
                "play-order": 2,
                "index": 18,
                "description": "Bonus Feature - Trailer",
                "duration": "",
            },
            {"play-order": 2, "index": "x", "description": "Sneak Peeks — Rob Roy"},
            {"description": "Copyright Warning - English"},
        ]
    }
    record = filmbrainz.parse_release(document, external_id="x", file="x.json")
    assert [(f.kind, f.title) for f in record.features] == [
        ("other", "Trailer"),  # a bonus feature's kind comes from words it does not have here
        ("trailer", "Sneak Peeks — Rob Roy"),
        ("still-gallery", "Gallery of Stills"),
    ]
    assert record.features[0].duration_seconds is None
    assert values.whole_number("3") == 3
    assert values.whole_number(18) == 18
    assert values.whole_number("") is None


def test_a_barcode_with_the_documented_prefix_is_read():
    record = filmbrainz.parse_release(
        filmbrainz_document(gtin="EAN:3259190389397"), external_id="x", file="x.json"
    )
    assert record.gtin == "3259190389397"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"format": {"type": "Betamax"}}, "unknown format 'Betamax'"),
        ({"title": ""}, "packaging-attributes.title is empty"),
        ({"gtin": "12345"}, "is not a barcode"),
    ],
)
def test_a_release_that_cannot_be_imported_says_why(changes, reason):
    with pytest.raises(ParseError, match=reason):
        filmbrainz.parse_release(filmbrainz_document(**changes), external_id="x", file="x.json")


# --- TheDiscDb -------------------------------------------------------------------------------


@needs_discdb
def test_a_4k_set_is_one_edition_of_its_best_format_with_its_discs():
    record = discdb("2001 A Space Odyssey (1968)/2018-4k")
    assert record.external_id == "2001-a-space-odyssey-1968/2018-4k"
    assert record.film.refs == (Ref("tmdb_movie", "62"), Ref("imdb", "tt0062622"))
    assert (record.name, record.format, record.disc_count) == ("4K", "4k-uhd", 3)
    assert [(d.number, d.name, d.format) for d in record.discs] == [
        (1, "Blu-ray", "blu-ray"),  # written "Blu-Ray"
        (2, "Special Features", "blu-ray"),
        (3, "4K", "4k-uhd"),
    ]
    assert record.release_date == datetime.date(2018, 12, 18)
    assert (record.gtin, record.region_code, record.country_code) == ("883929671526", "1", "US")
    assert len(record.features) == 9  # Extra 8 and Trailer 1 on the Special Features disc
    assert record.features[-1].title == "Interview with Stanley Kubrick (11-21-1968)"
    assert record.features[-1].kind == "interview"


@needs_discdb
def test_format_spelled_two_ways_is_one_format():
    steelbook = discdb("8 Mile (2002)/2022-4k-steelbook")  # disc01 "Blu-Ray", disc02 "UHD"
    german = discdb("8 Mile (2002)/2009-blu-ray-german")  # disc01 "Blu-ray"
    assert [d.format for d in steelbook.discs] == ["blu-ray", "4k-uhd"]
    assert [d.format for d in german.discs] == ["blu-ray"]
    assert (steelbook.format, german.format) == ("4k-uhd", "blu-ray")
    assert steelbook.packaging == "Steelbook"  # its Groups
    # The same three extras are on both discs of the steelbook: listed once.
    assert [f.title for f in steelbook.features] == [
        '"Superman" Music Video - Uncensored',
        "The Making of 8 Mile",
        "Exclusive Rap Battles - Uncensored",
    ]


@needs_discdb
def test_german_types_and_titles():
    record = discdb("8 Mile (2002)/2009-blu-ray-german")
    # Subtitle tracks typed "Untertitel" (German MakeMKV) are subtitles; "fra"/"fre" one.
    assert "German" in record.subtitle_tracks
    assert len(record.subtitle_tracks) == len(set(record.subtitle_tracks)) == 14
    assert record.country_code == ""  # locale "de": a language, no country
    assert record.region_code == "B"
    assert [(f.kind, f.title) for f in record.features] == [
        ("other", '"Superman" Musikvideo - Unzensiert'),
        ("featurette", "Exklusive Rap-Battles - Unzensiert"),
        ("featurette", "Das Making Of von 8 Mile"),
    ]


def test_german_item_types_are_read():
    assert values.item_type("Hauptfilm", what="Type") == values.MAIN
    assert values.item_type("Entfallene Szenen", what="Type") == "deleted-scenes"
    assert values.item_type("Folge", what="Type") == values.EPISODE
    assert values.item_type("Extra", what="Type") is None  # decided by its title
    with pytest.raises(ParseError, match="unknown item type 'Hologram'"):
        values.item_type("Hologram", what="Type")


@needs_discdb
def test_a_disc_reference_reads_the_other_release_disc():
    anniversary = discdb("Die Hard (1988)/30th-anniversary-4k")
    blu_ray = discdb("Die Hard (1988)/2007-blu-ray")
    assert [(d.format, d.shared_from) for d in anniversary.discs] == [
        ("blu-ray", "movie/Die Hard (1988)/2007-blu-ray/disc01"),
        ("4k-uhd", ""),
    ]
    # The set's extras are the 2007 disc's: 1 Extra, 14 trailers and TV spots, 3 commentaries.
    assert anniversary.features == blu_ray.features
    assert len(blu_ray.features) == 18
    kinds = [f.kind for f in blu_ray.features]
    assert (kinds.count("commentary"), kinds.count("tv-spots"), kinds.count("trailer")) == (3, 7, 7)


@needs_discdb
def test_placeholder_dates_are_no_date_and_offsets_do_not_move_the_day():
    steelbook = discdb("The Fifth Element (1997)/The-Fifth-Element-UHD-steelbook")
    assert steelbook.release_date is None  # "0001-01-01T00:00:00+00:00"; its Year is the film's
    uhd = discdb("2012 (2009)/2012")
    assert uhd.release_date == datetime.date(2021, 1, 19)  # "2021-01-19T00:00:00+01:00"
    assert uhd.gtin == "043396572942"  # " 043396572942": a leading space
    assert uhd.name == "4K UHD Blu-ray"  # its title "2012" is only the film's name
    # The Fifth Element's metadata has no IMDb id: its TMDb id alone finds it.
    assert steelbook.film.refs == (Ref("tmdb_movie", "18"),)


@needs_discdb
def test_two_main_movies_and_a_picture_in_picture_cut():
    record = discdb("2012 (2009)/2010-blu-ray")
    # MainMovie twice: the film (its commentary track is a feature) and the picture-in-
    # picture cut, which is an extra.
    assert [(f.kind, f.title) for f in record.features] == [
        (
            "commentary",
            "English (Commentary with Writer/Director Roland Emmerich and Co-Writer Harald Kloser)",
        ),
        ("trailer", "Coming Soon Previews"),
        ("other", "2012 (Picture-In-Picture: Roland's Vision)"),
        ("featurette", "Alternate Ending"),
    ]
    assert record.audio_tracks[0] == "English DTS-HD Master Audio 5.1"


@needs_discdb
def test_armenian_full_stops_are_colons_and_furniture_is_no_feature():
    record = discdb("The Princess Bride (1987)/25th-anniversary-edition")
    titles = [f.title for f in record.features]
    assert "True Love: The Princess Bride Phenomenon: Entering The Zeitgeist" in titles
    assert not any("\u0589" in title for title in titles)
    # Other items: fox/dds/mgm logos, warnings, menu loop, blank, background, copyright are
    # the disc's furniture; the "live free or die hard ad" is an extra of its own.
    assert "live free or die hard ad" in titles
    assert not {"fox logo", "warning", "main menu loop", "blank"} & set(titles)
    assert len(record.features) == 17
    assert (record.format, record.disc_count) == ("blu-ray", 3)  # a Blu-ray and two DVD sides


@needs_discdb
def test_garbled_accents_are_repaired():
    disc = json.loads(
        (MOVIES / "Amélie (2001)/2011-blu-ray-en-gb/disc01.json").read_text(encoding="utf-8")
    )
    garbled = disc["Titles"][0]["Comment"]
    assert garbled == "AmÃ©lie_t00.mkv"
    assert values.clean_text(garbled) == "Amélie_t00.mkv"
    assert values.clean_text("Ãlvaro") == "Ãlvaro"  # looks odd, is not UTF-8 read as Latin-1


def test_a_garbled_item_title_is_imported_repaired():
    disc = {
        "Format": "Blu-ray",
        "Titles": [
            {"Duration": "0:12:47", "Item": {"Title": "The Look of AmÃ©lie", "Type": "Extra"}}
        ],
    }
    parsed = thediscdb.parse_disc(disc, number=1)
    assert [(f.kind, f.title, f.duration_seconds) for f in parsed.features] == [
        ("featurette", "The Look of Amélie", 767)
    ]


@needs_discdb
def test_a_series_tmdb_id_is_a_tv_id():
    record = thediscdb.load_release(
        DISCDB / "data/series/Firefly (2002)/2003-dvd-the-complete-series", display=str
    )
    assert record.film.refs == (Ref("tmdb_tv", "1437"), Ref("imdb", "tt0303461"))
    # 14 episodes are the content; the fourth disc's extras are features.
    assert len(record.features) == 11
    assert (record.format, record.disc_count) == ("dvd", 4)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("ExternalIds", {}, "no TMDb or IMDb id"),
        ("ExternalIds", {"Tmdb": "ten"}, "is not a TMDb id"),
        ("Slug", "", "no Slug"),
        ("Slug", "x" * 100, "Slug is longer than 99 characters"),
    ],
)
def test_metadata_without_a_usable_id_refuses(field, value, reason):
    document = {"Title": "X", "Type": "Movie", "Slug": "x-2000", "ExternalIds": {"Tmdb": "1"}}
    document[field] = value
    with pytest.raises(ParseError, match=reason):
        thediscdb.parse_metadata(document)


def test_a_disc_of_an_unknown_format_refuses():
    with pytest.raises(ParseError, match="unknown format 'HD DVD'"):
        thediscdb.parse_disc({"Format": "HD DVD", "Titles": []}, number=1)


@needs_discdb
def test_a_release_without_discs_has_no_format(tmp_path):
    folder = "300 (2007)/alexander-revisited--troy--300-triple-feature"
    with pytest.raises(ParseError, match="no disc files"):
        discdb(folder)
    copy = tmp_path / "data/movie/300 (2007)"
    shutil.copytree(MOVIES / "300 (2007)", copy)
    (copy / "4k-uhd" / "release.json").write_text('{"Title": "4K"}', encoding="utf-8")
    with pytest.raises(ParseError, match=r"release\.json has no Slug") as error:
        thediscdb.load_release(copy / "4k-uhd", display=lambda p: p.name)
    assert error.value.file == "release.json"


# --- Wikidata --------------------------------------------------------------------------------


@needs_home_video
def test_wikidata_items_give_ids_soundtracks_and_formats():
    blade_runner = item(WIKIDATA / "Q184843.json")
    assert blade_runner.label == "Blade Runner"
    assert blade_runner.refs == (
        Ref("imdb", "tt0083658"),
        Ref("tmdb_movie", "78"),
        Ref("wikidata", "Q184843"),
    )
    assert blade_runner.soundtracks == ("Q1187341",)
    assert blade_runner.formats == (("Q723685", "digital"),)
    inception = item(WIKIDATA / "Q25188.json")
    assert inception.soundtracks == ()
    assert inception.formats == (("Q5294", "dvd"), ("Q723685", "digital"))
    matrix = item(WIKIDATA / "Q83495.json")
    assert (matrix.soundtracks, matrix.refs[1]) == (("Q7750678",), Ref("tmdb_movie", "603"))


def test_a_wikidata_item_without_an_id_or_film_ids_refuses():
    statements = {"P345": [{"rank": "normal", "value": {"type": "value", "content": "tt0083658"}}]}
    with pytest.raises(ParseError, match="has no id"):
        wikidata.parse_item({"type": "item", "statements": statements}, file="x.json")
    with pytest.raises(ParseError, match="no IMDb or TMDb id"):
        wikidata.parse_item({"type": "item", "id": "Q1", "statements": {}}, file="x.json")
    deprecated = {"P345": [{"rank": "deprecated", "value": {"type": "value", "content": "tt1"}}]}
    with pytest.raises(ParseError, match="no IMDb or TMDb id"):
        wikidata.parse_item({"type": "item", "id": "Q1", "statements": deprecated}, file="x")


# --- finding the files -----------------------------------------------------------------------


@needs_discdb
def test_folders_are_read_recursively_and_each_release_once():
    walk = Walk(DISCDB)
    seen: set[Path] = set()
    units = list(walk.units(seen=seen))
    assert len(units) == 20  # release.json files
    assert {unit.kind for unit in units} == {RELEASE_FOLDER}
    assert (
        units[0].display
        == "thediscdb-sample/data/movie/2001 A Space Odyssey (1968)/2011-dvd/release.json"
    )
    assert walk.skipped == 2  # LICENSE, PROVENANCE.md
    # A file inside a folder already read adds nothing; metadata.json stands for its releases.
    again = Walk(MOVIES / "Die Hard (1988)" / "metadata.json")
    assert list(again.units(seen=seen)) == []
    fresh = Walk(MOVIES / "Die Hard (1988)" / "metadata.json")
    assert [u.path.name for u in fresh.units(seen=set())] == ["2007-blu-ray", "30th-anniversary-4k"]


def test_a_file_named_that_is_not_json_is_an_unknown_format(tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text("hello", encoding="utf-8")
    units = list(Walk(note).units(seen=set()))
    assert [(u.kind, u.display) for u in units] == [(NOT_JSON, "notes.txt")]
