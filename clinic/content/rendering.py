"""Turning an article's Markdown into HTML that is safe to show, and into plain text.

Pure: Python-Markdown converts, then nh3 (the Ammonia sanitiser) keeps only the tags and
attributes an answer needs. Raw HTML typed into the Markdown goes through the same sanitiser
as the converter's own output: script and style are dropped with their content, event
handlers and unknown tags are removed, and links keep only http, https and mailto. Images are
not allowed: the site loads nothing from elsewhere.
"""

import html
import re

import markdown
import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
        "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_EXTENSIONS = ["sane_lists", "tables"]
_HEADING = re.compile(r"^(#{1,5})(?=\s)", re.MULTILINE)


def _demote_headings(source: str) -> str:
    """The page's title is the only h1: an answer's "# Heading" becomes an h2."""
    return _HEADING.sub(lambda m: "#" * min(len(m.group(1)) + 1, 4), source)


def to_html(source: str) -> str:
    """Markdown in, sanitised HTML out; never trust the result less than nh3's output."""
    converted = markdown.markdown(_demote_headings(source or ""), extensions=_EXTENSIONS)
    return nh3.clean(
        converted,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def to_text(source: str) -> str:
    """The answer as plain text, for JSON-LD and the meta description: tags gone, spaces tidied."""
    stripped = nh3.clean(to_html(source), tags=set())
    return re.sub(r"\s+", " ", html.unescape(stripped)).strip()


def excerpt(text: str, limit: int = 155) -> str:
    """At most `limit` characters, cut at a word, with an ellipsis when cut."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
