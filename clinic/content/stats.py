"""Conversion: how often each article is read, and how many bookings it led to.

A view adds one to the article's count for the day, and stores nothing about the reader: no
address, no cookie, no user agent. Bookings are appointments whose topic is the article's slug
(or one of its old slugs) and that became real visits (not held, not cancelled).
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from clinic.content.models import Article, ArticleDailyViews, SlugRedirect
from clinic.extensions import db
from clinic.scheduling.models import Appointment, AppointmentStatus

NOT_BOOKINGS = (AppointmentStatus.HELD, AppointmentStatus.CANCELLED)
#: How long (ms) a page view's count waits for SQLite's write lock before it is dropped.
COUNT_WAIT_MS = 100


def count_view(article_id: int, day: date) -> bool:
    """Add one view in a short transaction of its own; a lost count never breaks the page.

    Its own transaction keeps the page's read-only request from turning into a writer, and
    the upsert (INSERT ... ON CONFLICT DO UPDATE) is one statement on both databases.
    """
    engine = db.engine
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(ArticleDailyViews).values(article_id=article_id, day=day, views=1)
    statement = statement.on_conflict_do_update(
        index_elements=["article_id", "day"],
        set_={"views": ArticleDailyViews.views + 1},
    )
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.begin() as connection:
            if sqlite:
                # A count is not worth making a reader wait out a writer's lock.
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {COUNT_WAIT_MS}")
            try:
                connection.execute(statement)
            finally:
                if sqlite:
                    restored = int(current_app.config["SQLITE_BUSY_TIMEOUT_MS"])
                    connection.exec_driver_sql(f"PRAGMA busy_timeout = {restored}")
    except SQLAlchemyError:
        return False
    return True


@dataclass(frozen=True)
class ArticleFigures:
    article: Article
    views: int
    bookings: int

    @property
    def rate(self) -> str:
        """Bookings per hundred views, or a dash when nobody has read it yet."""
        return f"{100 * self.bookings / self.views:.1f}%" if self.views else "\u2013"


def report(since: date | None = None) -> list[ArticleFigures]:
    """Every article with its views (since `since`, or ever) and bookings, most read first."""
    views_q = select(ArticleDailyViews.article_id, func.sum(ArticleDailyViews.views))
    if since is not None:
        views_q = views_q.where(ArticleDailyViews.day >= since)
    views = dict(db.session.execute(views_q.group_by(ArticleDailyViews.article_id)).all())
    bookings_by_topic = dict(
        db.session.execute(
            select(Appointment.topic, func.count(Appointment.id))
            .where(Appointment.topic.is_not(None), Appointment.status.not_in(NOT_BOOKINGS))
            .group_by(Appointment.topic)
        ).all()
    )
    old_slugs: dict[int, list[str]] = {}
    for article_id, old in db.session.execute(
        select(SlugRedirect.article_id, SlugRedirect.old_slug)
    ):
        old_slugs.setdefault(article_id, []).append(old)
    figures = []
    for article in db.session.scalars(select(Article).order_by(Article.question)):
        topics = [article.slug, *old_slugs.get(article.id, [])]
        booked = sum(bookings_by_topic.get(topic, 0) for topic in topics)
        figures.append(ArticleFigures(article, int(views.get(article.id, 0)), booked))
    figures.sort(key=lambda f: (-f.views, -f.bookings, f.article.question))
    return figures
