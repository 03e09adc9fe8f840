"""What search engines read: JSON-LD for an article, the sitemap, robots.txt. Pure.

The JSON-LD type is `FAQPage` with one `Question` and its `acceptedAnswer`. `QAPage` is meant
for pages where visitors post their own answers to a question (forums); here the clinic's
therapist writes the only answer and nobody else can add one, which is what `FAQPage`
describes. See docs/content.md.
"""

import json
from dataclasses import dataclass
from datetime import date

# escape() writes XML (the sitemap); nothing here parses XML, which is what B406 is about.
from xml.sax.saxutils import escape  # nosec B406

#: Characters that could end the <script> element or start markup inside it.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class ArticleFacts:
    url: str
    question: str
    summary: str
    answer_text: str
    author_name: str | None
    author_credentials: str | None
    reviewed_on: date | None
    publisher: str


def article_json_ld(facts: ArticleFacts) -> dict:
    """The FAQPage object for one article."""
    answer: dict = {"@type": "Answer", "text": facts.answer_text, "url": facts.url}
    if facts.author_name:
        answer["author"] = {
            "@type": "Person",
            "name": facts.author_name,
            "jobTitle": facts.author_credentials or "Physical therapist",
        }
    page = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": facts.url,
        "name": facts.question,
        "description": facts.summary,
        "publisher": {"@type": "MedicalOrganization", "name": facts.publisher},
        "mainEntity": [
            {"@type": "Question", "name": facts.question, "acceptedAnswer": answer},
        ],
    }
    if facts.reviewed_on:
        page["lastReviewed"] = facts.reviewed_on.isoformat()
    return page


def script_json(data: dict) -> str:
    """JSON that is safe inside <script type="application/ld+json">: no '<', '>' or '&'."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_SAFE)


def sitemap_xml(entries: list[tuple[str, date | None]]) -> str:
    """A sitemaps.org urlset of (absolute URL, last modified day) pairs."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, modified in entries:
        lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        lines.append(f"  <url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_url: str, private_prefixes: tuple[str, ...]) -> str:
    """Crawlers welcome on the public pages, kept out of staff, booking and patient pages."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}" for prefix in private_prefixes]
    lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"
