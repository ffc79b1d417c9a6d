"""The bundled demo catalogue loads through the services and says what the issue asks."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cinemeter.catalog.models import Title, TitleKind
from cinemeter.core.counters import counters_read, counters_recount


def test_demo_loads_once_with_exact_counters():
    call_command("load_demo", "--if-empty", stdout=StringIO())
    titles = Title.objects.count()
    assert Title.objects.filter(slug="escape-from-la-1996").exists()
    assert Title.objects.filter(slug="escape-from-new-york-1981").exists()
    assert Title.objects.filter(kind=TitleKind.SERIES).count() >= 1
    assert Title.objects.filter(kind=TitleKind.EPISODE).count() >= 4
    assert counters_recount(fix=False) == []
    assert counters_read()["movies"] >= 6

    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "already has titles" in out.getvalue()
    assert Title.objects.count() == titles
    with pytest.raises(CommandError, match="only into an empty one"):
        call_command("load_demo", stdout=StringIO())
