"""The MusicBrainz parser alone (no database): entity types, the relation rule, GTINs,
dates, cleaning, refusals, and ws/2 XML read exactly like the same JSON."""

import gzip
import json
from datetime import date

import pytest

from cinemeter.catalog.bulk import Ref
from cinemeter.ingest.sources import musicbrainz
from cinemeter.ingest.sources.musicbrainz import (
    DocumentError,
    album_relation,
    entity_of,
    gtin_valid,
    parse_document,
)
from cinemeter.releases.music.records import (
    AlbumBundle,
    AlbumRecord,
    ArtistName,
    MediumRecord,
    ReleaseRecord,
    TrackRecord,
)
from tests.datasets import SHARED_DATA

MEAT_BOY = (
    SHARED_DATA
    / "musicbrainz-sample"
    / "ws2-xml"
    / "release-group"
    / "f52bc6a1-c848-49e6-85de-f8f53459a624.xml"
)
RG_ID, RELEASE_ID = "e5ca9e00-0000-4000-8000-000000000001", "e5ca9e00-0000-4000-8000-000000000011"
ARTIST_ID = "e5ca9e00-0000-4000-8000-0000000000a1"

# One release lookup, written twice: as ws/2 XML and as the JSON the service would send.
RELEASE_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://musicbrainz.org/ns/mmd-2.0#">
 <release id="{RELEASE_ID}">
  <title>Escape from L.A.</title>
  <status id="4e304316-386d-3409-af2e-78857eec5cfe">Official</status>
  <packaging>Jewel Case</packaging>
  <disambiguation>first pressing</disambiguation>
  <annotation><text>Not CC0, never read</text></annotation>
  <tag-list><tag count="3"><name>not-cc0-tag</name></tag></tag-list>
  <artist-credit>
   <name-credit joinphrase=" &amp; "><artist id="{ARTIST_ID}"><name>Shirley Walker</name>
    <sort-name>Walker, Shirley</sort-name></artist></name-credit>
   <name-credit><name>J. Carpenter</name><artist id="e5ca9e00-0000-4000-8000-0000000000a2">
    <name>John Carpenter</name></artist></name-credit>
  </artist-credit>
  <release-group id="{RG_ID}" type="Soundtrack">
   <title>Escape from L.A. (Original Motion Picture Score)</title>
   <first-release-date>1996-08</first-release-date>
   <primary-type id="f529b476-6e62-324f-b0aa-1f3e33d313fc">Album</primary-type>
   <secondary-type-list>
    <secondary-type id="22a628ad-c082-3c4f-b1b6-d41665107b88">Soundtrack</secondary-type>
   </secondary-type-list>
   <relation-list target-type="url">
    <relation type="IMDb" type-id="85b0a010-3237-47c7-8476-6fcefd4761af">
     <target id="e5ca9e00-0000-4000-8000-0000000000b1">https://www.imdb.com/title/tt0116225/</target>
    </relation>
   </relation-list>
  </release-group>
  <date>1996-08-06</date>
  <country>US</country>
  <barcode>030206576128</barcode>
  <label-info-list count="1"><label-info><catalog-number>MCD 35776</catalog-number>
   <label id="e5ca9e00-0000-4000-8000-0000000000c1"><name>Milan</name></label></label-info>
  </label-info-list>
  <relation-list target-type="artist"><relation type="producer"><target>{ARTIST_ID}</target>
   </relation></relation-list>
  <relation-list target-type="url"><relation type="discogs">
   <target>https://www.discogs.com/release/999002</target></relation></relation-list>
  <medium-list count="1">
   <medium><position>1</position><format id="9712d52a-4509-3d4b-a1a2-67c88c643e31">CD</format>
    <track-list count="2" offset="0">
     <track id="e5ca9e00-0000-4000-8000-000000000031"><position>1</position><number>1</number>
      <title>Main Title</title><length>112000</length>
      <recording id="e5ca9e00-0000-4000-8000-000000000041"><title>Main Title</title>
       <length>111500</length><isrc-list count="1"><isrc id="USXYZ9600001"/></isrc-list></recording>
     </track>
     <track id="e5ca9e00-0000-4000-8000-000000000032"><position>2</position><number>2</number>
      <title>Snake</title>
      <recording id="e5ca9e00-0000-4000-8000-000000000042"><title>Snake</title></recording>
     </track>
    </track-list>
   </medium>
  </medium-list>
 </release>
</metadata>
"""
RELEASE_JSON = {
    "id": RELEASE_ID,
    "title": "Escape from L.A.",
    "status": "Official",
    "packaging": "Jewel Case",
    "disambiguation": "first pressing",
    "annotation": "Not CC0, never read",
    "tags": [{"name": "not-cc0-tag", "count": 3}],
    "artist-credit": [
        {
            "name": "Shirley Walker",
            "joinphrase": " & ",
            "artist": {"id": ARTIST_ID, "name": "Shirley Walker"},
        },
        {
            "name": "J. Carpenter",
            "joinphrase": "",
            "artist": {"id": "e5ca9e00-0000-4000-8000-0000000000a2", "name": "John Carpenter"},
        },
    ],
    "release-group": {
        "id": RG_ID,
        "title": "Escape from L.A. (Original Motion Picture Score)",
        "first-release-date": "1996-08",
        "primary-type": "Album",
        "secondary-types": ["Soundtrack"],
        "relations": [
            {
                "type": "IMDb",
                "target-type": "url",
                "url": {"id": "x", "resource": "https://www.imdb.com/title/tt0116225/"},
            }
        ],
    },
    "date": "1996-08-06",
    "country": "US",
    "barcode": "030206576128",
    "label-info": [
        {
            "catalog-number": "MCD 35776",
            "label": {"id": "e5ca9e00-0000-4000-8000-0000000000c1", "name": "Milan"},
        }
    ],
    "relations": [
        {"type": "producer", "target-type": "artist", "artist": {"id": ARTIST_ID}},
        {
            "type": "discogs",
            "target-type": "url",
            "url": {"resource": "https://www.discogs.com/release/999002"},
        },
    ],
    "media": [
        {
            "position": 1,
            "format": "CD",
            "track-count": 2,
            "tracks": [
                {
                    "id": "e5ca9e00-0000-4000-8000-000000000031",
                    "position": 1,
                    "number": "1",
                    "title": "Main Title",
                    "length": 112000,
                    "recording": {
                        "id": "e5ca9e00-0000-4000-8000-000000000041",
                        "title": "Main Title",
                        "length": 111500,
                        "isrcs": ["USXYZ9600001"],
                    },
                },
                {
                    "id": "e5ca9e00-0000-4000-8000-000000000032",
                    "position": 2,
                    "number": "2",
                    "title": "Snake",
                    "recording": {"id": "e5ca9e00-0000-4000-8000-000000000042", "title": "Snake"},
                },
            ],
        }
    ],
}


def album_of(bundle: AlbumBundle | DocumentError) -> AlbumRecord:
    assert isinstance(bundle, AlbumBundle)
    assert bundle.album is not None
    return bundle.album


def media_of(release: ReleaseRecord) -> tuple[MediumRecord, ...]:
    assert release.media is not None
    return release.media


def tracks_of(medium: MediumRecord) -> tuple[TrackRecord, ...]:
    assert medium.tracks is not None
    return medium.tracks


def parse_xml(tmp_path, text, name="release.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [item] = musicbrainz.documents(path)
    return item


def test_ws2_xml_reads_exactly_like_the_same_json(tmp_path):
    from_xml = parse_xml(tmp_path, RELEASE_XML)
    assert isinstance(from_xml, AlbumBundle)
    assert from_xml == parse_document(RELEASE_JSON)
    release = from_xml.releases[0]
    assert release.credit == (
        ArtistName("Shirley Walker", " & ", ARTIST_ID, "Shirley Walker"),
        ArtistName("J. Carpenter", "", "e5ca9e00-0000-4000-8000-0000000000a2", "John Carpenter"),
    )
    assert release.label is not None
    assert (release.label.name, release.catalogue_number, release.status) == (
        "Milan",
        "MCD 35776",
        "official",
    )
    [medium] = media_of(release)
    tracks = tracks_of(medium)
    assert (medium.format, medium.track_count, len(tracks)) == ("CD", 2, 2)
    assert tracks[0].isrcs == ("USXYZ9600001",)
    assert tracks[1].length_ms is None
    assert [link.kind for link in release.links] == ["musicbrainz", "discogs"]
    album = album_of(from_xml)
    assert (album.is_soundtrack, album.first_release_date, album.date_precision) == (
        True,
        date(1996, 8, 1),
        "month",
    )
    assert album.title_refs == (Ref("imdb", "tt0116225"),)
    assert album.relation == "score"
    # Supplementary data is not even parsed.
    assert "not-cc0" not in repr(from_xml)
    assert "Not CC0" not in repr(from_xml)


@pytest.mark.skipif(not MEAT_BOY.is_file(), reason=f"the MusicBrainz samples are not at {MEAT_BOY}")
def test_the_sample_xml_release_group():
    [bundle] = musicbrainz.documents(MEAT_BOY)
    assert isinstance(bundle, AlbumBundle)
    album = album_of(bundle)
    assert (album.title, album.album_type, album.is_soundtrack) == (
        "Super Meat Boy!",
        "album",
        True,
    )
    assert (album.first_release_date, album.date_precision) == (date(2010, 10, 27), "day")
    assert bundle.releases == ()


def test_gzipped_files_are_read(tmp_path):
    path = tmp_path / "release.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(RELEASE_JSON, handle)
    [bundle] = musicbrainz.documents(path)
    assert bundle == parse_document(RELEASE_JSON)
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(gzip.compress(b'{"id": "x"')[:-6])
    [error] = musicbrainz.documents(broken)
    assert isinstance(error, DocumentError)
    assert "gzip" in str(error) or "not valid JSON" in str(error)


@pytest.mark.parametrize(
    ("title", "types", "relation"),
    [
        ("Escape from L.A. (Original Motion Picture Score)", ("Soundtrack",), "score"),
        ("Halloween (Original Motion Picture Soundtrack)", ("Soundtrack",), "score"),
        ("Escape from L.A.: Music from and Inspired by the Film", ("Soundtrack",), "songs"),
        ("Songs from the Film", ("Soundtrack", "Compilation"), "songs"),
        ("The Best of Carpenter", ("Compilation",), "compilation"),
        ("The Thing (Expanded Original Score)", ("Soundtrack",), "expanded-score"),
        ("The Fog: The Complete Score", ("Soundtrack",), "expanded-score"),
    ],
)
def test_how_an_album_belongs_to_its_film(title, types, relation):
    assert album_relation(title, types) == relation


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("711719610427", True),  # UPC-A (wipEout)
        ("5099902943527", True),  # EAN-13 (the box set)
        ("4547366518764", True),
        ("093624844426", True),
        ("123", False),  # the Picard sample's
        ("711719610428", False),  # wrong check digit
        ("12345678", False),
        ("96385074", True),  # EAN-8
        ("0711719610427", True),  # a UPC written as EAN-13
        ("71171961042X", False),
    ],
)
def test_gtins_are_checked_with_their_check_digit(code, valid):
    assert gtin_valid(code) is valid


@pytest.mark.parametrize(
    ("text", "expected", "cleaned"),
    [
        ("1973", (date(1973, 1, 1), "year"), ()),
        ("1979-06", (date(1979, 6, 1), "month"), ()),
        ("1973-03-24", (date(1973, 3, 24), "day"), ()),
        ("", (None, "day"), ()),
        ("1973-13", (None, "day"), ("date",)),
        ("1973-02-30", (None, "day"), ("date",)),
        ("March 1973", (None, "day"), ("date",)),
    ],
)
def test_dates_and_their_precision(text, expected, cleaned):
    document = {"id": RG_ID, "title": "T", "primary-type": "Album", "first-release-date": text}
    bundle = parse_document(document)
    album = album_of(bundle)
    assert (album.first_release_date, album.date_precision) == expected
    assert bundle.cleaned == cleaned


@pytest.mark.parametrize(
    ("document", "hint", "entity"),
    [
        ({"id": RG_ID, "title": "T", "primary-type": "Album"}, None, "release-group"),
        ({"id": RG_ID, "title": "T", "releases": []}, None, "release-group"),
        ({"id": RELEASE_ID, "title": "T", "media": []}, None, "release"),
        ({"id": RELEASE_ID, "title": "T", "status": "Official"}, "release-group", "release"),
        ({"id": RELEASE_ID, "title": "T"}, "release", "release"),
        ({"id": RG_ID, "title": "T"}, "release-group", "release-group"),
    ],
)
def test_the_entity_type_comes_from_the_keys_then_the_path(document, hint, entity):
    assert entity_of(document, hint) == entity


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"id": RG_ID, "name": "X", "sort-name": "X"}, "an artist or a label: only releases"),
        ({"id": RG_ID, "title": "X", "length": 1000, "releases": []}, "a recording: only"),
        ({"id": RG_ID, "title": "X", "iswcs": []}, "a work: only"),
        ({"id": RG_ID, "title": "X"}, "an unknown entity type"),
        ({"created": "2020", "count": 1, "releases": [{}]}, "a search or browse result"),
        ({"error": "Not Found", "help": "..."}, "a MusicBrainz error response: Not Found"),
        ([{"id": RG_ID}], "a JSON list, not an object"),
        ({"title": "X", "primary-type": "Album"}, "release group has no id"),
        ({"id": "42", "title": "X", "primary-type": "Album"}, "is not a MusicBrainz id"),
        ({"id": RG_ID, "title": " ", "primary-type": "Album"}, "release group has no title"),
        (
            {"id": RELEASE_ID, "title": "X", "media": [{"format": "CD"}]},
            "release: media[0] has no position",
        ),
        (
            {
                "id": RELEASE_ID,
                "title": "X",
                "media": [{"position": 1, "tracks": [{"position": 1, "title": "A"}] * 2}],
            },
            "track position 1 is listed twice",
        ),
        (
            {"id": RELEASE_ID, "title": "X", "media": [{"position": 1}, {"position": 1}]},
            "medium position 1 is listed twice",
        ),
        ({"id": RELEASE_ID, "title": "X", "media": "CD"}, "expected a list of objects"),
        (
            {"id": RG_ID, "title": "X", "releases": [{"id": RELEASE_ID, "title": "Y"}] * 2},
            f"release {RELEASE_ID} is listed twice",
        ),
        ({"id": RG_ID, "title": ["X"], "primary-type": "Album"}, "expected text, not list"),
    ],
)
def test_documents_that_cannot_be_imported_say_why(document, reason):
    with pytest.raises(DocumentError) as refused:
        parse_document(document, hint=None)
    assert reason in str(refused.value)


def test_bad_xml_says_where(tmp_path):
    error = parse_xml(tmp_path, "<metadata><release-group>", "broken.xml")
    assert isinstance(error, DocumentError)
    assert str(error).startswith("not well-formed XML (line 1, column")
    label = parse_xml(
        tmp_path,
        '<metadata xmlns="http://musicbrainz.org/ns/mmd-2.0#"><label id="x"/></metadata>',
        "label.xml",
    )
    assert str(label) == "an XML <label>: only releases and release groups are imported"


def test_media_without_tracks_and_the_data_tracks():
    document = {
        "id": RELEASE_ID,
        "title": "Box",
        "media": [
            {"position": 1, "format": "CD", "track-count": 5},
            {"position": 2, "format": "DVD-Video", "track-count": 4, "tracks": []},
            {
                "position": 3,
                "format": "Enhanced CD",
                "pregap": {"position": 0, "number": "0", "title": "Hidden"},
                "tracks": [{"position": 1, "number": "1", "title": "One"}],
                "data-tracks": [{"position": 2, "number": "2", "title": "Video"}],
            },
        ],
    }
    media = media_of(parse_document(document).releases[0])
    assert [m.tracks for m in media[:2]] == [None, None]  # listed nowhere: left alone
    assert [(t.position, t.title) for t in tracks_of(media[2])] == [
        (0, "Hidden"),
        (1, "One"),
        (2, "Video"),
    ]


def test_links_by_relation_type_else_by_site():
    document = {
        "id": RG_ID,
        "title": "T",
        "primary-type": "Album",
        "relations": [
            {
                "type": "wikidata",
                "target-type": "url",
                "url": {"resource": "https://www.wikidata.org/wiki/Q42"},
            },
            {
                "type": "streaming",
                "target-type": "url",
                "url": {"resource": "https://example.com/a"},
            },
            {
                "type": "other databases",
                "target-type": "url",
                "url": {"resource": "https://www.discogs.com/master/1"},
            },
            {
                "type": "review",
                "target-type": "url",
                "url": {"resource": "https://example.org/review"},
            },
            {"type": "part of", "target-type": "series", "series": {"name": "A series"}},
            {"type": "discogs", "target-type": "url", "url": {"resource": "javascript:alert(1)"}},
        ],
    }
    bundle = parse_document(document)
    album = album_of(bundle)
    assert [(link.kind, link.url) for link in album.links] == [
        ("musicbrainz", f"https://musicbrainz.org/release-group/{RG_ID}"),
        ("wikidata", "https://www.wikidata.org/wiki/Q42"),
        ("streaming", "https://example.com/a"),
        ("discogs", "https://www.discogs.com/master/1"),
        ("other", "https://example.org/review"),
    ]
    assert album.title_refs == (Ref("wikidata", "Q42"),)
    assert bundle.cleaned == ("url",)
