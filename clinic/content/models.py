"""Q&A articles and the questions people send in."""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.core.model import str_enum
from clinic.extensions import db
from clinic.practice.models import Therapist


class ArticleStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Article(db.Model):
    __tablename__ = "article"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    #: The patient's question, used as the page title.
    question: Mapped[str] = mapped_column(String(300))
    #: One or two sentences for the index and the meta description.
    summary: Mapped[str] = mapped_column(String(500))
    key_points: Mapped[list[str]] = mapped_column(default=list)
    #: Markdown; sanitised whenever it is rendered.
    answer_md: Mapped[str] = mapped_column(Text)
    #: "See a doctor first if" points shown in their own box.
    see_doctor_if: Mapped[list[str]] = mapped_column(default=list)
    region: Mapped[str] = mapped_column(String(40), index=True)
    tags: Mapped[list[str]] = mapped_column(default=list)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("therapist.id", ondelete="SET NULL"))
    status: Mapped[ArticleStatus] = mapped_column(
        str_enum(ArticleStatus, "article_status"), default=ArticleStatus.DRAFT, index=True
    )
    reviewed_on: Mapped[date | None]
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime]

    author: Mapped[Therapist | None] = relationship()


class QuestionStatus(enum.StrEnum):
    NEW = "new"
    ANSWERED = "answered"
    DRAFTED = "drafted"
    DISMISSED = "dismissed"


class Question(db.Model):
    """A question sent through "How can we help you today?"; never published with the name."""

    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    region: Mapped[str | None] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[QuestionStatus] = mapped_column(
        str_enum(QuestionStatus, "question_status"), default=QuestionStatus.NEW, index=True
    )
    #: The article this question became, if any.
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    #: The private answer sent by email, kept for the inbox's history.
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class SlugRedirect(db.Model):
    """An article's earlier slug, answered with a permanent redirect to its current page."""

    __tablename__ = "article_slug_redirect"

    id: Mapped[int] = mapped_column(primary_key=True)
    old_slug: Mapped[str] = mapped_column(String(160), unique=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime]


class ArticleDailyViews(db.Model):
    """How many times an article was read on one day: a bare count, nothing about the reader."""

    __tablename__ = "article_daily_views"
    __table_args__ = (UniqueConstraint("article_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    #: The day in UTC.
    day: Mapped[date]
    views: Mapped[int] = mapped_column(default=0)


class QuestionRateLimit(db.Model):
    """Questions sent per client address in a fixed window, shared by every worker."""

    __tablename__ = "question_rate_limit"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the secret key and the client address: the address itself is never stored.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    window_started_at: Mapped[datetime]
    count: Mapped[int] = mapped_column(default=0)
