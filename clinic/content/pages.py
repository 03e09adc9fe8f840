"""What the public article page shows besides the article: direct access, JSON-LD, links.

Kept out of the views so they stay thin.
"""

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select

from clinic.content import rendering, structured_data
from clinic.content.models import Article
from clinic.core.regions import region_label
from clinic.core.urls import external_url
from clinic.directaccess import explain
from clinic.extensions import db
from clinic.practice.models import ClinicSettings, Location


@dataclass(frozen=True)
class DirectAccessLine:
    """One line per state the clinic's locations are in; `place` only when states differ."""

    place: str | None
    text: str


def direct_access_lines() -> tuple[list[DirectAccessLine], str | None]:
    """The clinic's direct-access rule in a line per state, and the insurance note."""
    locations = list(
        db.session.scalars(select(Location).where(Location.active).order_by(Location.id))
    )
    if not locations:
        return [], None
    states = list(dict.fromkeys(location.state for location in locations))
    if len(states) == 1:
        notice = explain.for_patient(states[0])
        return [DirectAccessLine(None, notice.headline)], notice.insurance_note
    lines = []
    for location in locations:
        notice = explain.for_patient(location.state)
        lines.append(DirectAccessLine(f"{location.name} ({location.city})", notice.headline))
    return lines, explain.for_patient(states[0]).insurance_note


def canonical_url(article: Article) -> str:
    return external_url("content.article", slug=article.slug)


def json_ld(article: Article) -> Markup:
    """The article's FAQPage JSON-LD, escaped to sit safely inside a <script> element."""
    clinic = db.session.get(ClinicSettings, 1)
    author = article.author
    facts = structured_data.ArticleFacts(
        url=canonical_url(article),
        question=article.question,
        summary=article.summary,
        answer_text=rendering.to_text(article.answer_md),
        author_name=author.display_name if author else None,
        author_credentials=author.credentials if author else None,
        reviewed_on=article.reviewed_on,
        publisher=clinic.name if clinic else "",
    )
    # Safe as markup: script_json escapes every character that could end the <script>.
    return Markup(structured_data.script_json(structured_data.article_json_ld(facts)))  # noqa: S704  # nosec B704


def meta_description(article: Article) -> str:
    return rendering.excerpt(article.summary or rendering.to_text(article.answer_md))


def context(article: Article) -> dict:
    """Everything the article template needs, for the public page and the staff preview."""
    lines, insurance_note = direct_access_lines()
    return {
        "article": article,
        # Safe as markup: rendering.to_html passes everything through the nh3 sanitiser.
        "answer_html": Markup(rendering.to_html(article.answer_md)),  # noqa: S704  # nosec B704
        "region_name": region_label(article.region),
        "direct_access": lines,
        "insurance_note": insurance_note,
        "json_ld": json_ld(article),
        "canonical": canonical_url(article),
        "description": meta_description(article),
    }
