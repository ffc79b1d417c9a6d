"""`manage.py ingest_musicbrainz` end to end, on whichever database DATABASE_URL names: the
real ws/2 samples in ../shared/data/musicbrainz-sample (each oddity its PROVENANCE.md names),
hand-written documents for what no sample has (an IMDb URL relation, bad input), re-runs,
and the album page an import makes."""

import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models

from cinemeter.catalog import services as catalogue
from cinemeter.catalog.models import Company, ExternalId, ExternalSource
from cinemeter.core.models import PageVersion
from cinemeter.ingest.models import ImportRun, ImportStatus
from cinemeter.releases.music.models import (
    Album,
    AlbumTitle,
    ArtistCreditName,
    Medium,
    Recording,
    Release,
    Track,
)
from tests.catalog.factories import PersonFactory, TitleFactory
from tests.datasets import SHARED_DATA

SAMPLE = SHARED_DATA / "musicbrainz-sample"
JSON = SAMPLE / "ws2-json"
WIPEOUT = JSON / "release" / "70130d47-2145-4e61-972e-49d3d21a087e.json"
METEORA = JSON / "release" / "c9d52105-5c20-3216-bc1b-e54918f8f688.json"
DARK_SIDE_VINYL = JSON / "release" / "b84ee12a-09ef-421b-82de-0441a926375b.json"
DARK_SIDE_GROUP = JSON / "release-group" / "f5093c06-23e3-404f-aeaa-40f72885ee3a.json"
PLUS_GROUP = JSON / "release-group" / "05ce100c-eddf-4967-8d7e-33fc0883fe39.json"
BOX_SET = JSON / "release" / "f17a0f30-8eb1-4322-b54e-fb71edb78d7c.json"
MEAT_BOY = SAMPLE / "ws2-xml" / "release-group" / "f52bc6a1-c848-49e6-85de-f8f53459a624.xml"
SUPPLEMENTARY = (
    "annotation",
    "tags",
    "user-tags",
    "genres",
    "user-genres",
    "rating",
    "collections",
)

FIXTURES = Path(__file__).parent / "fixtures" / "musicbrainz"
GOOD, BAD = FIXTURES / "good", FIXTURES / "bad"

needs_sample = pytest.mark.skipif(
    not SAMPLE.is_dir(),
    reason=f"the MusicBrainz samples are not at {SAMPLE} (see its PROVENANCE.md); the "
    "hand-written documents in tests/ingest/fixtures/musicbrainz cover the same code",
)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rejects_dir(settings, tmp_path):
    settings.INGEST_REJECTS_DIR = tmp_path / "rejects"
    return settings.INGEST_REJECTS_DIR


def ingest(*paths, **options):
    out = io.StringIO()
    call_command("ingest_musicbrainz", *[str(p) for p in paths], stdout=out, **options)
    return ImportRun.objects.order_by("-pk").first(), out.getvalue()


def rejects_of(run):
    lines = Path(run.rejects_file).read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[:3] for line in lines[1:]]


def counts():
    return {
        "albums": Album.objects.count(),
        "releases": Release.objects.count(),
        "media": Medium.objects.count(),
        "tracks": Track.objects.count(),
        "recordings": Recording.objects.count(),
    }


def snapshot():
    """Every row the import writes, with every column (timestamps too), and the page
    versions: equal snapshots mean nothing was written."""
    tables: list[type[models.Model]] = [
        *apps.get_app_config("releases").get_models(),
        Company,
        ExternalId,
        PageVersion,
    ]
    return {
        model.__name__: sorted(map(repr, model._default_manager.values_list())) for model in tables
    }


def release(mbid):
    return Release.objects.select_related("album", "label", "artist_credit").get(mbid=mbid)


def tracks_of(mbid):
    return list(
        Track.objects.filter(release__mbid=mbid)
        .select_related("artist_credit", "recording")
        .order_by("medium_position", "position")
    )


# --- the samples: exact counts, and a re-run -------------------------------------------------


@needs_sample
def test_the_samples_import_with_their_exact_counts():
    run, out = ingest(SAMPLE)
    # Counted from the files (by a separate script while writing this test):
    # - release groups: the lookups of "+" and The Dark Side of the Moon, the XML of Super
    #   Meat Boy!, and those the release lookups name: wipEout, Meteora, ケアレス (the vinyl
    #   Dark Side names its group again) = 6 albums with an MBID; the Wish You Were Here box
    #   set names no release group and gets an album of its own = 7 albums;
    # - releases: 13 inlined by "+" + 25 by The Dark Side of the Moon + 5 release lookups,
    #   less the vinyl Dark Side, which is both inlined and looked up = 42;
    # - media: "+" 12 × 1 + the AU deluxe's CD and DVD-Video = 14, Dark Side 25 × 1, ケアレス
    #   2, wipEout 1, Meteora 1, the box set 5 = 48;
    # - tracks: ケアレス 4 + 3, wipEout 12, the vinyl Dark Side 10 (A1–B5), Meteora 13 + its
    #   2 data tracks = 44 (release groups list no tracks, the box set only track counts);
    #   each on its own recording = 44 recordings.
    assert counts() == {
        "albums": 7,
        "releases": 42,
        "media": 48,
        "tracks": 44,
        "recordings": 44,
    }
    assert Album.objects.exclude(mbid=None).count() == 6
    assert (run.status, run.read, run.created, run.rejected) == (ImportStatus.SUCCEEDED, 8, 8, 0)
    assert "Skipped 1 file(s) that are not .json, .jsonl or .xml:" in out
    assert "PROVENANCE.md" in out
    assert "releases: created 42," in out
    assert "Unusable values dropped (stored empty): barcode 1" in out


@needs_sample
def test_a_rerun_of_the_samples_changes_nothing():
    ingest(SAMPLE)
    before, rows = snapshot(), counts()
    run, out = ingest(SAMPLE)
    assert (run.read, run.created, run.updated, run.unchanged, run.rejected) == (8, 0, 0, 8, 0)
    assert counts() == rows
    assert snapshot() == before  # no row written, no page version moved
    assert "releases: created 0, updated 0, unchanged 43," in out  # the vinyl Dark Side twice


@needs_sample
def test_a_release_group_and_its_release_meet_in_either_order():
    """The group lists the vinyl Dark Side without label, tracks or edition name; its own
    lookup has them. Either order ends with the same rows, and neither erases the other."""
    ingest(DARK_SIDE_GROUP)
    ingest(DARK_SIDE_VINYL)
    vinyl = release("b84ee12a-09ef-421b-82de-0441a926375b")
    state = (
        vinyl.label.name,
        vinyl.catalogue_number,
        vinyl.edition_note,
        len(tracks_of(vinyl.mbid)),
    )
    assert state == ("Harvest", "SHVL 804", "stereo", 10)
    assert vinyl.album.mbid is not None
    assert str(vinyl.album.mbid) == "f5093c06-23e3-404f-aeaa-40f72885ee3a"
    before = snapshot()
    run, _ = ingest(DARK_SIDE_GROUP)
    assert run.unchanged == 1
    assert snapshot() == before


# --- the samples' oddities (PROVENANCE.md) ---------------------------------------------------


@needs_sample
def test_the_picard_barcode_123_is_stored_empty_and_counted_not_rejected():
    run, out = ingest(DARK_SIDE_VINYL)
    assert release("b84ee12a-09ef-421b-82de-0441a926375b").barcode == ""
    assert (run.created, run.rejected) == (1, 0)
    assert "barcode 1" in out
    ingest(WIPEOUT)  # a valid EAN stays
    assert release("70130d47-2145-4e61-972e-49d3d21a087e").barcode == "711719610427"


@needs_sample
def test_wipeout_has_its_data_track_and_per_track_credits():
    orbital = PersonFactory.create(name="Orbital")  # exactly one: linked
    PersonFactory.create(name="Leftfield")
    PersonFactory.create(name="Leftfield")  # two: ambiguous, stays text
    PersonFactory.create(name="[data]")  # a special purpose artist is never a person
    ingest(WIPEOUT)
    wipeout = release("70130d47-2145-4e61-972e-49d3d21a087e")
    assert wipeout.artist_credit.text == "CoLD SToRAGE"
    assert (wipeout.label.name, wipeout.catalogue_number) == (
        "Sony Computer Entertainment Europe",
        "SCES-00010",
    )
    album = wipeout.album
    assert (album.title, album.is_soundtrack, str(album.mbid)) == (
        "wipEout",
        True,
        "f98c9943-c6f2-321e-ab35-a75ac12e0496",
    )
    tracks = tracks_of(wipeout.mbid)
    # Tracks 2-9 are credited like the release: they show its credit, having none of
    # their own; their recordings keep it.
    assert [(t.number, t.artist_credit and t.artist_credit.text) for t in tracks] == [
        ("1", "[data]"),
        *[(str(n), None) for n in range(2, 10)],
        ("10", "Leftfield"),
        ("11", "The Chemical Brothers"),
        ("12", "Orbital"),
    ]
    assert {t.recording.artist_credit_id for t in tracks[1:9]} == {wipeout.artist_credit_id}
    assert tracks[0].title == "[data track]"
    assert tracks[0].length_ms == 370000  # milliseconds, as ws/2 gives them
    assert (tracks[11].title, tracks[11].recording.title) == ("Wipe‐Out", "Wipeout (P.E.T.R.O.L)")
    assert tracks[10].recording.isrcs == "GBAAA9500062"
    people = dict(ArtistCreditName.objects.values_list("name", "person_id").distinct())
    assert {name: people[name] for name in ("Orbital", "Leftfield", "[data]")} == {
        "Orbital": orbital.pk,
        "Leftfield": None,
        "[data]": None,
    }


@needs_sample
def test_the_vinyl_side_numbers_are_kept_as_printed():
    ingest(DARK_SIDE_VINYL)
    tracks = tracks_of("b84ee12a-09ef-421b-82de-0441a926375b")
    assert [t.number for t in tracks] == [f"A{n}" for n in range(1, 6)] + [
        f"B{n}" for n in range(1, 6)
    ]
    assert [t.position for t in tracks] == list(range(1, 11))
    medium = Medium.objects.get(release__mbid="b84ee12a-09ef-421b-82de-0441a926375b")
    assert (medium.format, medium.track_count) == ('12" Vinyl', 10)


@needs_sample
def test_media_without_track_lists_keep_their_formats_titles_and_counts():
    ingest(BOX_SET)
    box = release("f17a0f30-8eb1-4322-b54e-fb71edb78d7c")
    media = [(m.position, m.format, m.name, m.track_count) for m in box.media.all()]
    assert media == [
        (1, "CD", "The Original Album", 5),
        (2, "CD", "Unreleased Audio Tracks", 6),
        (3, "DVD-Video", "Wish You Were Here Multi‐Channel Audio Mixes", 15),
        (4, "DVD-Video", "Audio‐Visual Material", 4),
        (5, "Blu-ray", "High Resolution Audio and Audio‐Visual Material", 19),
    ]
    assert not tracks_of(box.mbid)
    # It names no release group: an album of its own, found again on a re-run.
    assert (box.album.title, box.album.mbid) == ("Wish You Were Here", None)
    ingest(BOX_SET)
    assert Album.objects.count() == 1


@needs_sample
def test_meteoras_data_tracks_follow_its_audio_tracks():
    ingest(METEORA)
    tracks = tracks_of("c9d52105-5c20-3216-bc1b-e54918f8f688")
    assert len(tracks) == 15
    assert [(t.number, t.title) for t in tracks[-2:]] == [
        ("14", "The Art of Meteora"),
        ("15", "LP Underground"),
    ]


@needs_sample
def test_the_xml_soundtrack_group_is_a_soundtrack_album():
    run, _ = ingest(MEAT_BOY)
    album = Album.objects.get()
    assert (album.title, album.album_type, album.is_soundtrack, album.is_compilation) == (
        "Super Meat Boy!",
        "album",
        True,
        False,
    )
    assert (str(album.first_release_date), album.date_precision) == ("2010-10-27", "day")
    assert run.created == 1
    assert list(album.links.values_list("kind", "url")) == [
        (
            "musicbrainz",
            "https://musicbrainz.org/release-group/f52bc6a1-c848-49e6-85de-f8f53459a624",
        )
    ]


@needs_sample
def test_the_release_group_with_25_inlined_releases():
    ingest(DARK_SIDE_GROUP)
    album = Album.objects.get(mbid="f5093c06-23e3-404f-aeaa-40f72885ee3a")
    assert album.releases.count() == 25
    formats = list(Medium.objects.filter(release__album=album).values_list("format", flat=True))
    assert (formats.count('12" Vinyl'), formats.count("CD"), formats.count("Cassette")) == (
        10,
        14,
        1,
    )
    notes = set(album.releases.values_list("edition_note", flat=True))
    assert {"20th Anniversary Limited Edition", "quadraphonic"} <= notes
    assert not Track.objects.exists()  # a group's releases come without tracklists
    mofi = release("03683c48-eb9e-47a8-bcdf-d5e5bae93de3")
    assert (str(mofi.release_date), mofi.date_precision) == ("1979-06-01", "month")
    assert mofi.edition_note == "1979 Mobile Fidelity Sound Lab remaster"
    assert len(set(album.releases.values_list("slug", flat=True))) == 25


@needs_sample
def test_url_relations_become_links_of_the_album_and_the_release():
    ingest(PLUS_GROUP, METEORA)
    plus = Album.objects.get(mbid="05ce100c-eddf-4967-8d7e-33fc0883fe39")
    assert set(plus.links.values_list("kind", "url")) >= {
        ("wikidata", "https://www.wikidata.org/wiki/Q2703155"),
        ("discogs", "https://www.discogs.com/master/380740"),
        ("allmusic", "https://www.allmusic.com/album/mw0002187052"),
        ("other", "https://www.bbc.co.uk/music/reviews/zfvh"),
    }
    meteora = release("c9d52105-5c20-3216-bc1b-e54918f8f688")
    assert set(meteora.links.values_list("kind", "url")) == {
        ("musicbrainz", "https://musicbrainz.org/release/c9d52105-5c20-3216-bc1b-e54918f8f688"),
        ("discogs", "https://www.discogs.com/release/1118359"),
        ("purchase", "https://www.amazon.co.uk/gp/product/B00008S7JP"),
    }
    assert ("wikipedia", "https://en.wikipedia.org/wiki/Meteora_(album)") in set(
        meteora.album.links.values_list("kind", "url")
    )
    # The album's Wikidata item is the album's own, not a film's: no title to link.
    assert not AlbumTitle.objects.exists()


@needs_sample
def test_labels_are_catalogue_companies_by_their_musicbrainz_id():
    ingest(WIPEOUT, DARK_SIDE_VINYL)
    labels = ExternalId.objects.filter(source=ExternalSource.MUSICBRAINZ).select_related("company")
    assert {(e.value, e.company and e.company.name) for e in labels} == {
        ("efa876df-2aa6-457c-8dfe-785d5132e1ff", "Sony Computer Entertainment Europe"),
        ("993af7f6-bb99-456b-83e7-5e728ea80a0e", "Harvest"),
    }
    assert labels.get(company__name="Harvest").url == (
        "https://musicbrainz.org/label/993af7f6-bb99-456b-83e7-5e728ea80a0e"
    )


@needs_sample
def test_no_supplementary_data_is_stored():
    """Annotations, tags, genres, ratings and collections are CC BY-NC-SA: not one of their
    strings may be found in what the import stored."""
    ingest(SAMPLE)
    supplementary = set()

    def gather(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in SUPPLEMENTARY:
                    gather(item)
                elif isinstance(item, str):
                    supplementary.add(item)
                elif isinstance(item, list):
                    supplementary.update(i["name"] for i in item if i.get("name"))
        elif isinstance(value, list):
            for item in value:
                gather(item)

    for path in JSON.rglob("*.json"):
        gather(json.loads(path.read_text(encoding="utf-8")))
    supplementary.discard("")
    assert {"Original Vinyl release", "tag1", "genre1", "breaks", "CDs I own"} <= supplementary
    stored: set[str] = set()
    for label in ("releases", "catalog"):
        for model in apps.get_app_config(label).get_models():
            text = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
            ]
            if text:
                for row in model._default_manager.values_list(*text):
                    stored.update(value for value in row if value)
    assert Album.objects.count() == 7  # there is something to search
    assert not supplementary & stored
    annotations = [s for s in supplementary if " " in s and len(s) > 12]
    assert not [a for a in annotations if any(a in value for value in stored)]


# --- hand-written documents: title links, cleaning, JSON Lines -------------------------------


def test_a_release_group_with_an_imdb_relation_belongs_to_that_film():
    film = TitleFactory.create(title="Escape from L.A.", year=1996)
    catalogue.external_id_set(source=ExternalSource.IMDB, value="tt0116225", title=film)
    walker = PersonFactory.create(name="Shirley Walker")
    ingest(GOOD / "escape-score.json", GOOD / "escape-songs.json")
    score = Album.objects.get(mbid="e5ca9e00-0000-4000-8000-000000000001")
    songs = Album.objects.get(mbid="e5ca9e00-0000-4000-8000-000000000002")
    assert set(AlbumTitle.objects.values_list("album__title", "title_id", "relation")) == {
        (score.title, film.pk, "score"),
        (songs.title, film.pk, "songs"),
    }
    assert (str(score.first_release_date), score.date_precision) == ("1996-08-01", "month")
    names = ArtistCreditName.objects.filter(credit__albums=score).order_by("order")
    assert [(n.name, n.join_phrase, n.person_id) for n in names] == [
        ("Shirley Walker", " & ", walker.pk),
        ("John Carpenter", "", None),  # no such person in the catalogue: text
    ]
    assert ("imdb", "https://www.imdb.com/title/tt0116225/") in set(
        score.links.values_list("kind", "url")
    )
    reissue = release("e5ca9e00-0000-4000-8000-000000000012")
    assert (reissue.barcode, reissue.edition_note, reissue.release_date.year) == (
        "",
        "double vinyl reissue",
        2017,
    )
    assert [m.format for m in reissue.media.all()] == ['12" Vinyl', '12" Vinyl']
    assert reissue.slug == "12-vinyl-2017-double-vinyl-reissue"


def test_an_album_stays_without_a_film_until_the_catalogue_knows_the_id():
    ingest(GOOD / "escape-score.json")
    album = Album.objects.get(mbid="e5ca9e00-0000-4000-8000-000000000001")
    assert not album.title_links.exists()
    film = TitleFactory.create(title="Escape from L.A.", year=1996)
    catalogue.external_id_set(source=ExternalSource.IMDB, value="tt0116225", title=film)
    run, _ = ingest(GOOD / "escape-score.json")
    assert list(album.title_links.values_list("title_id", "relation")) == [(film.pk, "score")]
    assert run.updated == 1


def test_a_wikidata_item_links_a_compilation_and_editors_links_stay():
    film = TitleFactory.create(title="Halloween", year=1978)
    other = TitleFactory.create(title="The Fog", year=1980)
    ExternalId.objects.create(source=ExternalSource.WIKIDATA, value="Q1129394", title=film)
    ingest(GOOD / "carpenter-compilation.json")
    album = Album.objects.get(mbid="e5ca9e00-0000-4000-8000-000000000003")
    assert list(album.title_links.values_list("title_id", "relation")) == [(film.pk, "compilation")]
    assert ("streaming", "https://open.spotify.com/album/0000000000000000000000") in set(
        album.links.values_list("kind", "url")
    )
    # An editor adds a film and a link; the next import keeps both.
    from cinemeter.releases.music import services as music

    music.album_titles_set(album=album, links=[(film, "compilation"), (other, "score")])
    music.links_set(
        album=album,
        links=[*album.links.values_list("kind", "url"), ("other", "https://example.org/fog")],
    )
    run, _ = ingest(GOOD / "carpenter-compilation.json")
    assert run.unchanged == 1
    assert album.title_links.count() == 2
    assert album.links.filter(url="https://example.org/fog").exists()


def test_unusable_values_are_dropped_and_an_unknown_format_kept():
    run, out = ingest(GOOD / "wax-cylinder.json")
    cylinder = release("e5ca9e00-0000-4000-8000-000000000021")
    assert Medium.objects.get(release=cylinder).format == "Wax Cylinder"
    assert (cylinder.barcode, cylinder.release_date, cylinder.country_code) == ("", None, "")
    assert (cylinder.label, cylinder.catalogue_number, cylinder.status) == (
        None,
        "CYL-1",
        "bootleg",
    )
    assert set(cylinder.links.values_list("kind", flat=True)) == {"musicbrainz", "label"}
    overture, finale = tracks_of(cylinder.mbid)
    assert (overture.recording.isrcs, overture.recording.length_ms) == ("USXYZ9900001", 121500)
    assert (finale.length_ms, finale.artist_credit) == (None, None)
    assert (cylinder.album.album_type, cylinder.album.date_precision) == ("ep", "year")
    assert "barcode 1, country 1, date 1, isrc 1, url 1" in out
    assert (run.created, run.rejected) == (1, 0)


def test_json_lines_are_read_line_by_line():
    run, _ = ingest(GOOD / "release-group.jsonl")
    assert sorted(Album.objects.values_list("title", "album_type", "is_soundtrack")) == [
        ("Dump Album One", "album", False),
        ("Dump Album Two", "single", True),
    ]
    assert (run.read, run.created) == (2, 2)
    run, _ = ingest(GOOD / "release-group.jsonl", limit=1)
    assert (run.read, run.unchanged) == (1, 1)


def test_a_release_that_finds_its_group_leaves_the_album_made_for_it(tmp_path):
    """A release imported without its release group gets an album of its own; when a later
    document names its group, it moves there and the empty stand-in goes."""
    document = json.loads((GOOD / "wax-cylinder.json").read_text(encoding="utf-8"))
    group = document.pop("release-group")
    alone = tmp_path / "release" / "alone.json"
    alone.parent.mkdir()
    alone.write_text(json.dumps(document), encoding="utf-8")
    ingest(alone)
    stand_in = Album.objects.get()
    assert stand_in.mbid is None
    ingest(GOOD / "wax-cylinder.json")
    cylinder = release(document["id"])
    assert str(cylinder.album.mbid) == group["id"]
    assert not Album.objects.filter(pk=stand_in.pk).exists()
    assert Album.objects.count() == 1


def test_dry_run_writes_nothing():
    run, _ = ingest(GOOD, dry_run=True)
    assert run.status == ImportStatus.DRY_RUN
    assert run.created == 6
    assert counts() == dict.fromkeys(("albums", "releases", "media", "tracks", "recordings"), 0)


# --- bad input ------------------------------------------------------------------------------


def test_bad_files_are_rejected_by_name_and_the_rest_imports():
    run, out = ingest(BAD, BAD / "album.cue", GOOD / "escape-score.json")
    rejected = {(file, line): reason for file, line, reason in rejects_of(run)}
    assert set(rejected) == {
        ("broken.json", "1"),
        ("no-id.json", "1"),
        ("artist.json", "1"),
        ("not-musicbrainz.xml", "1"),
        ("doctype.xml", "1"),
        ("album.cue", "1"),
        ("release-group.jsonl", "2"),
        ("release-group.jsonl", "3"),
    }
    assert rejected[("broken.json", "1")].startswith("not valid JSON")
    assert rejected[("no-id.json", "1")] == "release group has no id"
    assert "only releases and release groups are imported" in rejected[("artist.json", "1")]
    assert "not a MusicBrainz ws/2 XML document" in rejected[("not-musicbrainz.xml", "1")]
    assert "DOCTYPE" in rejected[("doctype.xml", "1")]
    assert "not a file ingest_musicbrainz reads" in rejected[("album.cue", "1")]
    assert "is not a MusicBrainz id" in rejected[("release-group.jsonl", "3")]
    assert (run.status, run.rejected, run.created) == (ImportStatus.SUCCEEDED, 8, 2)
    assert f"{BAD / 'broken.json'}, line 1: not valid JSON" in out
    # The good documents are all there: the score album and the jsonl's good line.
    assert set(Album.objects.values_list("title", flat=True)) == {
        "Escape from L.A. (Original Motion Picture Score)",
        "Good Line",
    }
    assert "album.cue" not in out.split("Rejected:")[0]  # named on the command line: read


def test_a_document_the_database_refuses_leaves_nothing_behind(tmp_path):
    """A track MBID that another release already has: the second release is refused
    whole (its album, release and recordings roll back), the first stays."""
    ingest(GOOD / "wax-cylinder.json")
    document = json.loads((GOOD / "wax-cylinder.json").read_text(encoding="utf-8"))
    document["id"] = "e5ca9e00-0000-4000-8000-000000000099"
    document["release-group"]["id"] = "e5ca9e00-0000-4000-8000-000000000098"
    document["media"][0]["tracks"][1]["recording"]["id"] = "e5ca9e00-0000-4000-8000-000000000097"
    clash = tmp_path / "release" / "clash.json"
    clash.parent.mkdir()
    clash.write_text(json.dumps(document), encoding="utf-8")
    before = counts()
    run, _ = ingest(clash)
    assert (run.rejected, run.created) == (1, 0)
    assert counts() == before
    [(file, _line, reason)] = rejects_of(run)
    assert file == "clash.json"
    assert reason == (
        "track e5ca9e00-0000-4000-8000-000000000031 is already on release "
        "e5ca9e00-0000-4000-8000-000000000021"
    )


def test_a_missing_path_stops_the_run_before_anything_is_written(tmp_path):
    with pytest.raises(CommandError, match="no such file or directory"):
        ingest(GOOD / "escape-score.json", tmp_path / "missing")
    assert not Album.objects.exists()
    assert not ImportRun.objects.exists()


# --- the album page of an import -------------------------------------------------------------


@needs_sample
def test_the_imported_album_page_shows_the_tracklist_within_its_budget(
    client, django_assert_max_num_queries
):
    PersonFactory.create(name="Orbital")
    ingest(WIPEOUT, DARK_SIDE_GROUP)
    wipeout = Album.objects.get(mbid="f98c9943-c6f2-321e-ab35-a75ac12e0496")
    with django_assert_max_num_queries(10):  # the album page's budget (docs/releases.md)
        response = client.get(wipeout.get_absolute_url())
    html = response.content.decode()
    tracks = html[html.index('class="track-list"') :]
    assert tracks.count('<li class="track') == 12
    assert tracks.index("[data track]") < tracks.index("Cairodrome") < tracks.index("Wipe‐Out")
    assert '<a href="/person/orbital/">Orbital</a>' in tracks
    # Per-track credits where a track is not credited like the release: 1, 10, 11, 12.
    assert tracks.count('class="track-credit"') == 4
    assert "The Chemical Brothers" in tracks
    assert "Sony Computer Entertainment Europe" in html
    assert "https://musicbrainz.org/release-group/f98c9943" in html
    dark_side = Album.objects.get(mbid="f5093c06-23e3-404f-aeaa-40f72885ee3a")
    with django_assert_max_num_queries(10):  # 25 releases, the same budget
        response = client.get(dark_side.get_absolute_url())
    assert response.content.decode().count("<tr") == 26  # the header and 25 releases
