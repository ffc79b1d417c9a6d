"""The NEW and drops computation as a pure function: dates, same-day editions, overrides,
explicit links and the normalised match."""

from datetime import date

import pytest

from cinemeter.releases.editions.matching import (
    EditionRow,
    FeatureRow,
    editions_compare,
    feature_key,
)

DVD_1998 = EditionRow(1, date(1998, 1, 1), date(1998, 12, 31))  # known only by year
BD_2010 = EditionRow(2, date(2010, 9, 14), date(2010, 9, 14))
CE_2020 = EditionRow(3, date(2020, 5, 26), date(2020, 5, 26))


def new_of(result, feature_id):
    return result.features[feature_id].is_new


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Theatrical Trailer", "theatrical trailer"),
        ("The Making of Escape", "Making of Escape"),
        ("T.V. Spots", "TV spots"),
        ("Sights & Sounds", "Sights and Sounds"),
        ("Sights  and\tSounds!", "sights and sounds"),
        ("Director's Cut Notes", "Directors Cut Notes"),
        ("Een interview", "Interview"),
        ("Making-of: “Snake”", "making of snake"),
        ("Café Scenes", "Cafe scenes"),
    ],
)
def test_normalised_titles_match(one, other):
    assert feature_key("featurette", one) == feature_key("featurette", other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Theatrical Trailer", "Teaser Trailer"),
        ("Interview with Stacy Keach", "Interview with Peter Jason"),
        ("The", "A"),  # a lone word is a title, not an article to drop
    ],
)
def test_different_titles_do_not_match(one, other):
    assert feature_key("trailer", one) != feature_key("trailer", other)


def test_the_kind_is_part_of_the_match():
    assert feature_key("interview", "Bruce Campbell") != feature_key(
        "audio-interview", "Bruce Campbell"
    )


def test_a_feature_is_new_only_where_no_earlier_edition_has_it():
    result = editions_compare(
        [CE_2020, DVD_1998, BD_2010],  # any order in, release order out
        [
            FeatureRow(10, 1, "trailer", "Theatrical Trailer"),
            FeatureRow(20, 2, "trailer", "Theatrical trailer"),
            FeatureRow(30, 3, "trailer", "THEATRICAL TRAILER"),
            FeatureRow(31, 3, "interview", "Interview with Stacy Keach"),
        ],
    )
    assert [e.id for e in result.editions] == [1, 2, 3]
    assert new_of(result, 10)  # the first edition brings its trailer
    assert not new_of(result, 20)
    assert not new_of(result, 30)
    assert new_of(result, 31)
    assert result.features[30].first_edition_ids == [1]
    assert result.new_count([30, 31]) == 1


def test_a_later_edition_does_not_take_new_away_from_an_earlier_one():
    result = editions_compare(
        [BD_2010, CE_2020],
        [FeatureRow(20, 2, "short", "Rope"), FeatureRow(30, 3, "short", "Rope")],
    )
    assert new_of(result, 20)
    assert not new_of(result, 30)


def test_same_day_editions_are_neither_earlier():
    dvd = EditionRow(4, date(2020, 5, 26), date(2020, 5, 26))
    result = editions_compare(
        [dvd, CE_2020],
        [FeatureRow(40, 4, "trailer", "Trailer"), FeatureRow(30, 3, "trailer", "Trailer")],
    )
    assert new_of(result, 40)
    assert new_of(result, 30)
    assert result.features[30].first_edition_ids == [3, 4]
    assert result.drops == {3: [], 4: []}


def test_a_year_overlapping_a_day_is_not_earlier():
    year_only = EditionRow(5, date(2020, 1, 1), date(2020, 12, 31))
    result = editions_compare(
        [year_only, CE_2020],
        [FeatureRow(50, 5, "trailer", "Trailer"), FeatureRow(30, 3, "trailer", "Trailer")],
    )
    assert new_of(result, 50)
    assert new_of(result, 30)


def test_an_undated_edition_comes_after_every_dated_one():
    undated = EditionRow(6, None, None)
    result = editions_compare(
        [undated, DVD_1998],
        [FeatureRow(60, 6, "trailer", "Trailer"), FeatureRow(10, 1, "trailer", "Trailer")],
    )
    assert [e.id for e in result.editions] == [1, 6]
    assert new_of(result, 10)
    assert not new_of(result, 60)


def test_two_undated_editions_are_neither_earlier():
    one, other = EditionRow(7, None, None), EditionRow(8, None, None)
    result = editions_compare(
        [one, other],
        [FeatureRow(70, 7, "trailer", "Trailer"), FeatureRow(80, 8, "trailer", "Trailer")],
    )
    assert new_of(result, 70)
    assert new_of(result, 80)


def test_an_explicit_link_joins_a_renamed_feature_transitively():
    result = editions_compare(
        [DVD_1998, BD_2010, CE_2020],
        [
            FeatureRow(10, 1, "featurette", "Making Escape"),
            FeatureRow(20, 2, "featurette", "Snake Is Back", same_as_id=10),
            # Linked to the 2010 one, so the same as the 1998 one too.
            FeatureRow(30, 3, "documentary", "Back to L.A.", same_as_id=20),
        ],
    )
    assert new_of(result, 10)
    assert not new_of(result, 20)
    assert not new_of(result, 30)
    assert result.features[30].first_edition_ids == [1]
    assert len(result.groups) == 1


def test_overrides_win_both_ways_and_keep_the_computed_value():
    result = editions_compare(
        [DVD_1998, CE_2020],
        [
            FeatureRow(10, 1, "trailer", "Trailer"),
            FeatureRow(30, 3, "trailer", "Trailer", override="new"),  # a new transfer of it
            FeatureRow(31, 3, "featurette", "Promo", override="not-new"),
        ],
    )
    assert new_of(result, 30)
    assert result.features[30].overridden
    assert not result.features[30].computed_new
    assert not new_of(result, 31)
    assert result.features[31].computed_new


def test_drops_are_features_of_earlier_editions_this_one_lacks():
    result = editions_compare(
        [DVD_1998, BD_2010, CE_2020],
        [
            FeatureRow(10, 1, "trailer", "Trailer"),
            FeatureRow(11, 1, "commentary", "Commentary"),
            FeatureRow(20, 2, "trailer", "Trailer"),
            FeatureRow(21, 2, "commentary", "Commentary"),
            FeatureRow(30, 3, "trailer", "Trailer"),
        ],
    )
    assert result.drops[1] == []
    assert result.drops[2] == []
    # Shown as on the latest earlier edition that had it: the 2010 one.
    assert result.drops[3] == [21]


def test_a_renamed_feature_is_no_drop():
    result = editions_compare(
        [BD_2010, CE_2020],
        [
            FeatureRow(20, 2, "featurette", "Old name"),
            FeatureRow(30, 3, "featurette", "New name", same_as_id=20),
        ],
    )
    assert result.drops[3] == []


def test_a_link_outside_the_loaded_features_is_ignored():
    result = editions_compare([CE_2020], [FeatureRow(30, 3, "short", "A", same_as_id=999)])
    assert new_of(result, 30)


def test_no_editions_no_results():
    result = editions_compare([], [])
    assert result.features == {}
    assert result.drops == {}
