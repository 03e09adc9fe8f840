"""Writing articles: drafts, edits with slug changes kept as redirects, publishing.

Services: they add and flush; the request commits.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from clinic.content import slugs
from clinic.content.models import Article, ArticleStatus, SlugRedirect
from clinic.core.domain import DomainError
from clinic.core.regions import REGIONS
from clinic.extensions import db


class SlugTaken(DomainError):
    status_code = 409


class NotReadyToPublish(DomainError):
    pass


@dataclass
class ArticleInput:
    """What an author typed; the form has checked lengths, this module checks the rules."""

    question: str
    slug: str
    summary: str
    region: str
    answer_md: str
    reviewed_on: date | None = None
    author_id: int | None = None
    tags: list[str] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)
    see_doctor_if: list[str] = field(default_factory=list)


def slug_in_use(slug: str, except_article_id: int | None = None) -> bool:
    """True when another article has `slug`, now or as an old slug that still redirects."""
    current = db.session.scalar(select(Article.id).where(Article.slug == slug))
    if current is not None and current != except_article_id:
        return True
    previous = db.session.scalar(
        select(SlugRedirect.article_id).where(SlugRedirect.old_slug == slug)
    )
    return previous is not None and previous != except_article_id


def _apply(article: Article, data: ArticleInput) -> None:
    if data.region not in REGIONS:
        raise DomainError("Choose a body region from the list.")
    article.question = data.question.strip()
    article.summary = data.summary.strip()
    article.region = data.region
    article.answer_md = data.answer_md.strip() + "\n"
    article.reviewed_on = data.reviewed_on
    article.author_id = data.author_id
    article.tags = [t for t in (s.strip().lower() for s in data.tags) if t]
    article.key_points = [p.strip() for p in data.key_points if p.strip()]
    article.see_doctor_if = [p.strip() for p in data.see_doctor_if if p.strip()]


def _checked_slug(data: ArticleInput, article_id: int | None) -> str:
    slug = (data.slug or "").strip().lower() or slugs.slugify(data.question)
    if not slugs.is_valid(slug):
        raise DomainError(
            "Use lower-case letters, digits and single hyphens in the web address, at most "
            f"{slugs.MAX_LENGTH} characters."
        )
    if slug_in_use(slug, article_id):
        raise SlugTaken(f"Another article already uses the web address “{slug}”.")
    return slug


def create(data: ArticleInput, now: datetime) -> Article:
    """A new draft article."""
    article = Article(slug=_checked_slug(data, None), status=ArticleStatus.DRAFT, created_at=now)
    _apply(article, data)
    db.session.add(article)
    db.session.flush()
    return article


def update(article: Article, data: ArticleInput, now: datetime) -> Article:
    """Save an edit. A changed slug of a published article leaves a permanent redirect."""
    new_slug = _checked_slug(data, article.id)
    if new_slug != article.slug:
        db.session.execute(SlugRedirect.__table__.delete().where(SlugRedirect.old_slug == new_slug))
        if article.published_at is not None:
            db.session.add(
                SlugRedirect(old_slug=article.slug, article_id=article.id, created_at=now)
            )
        article.slug = new_slug
    _apply(article, data)
    db.session.flush()
    return article


def publish(article: Article, now: datetime) -> Article:
    """Make the article public; it needs a summary, an answer and a reviewed-on date."""
    missing = [
        label
        for label, value in (
            ("a summary", article.summary.strip()),
            ("an answer", article.answer_md.strip()),
            ("a reviewed-on date", article.reviewed_on),
            ("an author", article.author_id),
        )
        if not value
    ]
    if missing:
        raise NotReadyToPublish(f"Before publishing, add {', '.join(missing)}.")
    article.status = ArticleStatus.PUBLISHED
    article.published_at = article.published_at or now
    db.session.flush()
    return article


def unpublish(article: Article) -> Article:
    """Back to draft: the public page answers 404 until it is published again."""
    article.status = ArticleStatus.DRAFT
    db.session.flush()
    return article
