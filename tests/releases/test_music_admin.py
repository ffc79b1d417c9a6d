"""Editing a release in the admin: forty tracks on one page with their computed "adds", a
new track saved through the services with a recording of its own, and fresh pages after."""

from datetime import date

import pytest

from cinemeter.releases.music.models import Track
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.releases.factories import album, release


@pytest.fixture
def editor(client):
    staff = MemberFactory.create(is_staff=True, is_superuser=True)
    editing = client.__class__()
    editing.force_login(staff)
    return editing


@pytest.fixture
def expanded():
    score = album(TitleFactory.create(), "The Score")
    first = release(score, date(1996, 1, 1), tuple(f"Cue {n}" for n in range(20)))
    recordings = {t.title: t.recording for t in first.tracks.all()}
    return release(
        score, date(2014, 1, 1), tuple(f"Cue {n}" for n in range(40)), recordings=recordings
    )


def _form(on, tracks):
    form = {
        "album": on.album_id,
        "title": on.title,
        "slug": on.slug,
        "release_date": on.release_date.isoformat(),
        "date_precision": on.date_precision,
        "edition_note": "expanded",
        "media-TOTAL_FORMS": "1",
        "media-INITIAL_FORMS": "1",
        "media-MIN_NUM_FORMS": "0",
        "media-MAX_NUM_FORMS": "1000",
        "media-0-id": on.media.get().pk,
        "media-0-release": on.pk,
        "media-0-position": "1",
        "media-0-format": "CD",
        "tracks-TOTAL_FORMS": str(len(tracks) + 1),
        "tracks-INITIAL_FORMS": str(len(tracks)),
        "tracks-MIN_NUM_FORMS": "0",
        "tracks-MAX_NUM_FORMS": "1000",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
    }
    for n, track in enumerate(tracks):
        form |= {
            f"tracks-{n}-id": track.pk,
            f"tracks-{n}-release": on.pk,
            f"tracks-{n}-medium_position": "1",
            f"tracks-{n}-position": track.position,
            f"tracks-{n}-number": track.number,
            f"tracks-{n}-title": track.title,
            f"tracks-{n}-recording": track.recording_id,
        }
    n = len(tracks)
    form |= {
        f"tracks-{n}-release": on.pk,
        f"tracks-{n}-medium_position": "1",
        f"tracks-{n}-position": "41",
        f"tracks-{n}-number": "41",
        f"tracks-{n}-title": "Bonus: Demo Suite",
    }
    return form


def test_forty_tracks_edit_on_one_page_with_what_they_add(editor, expanded):
    page = editor.get(f"/admin/releases/release/{expanded.pk}/change/").content.decode()
    assert page.count('name="tracks-') > 40 * 5
    assert "Not on any earlier release: 20" in page
    assert page.count("on an earlier release") == 20


def test_an_admin_save_goes_through_the_services_and_renews_the_page(client, editor, expanded):
    url = expanded.get_absolute_url()
    assert "Bonus: Demo Suite" not in client.get(url).content.decode()
    tracks = list(Track.objects.filter(release=expanded))
    response = editor.post(
        f"/admin/releases/release/{expanded.pk}/change/", _form(expanded, tracks)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    bonus = Track.objects.get(release=expanded, title="Bonus: Demo Suite")
    assert bonus.recording.title == "Bonus: Demo Suite"  # made for it
    html = client.get(url).content.decode()
    assert "Bonus: Demo Suite" in html
    assert "expanded" in html
    assert "21 tracks not on any earlier release" in html
