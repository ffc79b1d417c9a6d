"""The site counters' one-statement increment (`counter_add`)."""

import pytest
from django.db import IntegrityError, transaction

from cinemeter.core.counters import counter_add, counters_read
from cinemeter.core.models import SiteCounter

pytestmark = pytest.mark.django_db


def test_a_counter_not_stored_yet_starts_from_its_first_change():
    SiteCounter.objects.filter(name="votes").delete()
    counter_add("votes", 3)
    assert counters_read()["votes"] == 3
    assert SiteCounter.objects.filter(name="votes").count() == 1


def test_a_stored_counter_moves_both_ways():
    SiteCounter.objects.update_or_create(name="votes", defaults={"value": 10})
    counter_add("votes", -4)
    counter_add("votes", 1)
    assert counters_read()["votes"] == 7


def test_a_counter_never_goes_below_zero():
    SiteCounter.objects.update_or_create(name="votes", defaults={"value": 1})
    with pytest.raises(IntegrityError), transaction.atomic():
        counter_add("votes", -2)
    assert counters_read()["votes"] == 1


def test_an_unknown_counter_is_refused():
    with pytest.raises(KeyError, match="bogus"):
        counter_add("bogus", 1)
