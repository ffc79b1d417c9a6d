"""Response headers: the content security policy, the permissions policy, private caching of
personal responses; and that the templates need nothing the policy forbids."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.factories import MemberFactory
from tests.catalog.factories import TitleFactory
from tests.manage_subprocess import run_manage

TEMPLATE_ROOT = Path(settings.BASE_DIR) / "cinemeter"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@pytest.fixture
def title():
    return TitleFactory.create(title="Escape from L.A.")


def test_every_page_has_the_strict_policies(client, title):
    for path in ["/", title.get_absolute_url(), reverse("accounts:login"), "/no-such-page/"]:
        response = client.get(path)
        assert response["Content-Security-Policy"] == CSP, path
        policy = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy, path
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_with_a_csrf_token_are_private(client):
    for name in ["accounts:login", "accounts:register", "accounts:password-reset"]:
        response = client.get(reverse(name))
        assert 'name="csrfmiddlewaretoken"' in response.text
        assert "private" in response["Cache-Control"], name
        assert "Cookie" in response["Vary"]


def test_a_members_pages_are_private_and_a_visitors_shared_pages_are_not(client, title):
    shared = client.get(title.get_absolute_url())
    assert shared.status_code == 200
    assert "private" not in shared.get("Cache-Control", "")
    client.force_login(MemberFactory.create(username="ann"))
    for path in ["/", title.get_absolute_url(), reverse("accounts:settings"), "/member/ann/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "private" in response["Cache-Control"], path
        assert "public" not in response["Cache-Control"], path


def _template_files():
    return sorted(p for p in TEMPLATE_ROOT.rglob("templates/**/*.html"))


def test_templates_carry_no_inline_script_style_or_handler():
    # What the policy refuses: the browser would drop it, so none may be relied on.
    offending = []
    for path in _template_files():
        html = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\ssrc=)[^>]*>", r"\sstyle=", r"<style", r"\son\w+="):
            offending += [f"{path.name}: {m}" for m in re.findall(pattern, html)]
        if "javascript:" in html:
            offending.append(f"{path.name}: javascript: URL")
    assert _template_files(), "found no templates: the test would prove nothing"
    assert offending == []


def test_the_documented_deploy_settings_pass_check_deploy(tmp_path):
    # The README's sentence for a public site behind TLS, word for word.
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    sentence = re.search(r"behind TLS,\s*`([^`]+)`", readme)
    assert sentence, "the README no longer names the TLS settings"
    env = dict(pair.split("=", 1) for pair in sentence.group(1).split())
    assert "DJANGO_SECURE_HSTS_PRELOAD" in env
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            **env,
            "DJANGO_SECRET_KEY": "x" * 60 + "-a-long-and-random-enough-deploy-key",
            "DJANGO_ALLOWED_HOSTS": "cinemeter.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
