"""The pure content modules: Markdown made safe, slugs, article files and structured data."""

import json
from datetime import date

import pytest

from clinic.content import article_files, rendering, slugs, structured_data
from clinic.core.regions import REGIONS

#: Payloads that must come out inert wherever a therapist's Markdown or a visitor's text shows.
XSS_PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>',
    "<style>body{display:none}</style>",
    '"><script>alert(1)</script>',
    "<body onload=alert(1)>",
    '<form action="https://evil.example"><input name="q"></form>',
    "</script><script>alert(1)</script>",
]


def assert_inert(html: str) -> None:
    lowered = html.lower()
    for marker in ("<script", "javascript:", "onerror", "onload", "onclick", "<iframe", "<style",
                   "<svg", "<form", "data:text/html", "style="):  # fmt: skip
        assert marker not in lowered, f"{marker!r} survived in {html!r}"


def assert_escaped(html: str, payload: str) -> None:
    """Text someone typed shows as text: never as markup, never as a live link."""
    if "<" in payload:
        assert payload not in html
    lowered = html.lower()
    assert 'href="javascript' not in lowered and "href='javascript" not in lowered
    for tag in ("<img", "<svg", "<iframe", "<script>alert", "<body onload", "<style>"):
        assert tag not in lowered, tag


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_payloads_are_inert(payload):
    assert_inert(rendering.to_html(f"Some text.\n\n{payload}\n\nMore text."))


def test_markdown_keeps_what_an_answer_needs():
    html = rendering.to_html(
        "# Heading\n\nA **bold** word and a [link](https://example.org).\n\n- one\n- two\n"
    )
    assert "<h2>Heading</h2>" in html  # the page's h1 is the question
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<li>one</li>" in html


def test_plain_text_and_excerpt():
    assert rendering.to_text("## Hi\n\nA *b* <script>x</script>") == "Hi A b"
    long = "word " * 100
    cut = rendering.excerpt(long, 50)
    assert len(cut) <= 50 and cut.endswith("…")
    assert rendering.excerpt("short") == "short"


def test_slugify_makes_readable_addresses():
    assert slugs.slugify("Is my knee clicking bad?") == "knee-clicking-bad"
    assert slugs.slugify("Ça fait mal: épaule!") == "ca-fait-mal-epaule"
    assert slugs.slugify("???") == "question"
    assert len(slugs.slugify("long " * 100)) <= slugs.MAX_LENGTH


@pytest.mark.parametrize("slug", ["", "Caps", "two--hyphens", "-edge", "edge-", "a b", "a/b"])
def test_invalid_slugs_are_refused(slug):
    assert not slugs.is_valid(slug)


def test_unique_slug_counts_up():
    taken = {"knee", "knee-2"}
    assert slugs.unique("knee", taken.__contains__) == "knee-3"


def test_shipped_articles_are_valid_and_varied():
    specs = article_files.load_all()
    assert len(specs) >= 16
    assert len({s.slug for s in specs}) == len(specs)
    assert len({s.region for s in specs}) >= 8
    assert all(s.region in REGIONS for s in specs)
    assert all(3 <= len(s.key_points) <= 5 and s.see_doctor_if for s in specs)
    lifting_pop = [s for s in specs if "pop" in s.question.lower() and "lifting" in s.tags]
    assert lifting_pop, "one article answers a pop in the back during a heavy lift"


def test_article_file_errors_name_the_problem():
    with pytest.raises(article_files.ArticleFileError, match="start with"):
        article_files.parse("no front matter", "x.md")
    text = "---\nslug: ok\nquestion: Q?\nsummary: S\nregion: moon\ntags: a\nauthor: a@b\n"
    text += "reviewed_on: 2026-01-01\nkey_points:\n- k\nsee_doctor_if:\n- d\n---\nBody\n"
    with pytest.raises(article_files.ArticleFileError, match="unknown region"):
        article_files.parse(text, "x.md")
    parsed = article_files.parse(text.replace("moon", "knee"), "x.md")
    assert parsed.key_points == ("k",) and parsed.answer_md == "Body\n"


def _facts(**overrides):
    values = {
        "url": "https://clinic.example/ask-our-experts/x",
        "question": "Does it </script><script>alert(1)</script> hurt?",
        "summary": "S & T",
        "answer_text": "Answer <b>",
        "author_name": "Maya Okafor",
        "author_credentials": "PT, DPT",
        "reviewed_on": date(2026, 10, 1),
        "publisher": "Clinic",
    } | overrides
    return structured_data.ArticleFacts(**values)


def test_json_ld_is_an_faq_page_with_one_accepted_answer():
    data = structured_data.article_json_ld(_facts())
    assert data["@type"] == "FAQPage"
    (question,) = data["mainEntity"]
    assert question["@type"] == "Question"
    assert question["acceptedAnswer"]["author"]["name"] == "Maya Okafor"
    assert data["lastReviewed"] == "2026-10-01"


def test_json_ld_cannot_close_its_script_element():
    text = structured_data.script_json(structured_data.article_json_ld(_facts()))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"].startswith("Does it </script>")


def test_sitemap_and_robots():
    xml = structured_data.sitemap_xml([("https://c.example/a?x=1&y=2", date(2026, 1, 2))])
    assert "<loc>https://c.example/a?x=1&amp;y=2</loc><lastmod>2026-01-02</lastmod>" in xml
    robots = structured_data.robots_txt("https://c.example/sitemap.xml", ("/staff/",))
    assert "Disallow: /staff/" in robots and "Sitemap: https://c.example/sitemap.xml" in robots
