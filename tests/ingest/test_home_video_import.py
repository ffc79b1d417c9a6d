"""`manage.py ingest_home_video` end to end on the real samples, on whichever database
DATABASE_URL names (the suite runs on SQLite and on PostgreSQL).

The catalogue the editions attach to is made by `ingest_tmdb` from the real TMDB 5000 rows of
the samples' films. Counts were made from the raw JSON by a separate throwaway script: 20
TheDiscDb releases, 19 with disc files, 222 distinct features on them (211 on the films'
18 releases, 11 on Firefly's); 6 filmbrainz files, 11 features on The Rescuers only.
"""

import json
import shutil
from datetime import date

import pytest
from django.core.management.base import CommandError

from cinemeter.catalog.models import (
    Company,
    CompanyCredit,
    ExternalId,
    ExternalSource,
    Title,
    TitleKind,
)
from cinemeter.catalog.services import external_id_set
from cinemeter.core.models import PageVersion
from cinemeter.ingest.models import ImportRun, ImportStatus
from cinemeter.releases.editions.models import (
    Edition,
    EditionExternalId,
    EditionFeature,
    TitleReleaseLink,
)
from cinemeter.releases.editions.selectors import title_editions
from tests.catalog.factories import TitleFactory
from tests.ingest.home_video import (
    DISCDB,
    DISCDB_FILMS,
    DISCDB_MOVIES,
    FILMBRAINZ,
    FILMBRAINZ_FILMS,
    WIKIDATA,
    WIKIDATA_FILMS,
    catalogue_of,
    counts,
    ingest,
    needs_samples,
    rejects_of,
)
from tests.releases.factories import edition

pytestmark = needs_samples

TRIPLE_FEATURE = (
    "thediscdb-sample/data/movie/300 (2007)/alexander-revisited--troy--300-triple-feature/"
    "release.json"
)
NO_DISCS = "no disc files (discNN.json): the release's format is unknown"


@pytest.fixture(autouse=True)
def rejects_dir(settings, tmp_path):
    settings.INGEST_REJECTS_DIR = tmp_path / "rejects"


def snapshot():
    """Every row the import writes, with ids and timestamps: a second run must touch none."""
    return {
        model.__name__: sorted(model._default_manager.values_list(), key=str)
        for model in (
            Edition,
            EditionFeature,
            EditionExternalId,
            TitleReleaseLink,
            ExternalId,
            Company,
            CompanyCredit,
            PageVersion,
        )
    }


def editions_by_title():
    """Each title's editions, oldest first (an undated one last on either database)."""
    found: dict[str, list[tuple[str, str, int]]] = {}
    editions = Edition.objects.select_related("title").order_by("id")
    for e in sorted(editions, key=lambda e: (e.release_date is None, e.release_date, e.pk)):
        found.setdefault(e.title.slug, []).append((e.name, e.format, e.features.count()))
    return found


# --- TheDiscDb -------------------------------------------------------------------------------


def test_every_release_of_the_known_films_becomes_an_edition(tmp_path):
    catalogue_of(tmp_path, DISCDB_FILMS, firefly=True)
    run, out = ingest(DISCDB)
    assert run.status == ImportStatus.SUCCEEDED
    assert counts(run) == (20, 19, 0, 0, 1)
    assert rejects_of(run) == [(TRIPLE_FEATURE, "1", NO_DISCS)]
    assert EditionFeature.objects.count() == 222
    assert EditionExternalId.objects.filter(source="thediscdb").count() == 19
    assert editions_by_title() == {
        "2001-a-space-odyssey-1968": [("DVD", "dvd", 2), ("4K", "4k-uhd", 9)],
        "2012-2009": [("Blu-ray", "blu-ray", 4), ("4K UHD Blu-ray", "4k-uhd", 2)],
        "300-2006": [("4K UHD", "4k-uhd", 21)],
        "8-mile-2002": [("Blu-ray German", "blu-ray", 3), ("4K Steelbook", "4k-uhd", 3)],
        "amelie-2001": [("Blu-ray", "blu-ray", 13), ("Steelbook Blu-ray", "blu-ray", 14)],
        "die-hard-1988": [("Blu-ray", "blu-ray", 18), ("30th Anniversary 4K", "4k-uhd", 18)],
        "escape-from-la-1996": [("4K", "4k-uhd", 0)],
        "escape-from-new-york-1981": [("Collector's Edition 4K", "4k-uhd", 11)],
        "the-fifth-element-1997": [("4K", "4k-uhd", 51), ("The Fifth Element UHD", "4k-uhd", 1)],
        "the-princess-bride-1987": [
            ("Special Edition DVD", "dvd", 5),
            ("25th Anniversary Edition", "blu-ray", 17),
            ("4K UHD Blu-ray", "4k-uhd", 19),
        ],
        "firefly-2002": [("The Complete Series DVD", "dvd", 11)],
    }
    assert "editions: created 19, updated 0, unchanged 0" in out
    assert "features: created 222, updated 0, unchanged 0" in out
    assert "Succeeded: read 20, created 19, updated 0, unchanged 0, rejected 1" in out


def test_new_and_drops_come_out_of_the_real_editions(tmp_path):
    catalogue_of(tmp_path, DISCDB_FILMS)
    ingest(DISCDB)
    die_hard = {ev.edition.name: ev for ev in title_editions("die-hard-1988").editions}
    # The 30th Anniversary set's Blu-ray is the 2007 disc (a .ref): nothing on it is new.
    assert (die_hard["Blu-ray"].new_count, die_hard["30th Anniversary 4K"].new_count) == (18, 0)
    odyssey = title_editions("2001-a-space-odyssey-1968").editions
    dvd, uhd = odyssey
    assert (dvd.edition.release_date, uhd.edition.release_date) == (
        date(2011, 3, 29),
        date(2018, 12, 18),
    )
    assert uhd.new_count == 8  # all but the theatrical trailer, which the DVD had
    assert [fv.feature.title for fv in uhd.features if not fv.is_new] == ["Theatrical Trailer"]
    assert [fv.feature.title for fv in uhd.drops] == ["Actor Commentary"]
    bride = title_editions("the-princess-bride-1987").editions
    assert [ev.new_count for ev in bride] == [5, 16, 15]
    assert [fv.feature.title for fv in bride[1].features if not fv.is_new] == [
        "Cary Elwes Video Diary"
    ]


def test_a_second_run_changes_nothing(tmp_path):
    catalogue_of(tmp_path, DISCDB_FILMS, firefly=True)
    ingest(DISCDB)
    before = snapshot()
    run, out = ingest(DISCDB)
    assert counts(run) == (20, 0, 0, 19, 1)
    assert "features: created 0, updated 0, unchanged 222" in out
    assert snapshot() == before  # not a row rewritten, not a page version bumped


def test_a_series_tmdb_id_is_not_a_movie_id(tmp_path):
    stranger = TitleFactory.create(title="Some 1437th film", year=2001)
    external_id_set(source=ExternalSource.TMDB_MOVIE, value="1437", title=stranger)
    run, _ = ingest(DISCDB / "data" / "series")
    assert counts(run) == (1, 0, 0, 0, 1)
    assert rejects_of(run) == [
        (
            "series/Firefly (2002)/2003-dvd-the-complete-series/release.json",
            "1",
            "its film (tmdb_tv:1437, imdb:tt0303461) is not in the catalogue: import it first "
            "(ingest_tmdb, ingest_imdb)",
        )
    ]
    assert not Edition.objects.exists()


def test_a_series_edition_belongs_to_the_series(tmp_path):
    catalogue_of(tmp_path, (), firefly=True)
    ingest(DISCDB / "data" / "series")
    firefly = Edition.objects.select_related("title").get()
    assert firefly.title.kind == TitleKind.SERIES
    assert (firefly.disc_count, firefly.gtin) == (4, "024543089292")
    kinds = sorted(firefly.features.values_list("kind", flat=True))
    assert kinds.count("deleted-scenes") == 4


def test_ids_that_name_two_titles_are_reported(tmp_path):
    catalogue_of(tmp_path, ("10061",))
    other = TitleFactory.create(title="Escape from L.A.", year=1996)
    external_id_set(source=ExternalSource.IMDB, value="tt0116225", title=other)
    run, out = ingest(DISCDB_MOVIES / "Escape from L.A (1996)")
    assert counts(run) == (1, 0, 0, 0, 1)
    [(_, _, reason)] = rejects_of(run)
    assert reason.startswith("its ids (tmdb_movie:10061, imdb:tt0116225) name different titles:")
    assert "1 ids that name two titles" in out


# --- filmbrainz ------------------------------------------------------------------------------


def test_filmbrainz_releases_find_their_films_by_title(tmp_path):
    catalogue_of(tmp_path, FILMBRAINZ_FILMS)
    TitleFactory.create(title="The Rescuers", year=1977)  # in the catalogue without any id
    run, out = ingest(FILMBRAINZ)
    assert counts(run) == (6, 3, 0, 0, 3)
    folder = "releases/"
    assert sorted(rejects_of(run)) == [
        (
            f"{folder}blown_away.vhs.unknown.json",
            "1",
            "no film or show named “Blown Away” is in the catalogue",
        ),
        (
            f"{folder}orange_county.dvd.5014437820334.json",
            "1",
            "no film or show named “Orange County” is in the catalogue",
        ),
        (
            f"{folder}stewart_francis_live_tour_de_francis.dvd.5014138606039.json",
            "1",
            "no film or show named “Stewart Francis Live - Tour de Francis” is in the catalogue",
        ),
    ]
    deeds = Edition.objects.select_related("label", "title").get(title__slug="mr-deeds-2002")
    assert (deeds.name, deeds.format, deeds.gtin) == ("DVD", "dvd", "5050582371710")
    assert deeds.label is not None
    assert deeds.label.name == "Columbia Tristar Home Entertainment"
    assert (deeds.classification_board, deeds.classification_rating) == ("BBFC", "12")
    assert (deeds.country_code, deeds.region_code, deeds.part_number) == ("GB", "", "C823 7171")
    assert deeds.release_date is None  # filmbrainz has no release dates
    # The swapped companies: the distributor is the company, not the word "Distributor".
    assert sorted(
        CompanyCredit.objects.filter(title=deeds.title)
        .exclude(role="production")  # TMDb's
        .values_list("company__name", "role")
    ) == [
        ("Columbia Tristar Home Entertainment", "label"),
        ("Sony Pictures Home Entertainment", "distribution"),
    ]
    assert not Company.objects.filter(name__in=["Distributor", "Content Copyright Holder"])
    rescuers = Edition.objects.get(title__slug="the-rescuers-1977")
    assert rescuers.features.count() == 11
    assert rescuers.label is not None
    assert rescuers.label.name == "Disney DVD"
    assert "Not imported: 3 films not in the catalogue" in out
    again, _ = ingest(FILMBRAINZ)
    assert counts(again) == (6, 0, 0, 3, 3)


def test_a_name_that_fits_several_titles_is_reported_not_guessed(tmp_path):
    catalogue_of(tmp_path, FILMBRAINZ_FILMS)
    TitleFactory.create(title="Garden State", year=2010)
    run, out = ingest(FILMBRAINZ / "garden_state.dvd.5017180816203.json", FILMBRAINZ)
    assert counts(run) == (6, 1, 0, 0, 5)
    garden = [row for row in rejects_of(run) if "garden_state" in row[0]]
    assert garden == [
        (
            "garden_state.dvd.5017180816203.json",
            "1",
            "“Garden State” is ambiguous: 2 titles have that name "
            "(garden-state-2004, garden-state-2010) and the release says nothing to tell "
            "them apart",
        )
    ]
    assert "1 names that fit several titles" in out
    assert Edition.objects.get().title.slug == "mr-deeds-2002"  # the rest imported


def test_the_copyright_year_tells_two_films_of_one_name_apart():
    TitleFactory.create(title="Blown Away", year=1992)
    wanted = TitleFactory.create(title="Blown Away", year=1994)
    run, _ = ingest(FILMBRAINZ / "blown_away.vhs.unknown.json")
    assert counts(run) == (1, 1, 0, 0, 0)
    vhs = Edition.objects.get()
    assert (vhs.title, vhs.format, vhs.gtin, vhs.packaging) == (
        wanted,
        "vhs",
        "",
        "VHS Oversized Clamshell",
    )
    assert CompanyCredit.objects.count() == 0  # the titles have no ids to credit by
    assert vhs.label is not None
    assert vhs.label.name == "MGM/UA Home Video"


def test_a_barcode_another_source_brought_names_the_film():
    film = TitleFactory.create(title="A film the packaging does not name", year=2004)
    edition(film, "Earlier import", gtin="5017180816203", format="dvd")
    run, _ = ingest(FILMBRAINZ / "garden_state.dvd.5017180816203.json")
    assert counts(run) == (1, 1, 0, 0, 0)
    assert Edition.objects.filter(title=film).count() == 2


# --- Wikidata --------------------------------------------------------------------------------


def test_wikidata_items_link_the_films_ids_soundtracks_and_formats(tmp_path):
    catalogue_of(tmp_path, WIKIDATA_FILMS)
    run, out = ingest(WIKIDATA)
    assert counts(run) == (3, 3, 0, 0, 0)
    ids = {
        (source, value)
        for source, value in ExternalId.objects.filter(title__slug="blade-runner-1982").values_list(
            "source", "value"
        )
    }
    # TMDB 5000 knew the TMDb id only; Wikidata adds the IMDb id and its own.
    assert ids == {("tmdb_movie", "78"), ("imdb", "tt0083658"), ("wikidata", "Q184843")}
    assert sorted(
        TitleReleaseLink.objects.values_list("title__slug", "kind", "value", "format")
    ) == [
        ("blade-runner-1982", "format", "Q723685", "digital"),
        ("blade-runner-1982", "soundtrack", "Q1187341", ""),
        ("inception-2010", "format", "Q5294", "dvd"),
        ("inception-2010", "format", "Q723685", "digital"),
        ("the-matrix-1999", "format", "Q723685", "digital"),
        ("the-matrix-1999", "soundtrack", "Q7750678", ""),
    ]
    assert "film ids: created 6, updated 0, unchanged 3" in out
    before = snapshot()
    again, _ = ingest(WIKIDATA)
    assert counts(again) == (3, 0, 0, 3, 0)
    assert snapshot() == before


# --- bad input -------------------------------------------------------------------------------


def test_bad_input_is_refused_with_its_file_and_the_rest_imports(tmp_path):
    catalogue_of(tmp_path, ("562", "10061", "1103", *FILMBRAINZ_FILMS))
    data = tmp_path / "discdb" / "data" / "movie"
    for film in ("Die Hard (1988)", "Escape from L.A (1996)", "Escape from New York (1981)"):
        shutil.copytree(DISCDB_MOVIES / film, data / film)
    disc = data / "Die Hard (1988)" / "2007-blu-ray" / "disc01.json"
    disc.write_text(disc.read_text(encoding="utf-8")[:5000], encoding="utf-8")  # cut short
    metadata = data / "Escape from New York (1981)" / "metadata.json"
    document = json.loads(metadata.read_text(encoding="utf-8"))
    del document["ExternalIds"]
    metadata.write_text(json.dumps(document), encoding="utf-8")
    brainz = tmp_path / "brainz"
    brainz.mkdir()
    shutil.copy(FILMBRAINZ / "mr_deeds.dvd.5050582371710.json", brainz)
    garden = json.loads((FILMBRAINZ / "garden_state.dvd.5017180816203.json").read_text())
    garden["packaging-attributes"]["format"]["type"] = "HD DVD"
    (brainz / "garden_state.json").write_text(json.dumps(garden), encoding="utf-8")
    (brainz / "broken.json").write_text('{"packaging-attributes": {', encoding="utf-8")
    (brainz / "other.json").write_text('{"name": "something else"}', encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a release", encoding="utf-8")

    run, out = ingest(tmp_path / "discdb", brainz, notes)

    assert counts(run) == (9, 2, 0, 0, 7)
    cut = "discdb/data/movie/Die Hard (1988)/2007-blu-ray/disc01.json"
    assert sorted(rejects_of(run)) == [
        (
            "brainz/broken.json",
            "1",
            "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 27)",
        ),
        (
            "brainz/garden_state.json",
            "1",
            "packaging-attributes.format.type: unknown format 'HD DVD' "
            "(DVD, Blu-ray, UHD, VHS, LaserDisc)",
        ),
        (
            "brainz/other.json",
            "1",
            "unknown format: not one of the filmbrainz releases, Wikidata items and TheDiscDb "
            "release folders",
        ),
        # The 2007 disc is cut short; the 30th Anniversary set shares it (disc01.ref).
        (cut, "220", "not valid JSON: Expecting ',' delimiter (line 220, column 12)"),
        (cut, "220", "not valid JSON: Expecting ',' delimiter (line 220, column 12)"),
        (
            "discdb/data/movie/Escape from New York (1981)/metadata.json",
            "1",
            "metadata.json has no TMDb or IMDb id: the film cannot be found",
        ),
        (
            "notes.txt",
            "1",
            "unknown format: not a JSON file (ingest_home_video reads filmbrainz releases, "
            "Wikidata items and TheDiscDb release folders)",
        ),
    ]
    # The good ones: Escape from L.A.'s 4K and Mr. Deeds's DVD, whole.
    assert sorted(Edition.objects.values_list("title__slug", "gtin")) == [
        ("escape-from-la-1996", "191329217409"),
        ("mr-deeds-2002", "5050582371710"),
    ]
    assert "Succeeded: read 9, created 2, updated 0, unchanged 0, rejected 7" in out


def test_a_missing_path_stops_the_run_before_anything_is_written(tmp_path):
    with pytest.raises(CommandError, match="nowhere: no such file or directory"):
        ingest(DISCDB, tmp_path / "nowhere")
    assert not ImportRun.objects.exists()
    assert not Edition.objects.exists()


def test_a_dry_run_reports_and_rolls_back(tmp_path):
    catalogue_of(tmp_path, DISCDB_FILMS)
    run, _ = ingest(DISCDB, dry_run=True)
    assert run.status == ImportStatus.DRY_RUN
    assert counts(run) == (20, 18, 0, 0, 2)  # Firefly is not in this catalogue
    assert not Edition.objects.exists()
    assert not EditionFeature.objects.exists()


def test_limit_reads_that_many_units_of_each_path(tmp_path):
    catalogue_of(tmp_path, DISCDB_FILMS)
    run, _ = ingest(DISCDB, WIKIDATA, limit=2)
    assert counts(run)[0] == 4
    assert Edition.objects.count() == 2
    assert Title.objects.filter(slug="2001-a-space-odyssey-1968").get().editions.count() == 2
