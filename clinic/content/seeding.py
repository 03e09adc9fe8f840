"""Loading the demo articles from clinic/content/articles/*.md into the database.

Idempotent: an article whose slug (or an old slug) is already present is left as it is, so
a second `seed-demo` adds nothing and never overwrites what an author has edited since.
"""

from datetime import datetime

from sqlalchemy import select

from clinic.auth.models import User
from clinic.content import article_files
from clinic.content.authoring import slug_in_use
from clinic.content.models import Article, ArticleStatus
from clinic.extensions import db
from clinic.practice.models import Therapist


def _author_id(email: str) -> int | None:
    return db.session.scalar(
        select(Therapist.id).join(User, Therapist.user_id == User.id).where(User.email == email)
    )


def load_articles(now: datetime, report=None) -> int:
    """Add every demo article that is missing, published; returns how many were added."""
    added = 0
    for spec in article_files.load_all():
        if slug_in_use(spec.slug):
            continue
        db.session.add(
            Article(
                slug=spec.slug,
                question=spec.question,
                summary=spec.summary,
                region=spec.region,
                tags=list(spec.tags),
                key_points=list(spec.key_points),
                see_doctor_if=list(spec.see_doctor_if),
                answer_md=spec.answer_md,
                author_id=_author_id(spec.author_email),
                status=ArticleStatus.PUBLISHED,
                reviewed_on=spec.reviewed_on,
                published_at=now,
                created_at=now,
            )
        )
        added += 1
        if report is not None:
            report.add("articles")
    db.session.flush()
    return added
