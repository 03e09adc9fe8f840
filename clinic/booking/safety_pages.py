"""The safety step's pages: every base question first, then the follow-ups an answer calls for.

Without JavaScript, follow-ups that a page's answers call for come as the next page (the draft
keeps their ids in `safety_pending`); with JavaScript, clinic/static/js/follow-ups.js shows them
in place, under the answer that calls for them, from the conditions each carries in
`data-show-if`.
"""

from clinic.booking.models import BookingDraft
from clinic.intake.forms import follow_up_view
from clinic.intake.questions import Section

__all__ = ["follow_up_view", "is_follow_up_page", "page_for", "pending_ids"]

MORE_TITLE = "A few more questions"
MORE_INTRO = (
    "Thank you. Because of your answers, we'd like to ask a little more. Your earlier answers "
    "are saved."
)


def pending_ids(draft: BookingDraft) -> list[str]:
    return list(draft.data.get("safety_pending") or [])


def page_for(section: Section, draft: BookingDraft, kind: str | None) -> Section:
    """The page to show or read: the follow-ups still to ask ("more"), else the whole section.

    The follow-up page also carries the follow-ups of its own questions (hidden until called
    for), so that with JavaScript a nested follow-up appears in place too."""
    pending = set(pending_ids(draft))
    if kind == "all" or not pending:
        return section
    on_page: set[str] = set()
    for question in section.questions:
        parents = {c.question_id for c in question.shown_if}
        if question.id in pending or (question.follow_up and parents & on_page):
            on_page.add(question.id)
    questions = tuple(q for q in section.questions if q.id in on_page)
    return Section(section.id, MORE_TITLE, MORE_INTRO, questions)


def is_follow_up_page(page: Section) -> bool:
    return page.title == MORE_TITLE
