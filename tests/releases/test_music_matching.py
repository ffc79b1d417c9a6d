"""What a release adds over the album's earlier releases: the pure computation."""

from datetime import date

from cinemeter.releases.music.matching import TrackRow, has_earlier, releases_compare

Y1996 = (date(1996, 1, 1), date(1996, 12, 31))
Y2014 = (date(2014, 1, 1), date(2014, 12, 31))


def test_an_expanded_release_adds_the_cues_no_earlier_release_had():
    result = releases_compare(
        [(1, *Y1996), (2, *Y2014)],
        [
            TrackRow(10, 1, "Main Title", 100),
            TrackRow(11, 1, "Escape", 101),
            TrackRow(20, 2, "Main Title", 100),
            TrackRow(21, 2, "Escape", 101),
            TrackRow(22, 2, "Unused Cue", 102),
        ],
    )
    assert [t for t in (20, 21, 22) if result.features[t].is_new] == [22]
    assert result.new_count([20, 21, 22]) == 1
    assert has_earlier(result, 2)
    assert not has_earlier(result, 1)


def test_the_same_recording_under_a_new_title_is_not_new():
    result = releases_compare(
        [(1, *Y1996), (2, *Y2014)],
        [TrackRow(10, 1, "Cue 1M1", 100), TrackRow(20, 2, "Main Title (Remastered)", 100)],
    )
    assert not result.features[20].is_new


def test_the_same_title_is_the_same_music_even_as_another_recording():
    result = releases_compare(
        [(1, *Y1996), (2, *Y2014)],
        [TrackRow(10, 1, "The Duel", 100), TrackRow(20, 2, "the duel", 200)],
    )
    assert not result.features[20].is_new


def test_releases_of_the_same_year_add_to_neither():
    result = releases_compare(
        [(1, *Y1996), (2, date(1996, 5, 1), date(1996, 5, 1))],
        [TrackRow(10, 1, "A", 100), TrackRow(20, 2, "A", 100), TrackRow(21, 2, "B", 101)],
    )
    # A 1996 CD and a May 1996 LP may be the same day: neither is earlier.
    assert result.features[20].is_new
    assert result.features[21].is_new
    assert not has_earlier(result, 2)


def test_a_later_release_that_leaves_tracks_out_drops_them():
    result = releases_compare(
        [(1, *Y1996), (2, *Y2014)],
        [TrackRow(10, 1, "A", 100), TrackRow(11, 1, "B", 101), TrackRow(20, 2, "A", 100)],
    )
    assert result.drops[2] == [11]
    assert result.drops[1] == []


def test_a_release_without_a_tracklist_takes_no_part():
    result = releases_compare(
        [(1, *Y1996), (2, *Y2014), (3, date(2017, 1, 1), date(2017, 12, 31))],
        [TrackRow(20, 2, "A", 100), TrackRow(30, 3, "A", 100), TrackRow(31, 3, "B", 101)],
    )
    assert {row.id for row in result.editions} == {2, 3}
    # The 2014 release is the first with a tracklist: it has nothing to be compared with.
    assert not has_earlier(result, 2)
    assert [t for t in (30, 31) if result.features[t].is_new] == [31]
