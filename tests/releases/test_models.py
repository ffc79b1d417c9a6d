"""The database's rules for editions and features, and the models' derived values."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cinemeter.releases.editions.models import Edition, EditionFeature, FeaturePerson
from tests.catalog.factories import PersonFactory, TitleFactory
from tests.releases.factories import edition, features


@pytest.fixture
def film():
    return TitleFactory.create(title="Escape from L.A.")


def raw_edition(film, **fields):
    values = {"title": film, "name": "DVD", "slug": "dvd", "format": "dvd"} | fields
    return Edition(**values)


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"disc_count": 0}, "edition_disc_count_positive"),
        ({"classification_rating": "R"}, "edition_rating_has_board"),
        ({"cover_url": "https://example.org/c.jpg"}, "edition_cover_has_attribution"),
        ({"format": "betamax"}, "edition_format_valid"),
        ({"date_precision": "week"}, "edition_date_precision_valid"),
    ],
)
def test_the_database_refuses_broken_editions(film, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        raw_edition(film, **fields).save()


def test_a_slug_is_unique_within_a_title_only(film):
    raw_edition(film).save()
    raw_edition(TitleFactory.create()).save()  # another title may have it
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_edition(film).save()


def test_a_feature_cannot_be_the_same_as_itself(film):
    feature = features(edition(film), ("trailer", "Trailer"))[0]
    feature.same_as = feature
    with (
        pytest.raises(IntegrityError, match="editionfeature_not_same_as_itself"),
        transaction.atomic(),
    ):
        feature.save()


def test_a_feature_kind_and_override_are_checked(film):
    on = edition(film)
    for fields, constraint in (
        ({"kind": "blooper"}, "editionfeature_kind_valid"),
        ({"kind": "trailer", "new_override": "maybe"}, "editionfeature_new_override_valid"),
    ):
        with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
            EditionFeature.objects.create(edition=on, title="X", **fields)


def test_a_person_has_one_row_per_role_in_a_feature(film):
    feature = features(edition(film), ("interview", "Interview"))[0]
    keach = PersonFactory.create(name="Stacy Keach")
    FeaturePerson.objects.create(feature=feature, person=keach, role="actor")
    with pytest.raises(IntegrityError), transaction.atomic():
        FeaturePerson.objects.create(feature=feature, person=keach, role="actor")


def test_a_month_or_year_is_stored_as_its_first_day(film):
    with pytest.raises(ValidationError, match="first day"):
        raw_edition(film, release_date=date(2020, 5, 26), date_precision="month").full_clean()
    with pytest.raises(ValidationError, match="1 January"):
        raw_edition(film, release_date=date(2020, 5, 1), date_precision="year").full_clean()


def test_the_date_span_follows_the_precision(film):
    assert raw_edition(film, release_date=date(2020, 2, 1), date_precision="month").date_span == (
        date(2020, 2, 1),
        date(2020, 2, 29),
    )
    assert raw_edition(film, release_date=date(1998, 1, 1), date_precision="year").date_span == (
        date(1998, 1, 1),
        date(1998, 12, 31),
    )
    assert raw_edition(film).date_span is None


def test_upcoming_until_its_date(film, settings):
    assert raw_edition(film, release_date=date(2999, 1, 1)).is_upcoming
    assert not raw_edition(film, release_date=date(2020, 5, 26)).is_upcoming
    assert not raw_edition(film).is_upcoming


def test_a_gtin_is_digits_of_a_known_length(film):
    with pytest.raises(ValidationError, match="GTIN"):
        raw_edition(film, gtin="82666-1234").full_clean()
    raw_edition(film, gtin="826663212345").full_clean()


def test_same_as_must_point_at_another_edition_of_the_same_title(film):
    first = features(edition(film, "One"), ("featurette", "A"))[0]
    second = features(edition(film, "Two"), ("featurette", "B"))[0]
    other = features(edition(TitleFactory.create(), "Else"), ("featurette", "C"))[0]
    second.same_as = first
    second.full_clean()
    second.same_as = other
    with pytest.raises(ValidationError, match="same title"):
        second.full_clean()
    sibling = features(second.edition, ("featurette", "D"))[0]
    second.same_as = sibling
    with pytest.raises(ValidationError, match="another edition"):
        second.full_clean()


def test_durations_read_as_clock_times(film):
    assert EditionFeature(duration_seconds=725).duration_label == "12:05"
    assert EditionFeature(duration_seconds=3730).duration_label == "1:02:10"
    assert EditionFeature().duration_label == ""


def test_compare_is_no_edition_slug(film):
    with pytest.raises(ValidationError, match="taken"):
        raw_edition(film, slug="compare").full_clean()
