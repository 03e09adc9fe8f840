"""Questions sent through "How can we help you today?": taking them in, answering them
privately, and turning them into draft articles. Services: they add and flush."""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from clinic.content import emails, slugs
from clinic.content.authoring import ArticleInput, create, slug_in_use
from clinic.content.models import Article, Question, QuestionRateLimit, QuestionStatus
from clinic.core.domain import DomainError
from clinic.extensions import db


@dataclass(frozen=True)
class RatePolicy:
    max_questions: int = 5
    window: timedelta = timedelta(hours=1)


class AlreadyAnswered(DomainError):
    status_code = 409


@dataclass(frozen=True)
class Asked:
    name: str
    email: str
    region: str | None
    body: str


def address_key(address: str | None, secret: str) -> str:
    """The rate limit's key: a keyed hash, so the table never holds a client address."""
    return hashlib.sha256(f"{secret}\0{address or 'unknown'}".encode()).hexdigest()


def retry_after(key: str, policy: RatePolicy, now: datetime) -> int | None:
    """Seconds until this address may ask again, or None when it may ask now."""
    row = db.session.scalar(select(QuestionRateLimit).where(QuestionRateLimit.key == key))
    if row is None:
        return None
    window_end = row.window_started_at + policy.window
    if window_end > now and row.count >= policy.max_questions:
        return max(1, math.ceil((window_end - now).total_seconds()))
    return None


def count_attempt(key: str, policy: RatePolicy, now: datetime) -> None:
    """One more question from this address in the current window."""
    row = db.session.scalar(select(QuestionRateLimit).where(QuestionRateLimit.key == key))
    if row is None:
        db.session.add(QuestionRateLimit(key=key, window_started_at=now, count=1))
    elif row.window_started_at + policy.window <= now:
        row.window_started_at, row.count = now, 1
    else:
        row.count += 1
    db.session.flush()


def receive(asked: Asked, now: datetime) -> Question:
    """Keep the question and queue the acknowledgement email."""
    question = Question(
        name=asked.name.strip(),
        email=asked.email.strip(),
        region=asked.region or None,
        body=asked.body.strip(),
        status=QuestionStatus.NEW,
        created_at=now,
    )
    db.session.add(question)
    db.session.flush()
    emails.queue_acknowledgement(question, now)
    return question


def answer(question: Question, text: str, user, now: datetime) -> Question:
    """Answer privately: the answer is kept and emailed to the asker, once."""
    if question.status == QuestionStatus.ANSWERED:
        raise AlreadyAnswered("This question has already been answered.")
    question.answer = text.strip()
    question.answered_by_id = user.id
    question.answered_at = now
    question.status = QuestionStatus.ANSWERED
    db.session.flush()
    emails.queue_answer(question, user, now)
    return question


def draft_article(question: Question, author_id: int | None, now: datetime) -> Article:
    """A draft article from the question's words; the asker's name and email stay behind."""
    if question.article_id is not None:
        existing = db.session.get(Article, question.article_id)
        if existing is not None:
            return existing
    title = " ".join(question.body.split())[:300]
    base = slugs.slugify(title)
    data = ArticleInput(
        question=title,
        slug=slugs.unique(base, slug_in_use),
        summary="",
        region=question.region or "low_back",
        answer_md=question.answer or "",
        author_id=author_id,
    )
    article = create(data, now)
    question.article_id = article.id
    if question.status == QuestionStatus.NEW:
        question.status = QuestionStatus.DRAFTED
    db.session.flush()
    return article


def inbox() -> list[Question]:
    """New questions first (oldest first, so nobody waits longest), then the rest, newest first."""
    new = db.session.scalars(
        select(Question)
        .where(Question.status == QuestionStatus.NEW)
        .order_by(Question.created_at, Question.id)
    )
    rest = db.session.scalars(
        select(Question)
        .where(Question.status != QuestionStatus.NEW)
        .order_by(Question.created_at.desc(), Question.id.desc())
        .limit(100)
    )
    return [*new, *rest]
