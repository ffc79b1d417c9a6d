"""The error pages over real HTTP, in English and in Dutch: 400, 403 (with the reason a member
can act on), the CSRF failure, 404, 405 (keeping its Allow header), 429 (with Retry-After),
500; and robots.txt and favicon.ico.

The language comes as a visitor's does (Accept-Language, or the switcher's cookie) or as a
member's (their preference). Every page is the site's own: the header, the stylesheet and the
`error-page` section, never Django's bare defaults.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

from cinemeter.core.errors import too_many_requests
from config.urls import urlpatterns as site_urls
from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.community.messages_helpers import post

ENGLISH = {"lang": '<html lang="en">', "home": "Home page"}
DUTCH = {"lang": '<html lang="nl">', "home": "Voorpagina"}


def _throttled(request: HttpRequest) -> HttpResponse:
    return too_many_requests(request, 90.2, "Too many log-in attempts for this name.")


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


# The site's own URLs, plus views that answer 429, 500 and a 403 without a reason.
urlpatterns = [
    *site_urls,
    path("test-throttled/", _throttled),
    path("test-broken/", _broken),
    path("test-forbidden/", _forbidden),
]


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def styled(response, status: int, language: dict[str, str]) -> str:
    assert response.status_code == status
    html: str = response.content.decode()
    assert language["lang"] in html
    assert 'class="error-page"' in html
    assert "css/site.css" in html
    assert language["home"] in html
    assert " style=" not in html  # the coming CSP allows no inline styles
    return html


@pytest.mark.parametrize(("code", "language"), [("en", ENGLISH), ("nl", DUTCH)])
def test_404_in_the_readers_language(client, code, language):
    html = styled(client.get("/title/no-such-film/", HTTP_ACCEPT_LANGUAGE=code), 404, language)
    assert {"en": "Page not found", "nl": "Pagina niet gevonden"}[code] in html


@pytest.mark.parametrize(("code", "language"), [("en", ENGLISH), ("nl", DUTCH)])
def test_400_for_a_request_the_site_cannot_serve(client, code, language):
    response = client.get("/", HTTP_HOST="elsewhere.example", HTTP_ACCEPT_LANGUAGE=code)
    html = styled(response, 400, language)
    assert {"en": "Bad request", "nl": "Ongeldig verzoek"}[code] in html


@pytest.mark.parametrize(
    ("code", "language", "reason"),
    [
        ("en", ENGLISH, "Only the author may change this message."),
        ("nl", DUTCH, "Alleen de schrijver mag dit bericht wijzigen."),
    ],
)
def test_403_says_why(code, language, reason):
    """Another member opening the edit form of someone's review learns who may change it."""
    message = post(MemberFactory.create(), TitleFactory.create(), "A fine film.")
    other = Client()
    other.force_login(MemberFactory.create(preferred_language=code))
    html = styled(other.get(reverse("community:message-edit", args=[message.pk])), 403, language)
    assert f'<p class="error-reason">{reason}</p>' in html
    assert "Log in" not in html.split('class="error-page"')[1]  # a member needs no log-in link


def test_403_of_the_moderation_queue_names_who_may_see_it(client):
    client.force_login(MemberFactory.create(preferred_language="nl"))
    html = styled(client.get(reverse("community:moderation")), 403, DUTCH)
    assert '<p class="error-reason">Alleen moderators mogen deze pagina zien.</p>' in html


@pytest.mark.urls(__name__)
def test_403_without_a_reason_says_it_generally_and_offers_a_visitor_to_log_in(client):
    html = styled(client.get("/test-forbidden/", HTTP_ACCEPT_LANGUAGE="nl"), 403, DUTCH)
    assert "error-reason" not in html
    assert "Je mag deze pagina niet zien of dit niet doen." in html
    assert f'href="{reverse("accounts:login")}?next=/test-forbidden/"' in html


@pytest.mark.parametrize(("code", "language"), [("en", ENGLISH), ("nl", DUTCH)])
def test_csrf_failure_explains_in_the_readers_words(code, language):
    browser = Client(enforce_csrf_checks=True)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    # No cookie at all: the page says cookies are needed.
    response = browser.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    html = styled(response, 403, language)
    assert {"en": "allow cookies", "nl": "sta cookies"}[code] in html
    assert "CSRF" not in html  # Django's developer wording stays out
    # A cookie but a stale token: the page says the form expired.
    browser.get(reverse("accounts:login"))
    response = browser.post(
        reverse("accounts:login"), {"username": "x", "csrfmiddlewaretoken": "x" * 64}
    )
    html = styled(response, 403, language)
    assert {"en": "This form has expired", "nl": "Dit formulier is verlopen"}[code] in html
    assert {"en": "allow cookies", "nl": "sta cookies"}[code] not in html


@pytest.mark.parametrize(("code", "language"), [("en", ENGLISH), ("nl", DUTCH)])
def test_405_is_a_page_and_keeps_the_allow_header(client, code, language):
    title = TitleFactory.create()
    response = client.get(reverse("community:vote", args=[title.slug]), HTTP_ACCEPT_LANGUAGE=code)
    html = styled(response, 405, language)
    assert response["Allow"] == "POST"
    assert {"en": "Not a page to open", "nl": "Geen pagina om te openen"}[code] in html


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("code", "language"), [("en", ENGLISH), ("nl", DUTCH)])
def test_429_says_what_and_when_with_retry_after(client, code, language):
    response = client.get("/test-throttled/", HTTP_ACCEPT_LANGUAGE=code)
    html = styled(response, 429, language)
    assert response["Retry-After"] == "91"
    assert "Too many log-in attempts for this name." in html
    assert {"en": "Please wait 2 minutes", "nl": "Wacht 2 minuten"}[code] in html


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("code", "language"), [("en", ENGLISH), ("nl", DUTCH)])
def test_500_stands_alone_in_the_readers_language(code, language):
    client = Client(raise_request_exception=False)
    response = client.get("/test-broken/", HTTP_ACCEPT_LANGUAGE=code)
    assert response.status_code == 500
    html = response.content.decode()
    assert language["lang"] in html
    assert "css/site.css" in html
    assert " style=" not in html
    assert {"en": "Something went wrong", "nl": "Er ging iets mis"}[code] in html


def test_robots_txt_keeps_crawlers_to_the_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    rules = response.content.decode().splitlines()
    assert "Allow: /" in rules
    for private in ("/account/", "/admin/", "/title/*/vote/", "/title/*/messages/", "/*?*sort="):
        assert f"Disallow: {private}" in rules


def test_favicon_ico_leads_to_the_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def _permission_denied_reasons() -> list[tuple[str, int, ast.expr]]:
    root = Path(settings.BASE_DIR) / "cinemeter"
    found = []
    for source in root.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "PermissionDenied"
                and node.args
            ):
                found.append((str(source.relative_to(root)), node.lineno, node.args[0]))
    return found


def test_every_reason_a_403_shows_is_translated():
    """The 403 page shows a PermissionDenied's message: each must be written for members and
    marked for translation, `_("...")`, never a bare string or a formatted value."""
    reasons = _permission_denied_reasons()
    assert reasons, "no PermissionDenied raised with a reason: the scan found nothing"
    bare = [
        f"{where}:{line}"
        for where, line, arg in reasons
        if not (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "_")
    ]
    assert bare == []


def test_head_answers_carry_the_get_headers_and_no_body(rf):
    """gunicorn logged a warning for each HEAD answer with a body (an uptime monitor's)."""
    from django.http import HttpResponse, StreamingHttpResponse

    from cinemeter.core.head import head_without_body

    page = head_without_body(lambda request: HttpResponse(b"<html>hello</html>"))
    answer: Any = page(rf.head("/"))
    assert answer.content == b""
    assert answer["Content-Length"] == str(len(b"<html>hello</html>"))
    assert page(rf.get("/")).content == b"<html>hello</html>"  # type: ignore[attr-defined]
    streamed = head_without_body(lambda request: StreamingHttpResponse(iter([b"a", b"b"])))
    head: Any = streamed(rf.head("/"))
    assert b"".join(head.streaming_content) == b""
