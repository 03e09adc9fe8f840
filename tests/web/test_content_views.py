"""Ask our experts in public: the index and search, article pages, old slugs and drafts,
the sitemap, robots.txt and view counts."""

import json
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from clinic.content import authoring
from clinic.content.models import ArticleDailyViews
from clinic.core import clock
from tests import factories

ANSWER = "## Why\n\nJoints make **noises**. Keep moving.\n\n- walk\n- stretch\n"


def write_article(slug="knee-clicks", region="knee", publish=True, **overrides):
    """An article through the real authoring service; published unless asked otherwise."""
    author = factories.make_therapist(display_name="Maya Okafor", credentials="PT, DPT, OCS")
    data = authoring.ArticleInput(
        question=overrides.pop("question", "My knee clicks when I squat. Is it damaged?"),
        slug=slug,
        summary=overrides.pop("summary", "Clicks without pain are common."),
        region=region,
        answer_md=overrides.pop("answer_md", ANSWER),
        reviewed_on=date(2026, 2, 1),
        author_id=author.id,
        tags=overrides.pop("tags", ["noises"]),
        key_points=["Noise alone is not damage.", "Pain and swelling matter more."],
        see_doctor_if=["The knee locks or gives way."],
    )
    article = authoring.create(data, clock.now())
    if publish:
        authoring.publish(article, clock.now())
    return article


@pytest.fixture
def world(app, db_session):
    factories.make_location(name="Lakeview", state="IL")
    article = write_article()
    write_article("shin-pain", "lower_leg", question="Why do my shins hurt when I run?",
                  tags=["running"], answer_md="Build up slowly.", summary="Load.")  # fmt: skip
    write_article("knee-running", "knee", question="Why does my knee hurt running?",
                  tags=["running"], answer_md="Strengthen the hips.", summary="Hips.")  # fmt: skip
    write_article("draft-hip", "hip", publish=False, question="Unfinished hip question?")
    db_session.commit()
    return article


def test_index_groups_published_articles_by_region(client, world):
    html = client.get("/ask-our-experts/").get_data(as_text=True)
    assert html.index(">Knee</h2>") < html.index(">Shin or lower leg</h2>")
    assert "My knee clicks when I squat" in html
    assert "Unfinished hip question" not in html
    assert 'role="search"' in html and '<label for="q">' in html


@pytest.mark.parametrize("query", ["clicks", "CLICKS squat", "noises"])
def test_search_finds_matching_articles(client, world, query):
    html = client.get("/ask-our-experts/", query_string={"q": query}).get_data(as_text=True)
    assert "/ask-our-experts/knee-clicks" in html
    assert "/ask-our-experts/shin-pain" not in html


def test_search_without_results_offers_ways_on(client, world):
    html = client.get("/ask-our-experts/?q=zebra").get_data(as_text=True)
    assert "0 answers" in html and "/ask-our-experts/ask" in html


def test_search_text_is_escaped_and_special_characters_are_harmless(client, world):
    for query in ["<script>alert(1)</script>", "100%_\\", "a & b | !c", "x" * 1000]:
        response = client.get("/ask-our-experts/", query_string={"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_article_page_has_every_part(client, world):
    html = client.get("/ask-our-experts/knee-clicks").get_data(as_text=True)
    assert '<h1 id="article-title">My knee clicks when I squat. Is it damaged?</h1>' in html
    parts = [
        "For information only.",
        "Things to know",
        "Noise alone is not damage.",
        "See a doctor first if",
        "The knee locks or gives way.",
        "Maya Okafor, PT, DPT, OCS",
        'datetime="2026-02-01"',
        "In Illinois you can see a physical therapist without a referral.",
        "Other questions you may be interested in",
        "How can we help you today?",
    ]
    for part in parts:
        assert part in html, part
    assert (
        '<a class="button" href="/book?topic=knee-clicks">'
        "Book an evaluation, no referral needed</a>" in html
    )
    assert "<h3>Why</h3>" in html and "<strong>noises</strong>" in html
    related = html[html.index("Other questions") :]
    assert "knee-running" in related  # same region, shared nothing else
    assert "shin-pain" not in related


def test_article_page_names_each_state_when_locations_differ(client, world, db_session):
    factories.make_location(name="Highlands", city="Denver", state="CO")
    db_session.commit()
    html = client.get("/ask-our-experts/knee-clicks").get_data(as_text=True)
    assert "Lakeview (Chicago):</strong> In Illinois" in html
    assert "Highlands (Denver):</strong> In Colorado" in html


def test_article_page_seo(client, world):
    html = client.get("/ask-our-experts/knee-clicks").get_data(as_text=True)
    assert "<title>My knee clicks when I squat. Is it damaged? ·" in html
    assert '<meta name="description" content="Clicks without pain are common.">' in html
    assert '<link rel="canonical" href="http://127.0.0.1:5000/ask-our-experts/knee-clicks">' in html
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(found.group(1))
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"].startswith("Why Joints make noises")


def test_unknown_slug_is_404(client, world):
    assert client.get("/ask-our-experts/no-such-question").status_code == 404
    assert client.get("/ask-our-experts/Bad_Slug!").status_code == 404


def test_draft_is_404_to_the_public(client, world):
    assert client.get("/ask-our-experts/draft-hip").status_code == 404
    assert "draft-hip" not in client.get("/sitemap.xml").get_data(as_text=True)


def test_old_slug_redirects_permanently(client, world, db_session):
    data = authoring.ArticleInput(
        question=world.question, slug="knee-noises", summary=world.summary, region="knee",
        answer_md=world.answer_md, reviewed_on=world.reviewed_on, author_id=world.author_id,
    )  # fmt: skip
    authoring.update(world, data, clock.now())
    db_session.commit()
    response = client.get("/ask-our-experts/knee-clicks")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/ask-our-experts/knee-noises")
    assert client.get("/ask-our-experts/knee-noises").status_code == 200


def test_unpublished_article_with_old_slug_is_404(client, world, db_session):
    data = authoring.ArticleInput(
        question=world.question, slug="knee-noises", summary=world.summary, region="knee",
        answer_md=world.answer_md, reviewed_on=world.reviewed_on, author_id=world.author_id,
    )  # fmt: skip
    authoring.update(world, data, clock.now())
    authoring.unpublish(world)
    db_session.commit()
    assert client.get("/ask-our-experts/knee-clicks").status_code == 404
    assert client.get("/ask-our-experts/knee-noises").status_code == 404


def test_sitemap_lists_every_published_article(client, world):
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    xml = response.get_data(as_text=True)
    for slug in ("knee-clicks", "shin-pain", "knee-running"):
        assert f"<loc>http://127.0.0.1:5000/ask-our-experts/{slug}</loc>" in xml
    assert "<lastmod>2026-02-01</lastmod>" in xml


def test_robots_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(client, world):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://127.0.0.1:5000/sitemap.xml" in text
    for prefix in ("/staff/", "/book", "/visit/"):
        assert f"Disallow: {prefix}" in text


def test_views_are_counted_per_day_with_nothing_personal(client, world, db_session):
    for _ in range(3):
        client.get("/ask-our-experts/knee-clicks")
    client.get("/ask-our-experts/draft-hip")
    rows = db_session.execute(select(ArticleDailyViews)).scalars().all()
    assert [(r.article_id, r.day, r.views) for r in rows] == [(world.id, date(2026, 3, 2), 3)]
    columns = set(ArticleDailyViews.__table__.columns.keys())
    assert columns == {"id", "article_id", "day", "views"}
    assert db_session.scalar(select(func.count()).select_from(ArticleDailyViews)) == 1


def test_nav_link_and_home_lead_to_the_index(client, world):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/ask-our-experts/"' in html
