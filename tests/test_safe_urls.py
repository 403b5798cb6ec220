"""Only http(s) addresses with a host become links (Articles and Data tables, article view):
a stored url is user data, and a link column would open whatever it holds."""

import pytest

from dashboard.app.safe import http_url

KEPT = [
    "https://example.org/news/1",
    "http://example.org",
    "  https://example.org/a?b=c#d  ",
]
REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    '=HYPERLINK("http://evil.test","x")',
    "/relative/path",
    "example.org/no-scheme",
    "http://",
    "https://exa mple.org/",
    "https://example.org/\x07bell",
    "file:///etc/passwd",
    "",
    None,
    42,
]


@pytest.mark.parametrize("value", KEPT)
def test_web_addresses_are_kept(value):
    assert http_url(value) == value.strip()


@pytest.mark.parametrize("value", REFUSED)
def test_anything_else_is_no_link(value):
    assert http_url(value) is None
