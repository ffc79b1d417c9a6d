"""Which language a page is in: a member's preference, else the switcher's remembered choice,
else Accept-Language; the URL stays the same throughout.
"""

from django.conf import settings
from django.test import Client

from cinemeter.accounts.models import User
from tests.accounts.factories import MemberFactory

SWITCH = "/account/language/"


def _lang(response):
    assert response.status_code == 200
    return response.text.split('<html lang="', 1)[1].split('"', 1)[0]


def test_the_browser_language_is_the_default(client):
    assert _lang(client.get("/browse/")) == "en"
    assert _lang(client.get("/browse/", HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9,en;q=0.5")) == "nl"
    assert "Bladeren" in client.get("/browse/", HTTP_ACCEPT_LANGUAGE="nl").text
    assert _lang(client.get("/browse/", HTTP_ACCEPT_LANGUAGE="fr")) == "en"


def test_the_switcher_is_remembered_and_keeps_the_url(client):
    response = client.post(SWITCH, {"language": "nl", "next": "/browse/?kind=films"})
    assert response.status_code == 302
    assert response.url == "/browse/?kind=films"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    # Remembered over the browser's own preference, on the same URL.
    assert _lang(client.get("/browse/?kind=films", HTTP_ACCEPT_LANGUAGE="en")) == "nl"


def test_the_switcher_only_goes_back_to_this_site(client):
    response = client.post(SWITCH, {"language": "nl", "next": "https://evil.example/"})
    assert response.url == "/"
    response = client.post(SWITCH, {"language": "xx", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_every_page_offers_the_other_language(client):
    html = client.get("/").text
    assert 'action="/account/language/"' in html
    assert 'name="language" value="nl"' in html
    assert "Nederlands</button>" in html


def test_a_members_preference_wins(client):
    member = MemberFactory.create(preferred_language="nl")
    client.force_login(member)
    assert _lang(client.get("/browse/", HTTP_ACCEPT_LANGUAGE="en")) == "nl"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _lang(client.get("/browse/")) == "nl"


def test_a_member_using_the_switcher_changes_their_preference(client):
    member = MemberFactory.create(preferred_language="nl")
    client.force_login(member)
    client.post(SWITCH, {"language": "en", "next": "/"})
    assert User.objects.get(pk=member.pk).preferred_language == "en"
    assert _lang(client.get("/")) == "en"


def test_registration_keeps_the_language_and_mails_in_it(client, mailoutbox):
    client.post(
        "/account/register/",
        {
            "username": "nieuwlid",
            "email": "nieuw@example.org",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
            "accept_terms": "on",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert User.objects.get(username="nieuwlid").preferred_language == "nl"
    [mail] = mailoutbox
    assert mail.subject == "Bevestig je Cinemeter-account"
    assert "Hallo nieuwlid," in mail.body


def test_settings_save_the_languages_a_member_reads(client):
    member = MemberFactory.create()
    client.force_login(member)
    page = client.get("/account/settings/").text
    assert "Languages I read" in page
    response = client.post(
        "/account/settings/",
        {
            "email": member.email,
            "bio": "",
            "preferred_language": "en",
            "read_languages": ["en", "nl"],
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=member.pk).read_languages == ["en", "nl"]


def test_visitors_switch_without_a_token_and_their_pages_hand_out_none():
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    assert "csrfmiddlewaretoken" not in page.text
    assert settings.CSRF_COOKIE_NAME not in page.cookies  # so the page cache may keep it
    response = visitor.post(SWITCH, {"language": "nl", "next": "/"})
    assert response.status_code == 302
    assert _lang(visitor.get("/")) == "nl"


def test_a_members_switch_needs_the_token():
    member = MemberFactory.create(preferred_language="nl")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    assert browser.post(SWITCH, {"language": "en", "next": "/"}).status_code == 403
    assert User.objects.get(pk=member.pk).preferred_language == "nl"
    token = browser.get("/").text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"')[0]
    response = browser.post(SWITCH, {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert User.objects.get(pk=member.pk).preferred_language == "en"
