"""The demo articles as files: Markdown with a small front matter, parsed without a library.

Pure. A file looks like this::

    ---
    slug: knee-clicks
    question: My knee clicks when I squat. Is it damaged?
    summary: One or two sentences for the index and search results.
    region: knee
    tags: noises, squats
    author: maya.okafor@clinic.example
    reviewed_on: 2026-10-14
    key_points:
    - A point in a line.
    see_doctor_if:
    - A warning sign in a line.
    ---
    The answer, in Markdown.

Scalars are `key: value` on one line; lists are a `key:` line followed by `- item` lines.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from clinic.content import slugs
from clinic.core.domain import DomainError
from clinic.core.regions import REGIONS

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
SCALARS = ("slug", "question", "summary", "region", "tags", "author", "reviewed_on")
LISTS = ("key_points", "see_doctor_if")
FENCE = "---"


class ArticleFileError(DomainError):
    """A demo article file that cannot be read; the message names the file and the line."""


@dataclass(frozen=True)
class ArticleSpec:
    slug: str
    question: str
    summary: str
    region: str
    tags: tuple[str, ...]
    author_email: str
    reviewed_on: date
    key_points: tuple[str, ...]
    see_doctor_if: tuple[str, ...]
    answer_md: str


def _front_matter(lines: list[str], name: str) -> tuple[dict, int]:
    """The fields between the two fences, and the index of the line after the closing one."""
    if not lines or lines[0].strip() != FENCE:
        raise ArticleFileError(f"{name}: the file must start with a '---' line.")
    fields: dict = {key: [] for key in LISTS}
    current_list = None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == FENCE:
            return fields, number
        if not line.strip():
            continue
        if line.startswith("- ") and current_list:
            fields[current_list].append(line[2:].strip())
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in SCALARS + LISTS:
            raise ArticleFileError(f"{name}, line {number}: unknown line {line!r}.")
        current_list = key if key in LISTS else None
        if key in SCALARS:
            fields[key] = value.strip()
    raise ArticleFileError(f"{name}: the front matter has no closing '---' line.")


def parse(text: str, name: str = "article") -> ArticleSpec:
    """One article file's text as an ArticleSpec, or ArticleFileError saying what is wrong."""
    lines = text.splitlines()
    fields, body_start = _front_matter(lines, name)
    missing = [key for key in SCALARS if not fields.get(key)]
    missing += [key for key in LISTS if not fields[key]]
    if missing:
        raise ArticleFileError(f"{name}: missing {', '.join(missing)}.")
    if fields["region"] not in REGIONS:
        raise ArticleFileError(f"{name}: unknown region {fields['region']!r}.")
    if not slugs.is_valid(fields["slug"]):
        raise ArticleFileError(f"{name}: {fields['slug']!r} is not a valid slug.")
    try:
        reviewed_on = date.fromisoformat(fields["reviewed_on"])
    except ValueError:
        raise ArticleFileError(f"{name}: reviewed_on must be YYYY-MM-DD.") from None
    answer = "\n".join(lines[body_start:]).strip()
    if not answer:
        raise ArticleFileError(f"{name}: the answer after the front matter is empty.")
    return ArticleSpec(
        slug=fields["slug"],
        question=fields["question"],
        summary=fields["summary"],
        region=fields["region"],
        tags=tuple(t.strip() for t in fields["tags"].split(",") if t.strip()),
        author_email=fields["author"],
        reviewed_on=reviewed_on,
        key_points=tuple(fields["key_points"]),
        see_doctor_if=tuple(fields["see_doctor_if"]),
        answer_md=answer + "\n",
    )


def load_all(directory: Path = ARTICLES_DIR) -> list[ArticleSpec]:
    """Every `*.md` file in `directory`, parsed, in file-name order."""
    return [
        parse(path.read_text(encoding="utf-8"), path.name)
        for path in sorted(directory.glob("*.md"))
    ]
