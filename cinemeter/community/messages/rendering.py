"""A message's Markdown source to the safe HTML stored beside it.

Its own module because both the message services (on post and edit) and the translation
services (on storing a translation) render, and the translation services are called by the
message services: here neither imports the other to render.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# The Markdown subset: paragraphs and line breaks, emphasis, links, block quotes. Raw HTML is
# off, so "<b>" arrives as text; markdown-it also refuses javascript:/data: link targets.
_MARKDOWN = MarkdownIt("zero", {"html": False, "breaks": True}).enable(
    ["blockquote", "emphasis", "link", "autolink", "escape", "newline", "entity"]
)
# nh3 (Rust's ammonia) is the last word on what reaches a page, whatever the renderer did.
_ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote"}
_ALLOWED_ATTRIBUTES = {"a": {"href"}}
_URL_SCHEMES = {"http", "https", "mailto"}


def message_render(source: str) -> str:
    """The safe HTML for a message's Markdown source; links get rel="nofollow noopener"."""
    return nh3.clean(
        _MARKDOWN.render(source),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="nofollow noopener",
    )
