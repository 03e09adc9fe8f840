"""Reading the published articles: by slug, by region, by search, and what is related."""

from collections.abc import Iterable

from sqlalchemy import func, or_, select

from clinic.content.models import Article, ArticleStatus, SlugRedirect
from clinic.extensions import db

MAX_QUERY_LENGTH = 200
RELATED_LIMIT = 3


def published():
    """The select of every published article, questions in alphabetical order."""
    return (
        select(Article)
        .where(Article.status == ArticleStatus.PUBLISHED)
        .order_by(Article.question, Article.id)
    )


def all_published() -> list[Article]:
    return list(db.session.scalars(published()))


def published_by_slug(slug: str) -> Article | None:
    return db.session.scalar(published().where(Article.slug == slug))


def moved_to(old_slug: str) -> Article | None:
    """The published article that used to live at `old_slug`, if any."""
    return db.session.scalar(
        published()
        .join(SlugRedirect, SlugRedirect.article_id == Article.id)
        .where(SlugRedirect.old_slug == old_slug)
    )


def by_region(articles: Iterable[Article], regions: dict[str, str]) -> list[tuple[str, list]]:
    """(heading, articles) per region in the regions' order; unknown regions last."""
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(article.region, []).append(article)
    result = [(label, groups.pop(code)) for code, label in regions.items() if code in groups]
    leftovers = [a for group in groups.values() for a in group]
    if leftovers:
        result.append(("Other topics", leftovers))
    return result


def search(query: str) -> list[Article]:
    """Published articles matching `query`: PostgreSQL full text, or a word match elsewhere."""
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    if not query:
        return []
    if db.session.get_bind().dialect.name == "postgresql":
        return _full_text(query)
    return _word_match(query)


def _full_text(query: str) -> list[Article]:
    document = func.to_tsvector(
        "english",
        func.concat_ws(" ", Article.question, Article.summary, Article.answer_md),
    )
    wanted = func.websearch_to_tsquery("english", query)
    rank = func.ts_rank(document, wanted)
    statement = (
        published()
        .where(document.op("@@")(wanted))
        .order_by(None)
        .order_by(rank.desc(), Article.question)
    )
    return list(db.session.scalars(statement))


def _word_match(query: str) -> list[Article]:
    """Every word must appear in the question, summary or answer (case-insensitive)."""
    statement = published()
    for word in query.split()[:10]:
        pattern = (
            "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        statement = statement.where(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (Article.question, Article.summary, Article.answer_md)
                )
            )
        )
    return list(db.session.scalars(statement))


def related(article: Article, limit: int = RELATED_LIMIT) -> list[Article]:
    """Other published articles in the same region or sharing tags; the region counts double."""
    tags = set(article.tags or [])
    scored = []
    for other in all_published():
        if other.id == article.id:
            continue
        shared = len(tags & set(other.tags or []))
        same_region = other.region == article.region
        if shared or same_region:
            scored.append((-(shared + 2 * same_region), other.question, other))
    scored.sort(key=lambda item: item[:2])
    return [other for *_, other in scored[:limit]]
