"""Article slugs: made from the question, checked when typed. Pure."""

import re
import unicodedata

MAX_LENGTH = 80
_VALID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Small words that make a slug longer without making it clearer.
_FILLER = frozenset({"a", "an", "the", "is", "it", "my", "i", "do", "does", "of", "to", "and"})


def is_valid(slug: str) -> bool:
    """Lower-case letters and digits in words joined by single hyphens, at most 80 long."""
    return bool(_VALID.match(slug or "")) and len(slug) <= MAX_LENGTH


def slugify(text: str) -> str:
    """A readable slug from a question: "Is my knee clicking bad?" -> "knee-clicking-bad"."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    kept = [w for w in words if w not in _FILLER] or words
    slug = ""
    for word in kept:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_LENGTH:
            break
        slug = candidate
    return slug or "question"


def unique(base: str, taken) -> str:
    """`base`, or `base-2`, `base-3`, ... the first that `taken(slug)` says is free."""
    slug, n = base, 2
    while taken(slug):
        suffix = f"-{n}"
        slug = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug
