"""The asker's two emails, written to the outbox in the same transaction as the change.

Subjects name the clinic and nothing about the question: no body part, no symptom.
"""

from datetime import datetime

from flask import render_template
from sqlalchemy import select

from clinic.content.models import Question
from clinic.core.urls import external_url
from clinic.extensions import db
from clinic.notifications import caps
from clinic.notifications.models import OutboxMessage
from clinic.practice.models import Therapist
from clinic.scheduling import reads

SUBJECTS = {
    "question_received": "We received your question: {clinic}",
    "question_answered": "Your question to {clinic} has been answered",
}


def _queue(kind: str, question: Question, dedupe_key: str, now: datetime, **context):
    clinic = reads.settings()
    context |= {
        "clinic": clinic,
        "question": question,
        "experts_url": external_url("content.index"),
        "book_url": external_url("booking.reason"),
    }
    message = OutboxMessage(
        kind=kind,
        dedupe_key=dedupe_key,
        recipient=question.email,
        subject=SUBJECTS[kind].format(clinic=clinic.name),
        body_text=render_template(f"emails/{kind}.txt", **context),
        body_html=render_template(f"emails/{kind}.html", **context),
        next_attempt_at=now,
        created_at=now,
    )
    db.session.add(message)
    return message


def queue_acknowledgement(question: Question, now: datetime) -> OutboxMessage | None:
    """ "We have your question": no copy of the question (nor the name), so the email holds no
    health detail and relays nothing typed. None (the question is kept, no email) when the
    address has had its share of public-triggered email today (notifications.caps)."""
    if not caps.may_send(question.email, now):
        return None
    return _queue("question_received", question, f"question-received:{question.id}", now)


def queue_answer(question: Question, user, now: datetime) -> OutboxMessage:
    """The therapist's private answer, signed with their name and credentials when known."""
    therapist = db.session.scalar(select(Therapist).where(Therapist.user_id == user.id))
    return _queue(
        "question_answered",
        question,
        f"question-answered:{question.id}",
        now,
        signed=therapist.full_title if therapist else None,
        paragraphs=[p.strip() for p in (question.answer or "").split("\n\n") if p.strip()],
    )
