"""Ask our experts, in public: the index with search, article pages, the question form,
the sitemap and robots.txt."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from clinic.audit.record import client_address
from clinic.content import library, pages, questions, slugs, stats, structured_data
from clinic.content.forms import QUESTION_MAX, QuestionForm
from clinic.core import clock, limits
from clinic.core.addresses import limit_key
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.core.regions import REGIONS
from clinic.core.urls import external_url

bp = Blueprint("content", __name__)

#: Never crawled: staff screens, the booking flow and patients' private pages.
PRIVATE_PREFIXES = ("/staff/", "/admin/", "/frontdesk/", "/therapist/", "/book", "/visit/", "/api/")


@bp.get("/ask-our-experts/")
def index():
    query = request.args.get("q", "").strip()[: library.MAX_QUERY_LENGTH]
    found = library.search(query) if query else None
    groups = library.by_region(library.all_published(), REGIONS) if not query else []
    return render_template("content/index.html", query=query, found=found, groups=groups)


@bp.get("/ask-our-experts/<slug>")
def article(slug: str):
    if not slugs.is_valid(slug):
        abort(404)
    found = library.published_by_slug(slug)
    if found is None:
        moved = library.moved_to(slug)
        if moved is None:
            abort(404)
        return redirect(url_for("content.article", slug=moved.slug), 301)
    stats.count_view(found.id, clock.now().date())
    return render_template(
        "content/article.html", related=library.related(found), **pages.context(found)
    )


def _rate_policy() -> questions.RatePolicy:
    return current_app.config.get("QUESTION_RATE_POLICY") or questions.RatePolicy()


@bp.route("/ask-our-experts/ask", methods=["GET", "POST"])
@limits.ask
@keeps_input_on_csrf_failure
def ask():
    form = QuestionForm()
    if not form.is_submitted():
        return _ask_page(form)
    key = questions.address_key(limit_key(client_address()), current_app.config["SECRET_KEY"])
    now, policy = clock.now(), _rate_policy()
    wait = questions.retry_after(key, policy, now)
    if wait is not None:
        message = "You have sent several questions in a short time. Please try again later."
        body, status = _ask_page(form, 429, message)
        return body, status, {"Retry-After": str(wait)}
    if not form.validate():
        return _ask_page(form, 400)
    questions.count_attempt(key, policy, now)
    if not form.website.data:
        questions.receive(
            questions.Asked(form.name.data, form.email.data, form.region.data, form.question.data),
            now,
        )
    # A filled honeypot gets the very same answer, so a robot learns nothing.
    return redirect(url_for("content.asked"))


def _ask_page(form: QuestionForm, status: int = 200, message: str | None = None):
    return render_template(
        "content/ask.html", form=form, message=message, question_max=QUESTION_MAX
    ), status


@bp.get("/ask-our-experts/ask/thanks")
def asked():
    return render_template("content/asked.html")


@bp.get("/sitemap.xml")
def sitemap():
    entries = [(external_url("content.index"), None)]
    entries += [
        (pages.canonical_url(a), a.reviewed_on or a.published_at.date())
        for a in library.all_published()
    ]
    return Response(structured_data.sitemap_xml(entries), mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    text = structured_data.robots_txt(external_url("content.sitemap"), PRIVATE_PREFIXES)
    return Response(text, mimetype="text/plain")
