"""Ask our experts, for staff: the questions inbox, writing and publishing articles, and the
admin's report of views and bookings per article."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from clinic.audit.record import record
from clinic.auth.access import get_or_404, requires
from clinic.auth.permissions import Permission
from clinic.content import authoring, pages, questions, rendering, stats
from clinic.content.forms import AnswerForm, ArticleForm
from clinic.content.models import Article, Question
from clinic.core import clock
from clinic.core.domain import DomainError
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.extensions import db
from clinic.practice.models import Therapist

bp = Blueprint("content_staff", __name__, url_prefix="/staff")


@bp.after_request
def private(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _own_therapist_id() -> int | None:
    return db.session.scalar(select(Therapist.id).where(Therapist.user_id == current_user.id))


@bp.get("/questions/")
@requires(Permission.ANSWER_QUESTIONS)
def inbox():
    return render_template("content/staff/inbox.html", questions=questions.inbox())


@bp.route("/questions/<question_id>", methods=["GET", "POST"])
@requires(Permission.ANSWER_QUESTIONS)
@keeps_input_on_csrf_failure
def question(question_id: str):
    asked = get_or_404(Question, question_id)
    form = AnswerForm()
    status = 200
    if form.validate_on_submit():
        try:
            questions.answer(asked, form.answer.data, current_user, clock.now())
        except DomainError as refused:
            flash(refused.message, "error")
            return redirect(url_for("content_staff.question", question_id=asked.id))
        record("question.answer", actor=current_user, subject=asked)
        flash("Your answer is on its way to the asker by email.", "success")
        return redirect(url_for("content_staff.inbox"))
    if form.is_submitted():
        status = 400
    record("question.view", actor=current_user, subject=asked)
    return render_template("content/staff/question.html", question=asked, form=form), status


@bp.post("/questions/<question_id>/draft")
@requires(Permission.PUBLISH_CONTENT)
def draft_from_question(question_id: str):
    asked = get_or_404(Question, question_id)
    article = questions.draft_article(asked, _own_therapist_id(), clock.now())
    record("article.draft_from_question", actor=current_user, subject=article)
    flash("A draft article was made from the question, without the asker's name.", "success")
    return redirect(url_for("content_staff.edit", article_id=article.id))


@bp.get("/articles/")
@requires(Permission.PUBLISH_CONTENT)
def articles():
    listing = db.session.scalars(select(Article).order_by(Article.status, Article.question))
    return render_template("content/staff/articles.html", articles=list(listing))


def _author_choices(form: ArticleForm) -> None:
    people = db.session.scalars(select(Therapist).order_by(Therapist.display_name))
    form.author.choices = [(0, "No author yet")] + [(t.id, t.full_title) for t in people]


def _input(form: ArticleForm) -> authoring.ArticleInput:
    return authoring.ArticleInput(
        question=form.question.data,
        slug=form.slug.data or "",
        summary=form.summary.data or "",
        region=form.region.data,
        answer_md=form.answer_md.data or "",
        reviewed_on=form.reviewed_on.data,
        author_id=form.author.data or None,
        **form.lists(),
    )


def _form_for(article: Article | None) -> ArticleForm:
    if request.method == "POST" or article is None:
        form = ArticleForm()
        if article is None and request.method == "GET":
            form.author.data = _own_therapist_id() or 0
    else:
        form = ArticleForm(
            data={
                "question": article.question,
                "slug": article.slug,
                "summary": article.summary,
                "region": article.region,
                "answer_md": article.answer_md,
                "reviewed_on": article.reviewed_on,
                "tags": ", ".join(article.tags or []),
                "key_points": "\n".join(article.key_points or []),
                "see_doctor_if": "\n".join(article.see_doctor_if or []),
                "author": article.author_id or 0,
            }
        )
    _author_choices(form)
    return form


@bp.route("/articles/new", methods=["GET", "POST"])
@requires(Permission.PUBLISH_CONTENT)
@keeps_input_on_csrf_failure
def new():
    return _editor(None)


@bp.route("/articles/<article_id>/edit", methods=["GET", "POST"])
@requires(Permission.PUBLISH_CONTENT)
@keeps_input_on_csrf_failure
def edit(article_id: str):
    return _editor(get_or_404(Article, article_id))


def _editor(article: Article | None):
    """Show, preview or save the editor; a refused save shows the form again with its text."""
    form = _form_for(article)
    preview, error, status = None, None, 200
    if form.validate_on_submit():
        if request.form.get("action") == "preview":
            # Safe as markup: rendering.to_html passes everything through the nh3 sanitiser.
            preview = Markup(rendering.to_html(form.answer_md.data or ""))  # noqa: S704  # nosec B704
        else:
            try:
                saved = _save(article, form)
            except DomainError as refused:
                error, status = refused.message, refused.status_code
            else:
                flash("Saved.", "success")
                return redirect(url_for("content_staff.edit", article_id=saved.id))
    elif form.is_submitted():
        status = 400
    return render_template(
        "content/staff/edit.html", form=form, article=article, preview=preview, error=error
    ), status


def _save(article: Article | None, form: ArticleForm) -> Article:
    now = clock.now()
    if article is None:
        article = authoring.create(_input(form), now)
        record("article.create", actor=current_user, subject=article)
    else:
        authoring.update(article, _input(form), now)
        record("article.update", actor=current_user, subject=article)
    return article


@bp.post("/articles/<article_id>/publish")
@requires(Permission.PUBLISH_CONTENT)
def publish(article_id: str):
    article = get_or_404(Article, article_id)
    try:
        authoring.publish(article, clock.now())
    except DomainError as refused:
        flash(refused.message, "error")
    else:
        record("article.publish", actor=current_user, subject=article)
        flash("Published: the article is on the public site.", "success")
    return redirect(url_for("content_staff.edit", article_id=article.id))


@bp.post("/articles/<article_id>/unpublish")
@requires(Permission.PUBLISH_CONTENT)
def unpublish(article_id: str):
    article = get_or_404(Article, article_id)
    authoring.unpublish(article)
    record("article.unpublish", actor=current_user, subject=article)
    flash("Back to draft: the public page is gone until you publish again.", "success")
    return redirect(url_for("content_staff.edit", article_id=article.id))


@bp.get("/articles/<article_id>/preview")
@requires(Permission.PUBLISH_CONTENT)
def preview(article_id: str):
    article = get_or_404(Article, article_id)
    return render_template(
        "content/article.html", related=[], staff_preview=True, **pages.context(article)
    )


@bp.get("/content-report")
@requires(Permission.MANAGE_SETTINGS)
def report():
    return render_template("content/staff/report.html", figures=stats.report())
