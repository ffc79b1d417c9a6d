"""Small helpers for reading what the site sent: links in e-mails, tokens in forms."""

import re


def mailed_link(body, prefix):
    """The path of the first http://testserver link under `prefix` in an e-mail body."""
    match = re.search(rf"http://testserver({re.escape(prefix)}\S+/)", str(body))
    assert match, body
    return match.group(1)


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)
