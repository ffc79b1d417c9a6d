"""The bundled demo catalogue loads through the services and says what the issue asks."""

from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from cinemeter.catalog.models import Image, ImageKind, Title, TitleKind
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


def test_poster_text_contrasts_with_its_background():
    from cinemeter.catalog.demo.loader import _ink_for

    assert _ink_for("#f2f2f2") == "#111111"
    assert _ink_for("#1d2a44") == "#ffffff"


def test_escape_from_la_demo_page_shows_every_fact(client):
    call_command("load_demo", stdout=StringIO())
    html = client.get("/title/escape-from-la-1996/").content.decode()
    for fact in (
        "Escape from L.A.",
        "(1996)",
        "Action",
        "Sci-Fi",
        "101 minutes",
        "United States",
        "John Carpenter",
        "Kurt Russell",
        "Stacy Keach",
        "Steve Buscemi",
        "5.7",
        "(81,665 votes)",
        "9 August 1996",
        "Snake is back.",
        "Image: Cinemeter demo artwork",
        "Trailer &amp; other videos",
        "No votes yet",
    ):
        assert fact in html, fact
    stars = html.split('class="stars"')[1].split("</dd>")[0]
    assert stars.index("Kurt Russell") < stars.index("Stacy Keach") < stars.index("Buscemi")
    cast = client.get("/title/escape-from-la-1996/cast/").content.decode()
    for character in ("Snake Plissken", "Surgeon General of Beverly Hills", "Hershe Las Palmas"):
        assert character in cast
    poster = Image.objects.get(title__slug="escape-from-la-1996", kind=ImageKind.POSTER)
    assert f'<img src="{poster.url}"' in html
    assert poster.url.startswith("/media/")
    assert default_storage.open(str(poster.file.name)).read().startswith(b"\x89PNG")
