"""Every route with a URL parameter, what it is keyed by, and who may use it.

The attack tests walk `app.url_map` and look each rule's endpoint up here, so a new route
with a parameter fails them until someone writes down who may open it.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from flask import Flask

#: Outcomes: a status code, or SIGN_IN for a redirect to the sign-in page.
SIGN_IN = "sign-in"
OK = 200

#: The clinical record (intake, plan, the therapist's appointment page): admins and the
#: appointment's own therapist; another therapist gets 404 as if it did not exist.
CLINICAL = {
    "anonymous": SIGN_IN,
    "front_desk": 403,
    "therapist_a": 404,
    "therapist_b": OK,
    "admin": OK,
}
#: The front desk's console: front desk and admins; therapists 403.
DESK = {"anonymous": SIGN_IN, "front_desk": OK, "therapist_a": 403, "therapist_b": 403, "admin": OK}
#: The shared Ask-our-experts inbox and article library: every therapist and admins.
CONTENT = {
    "anonymous": SIGN_IN,
    "front_desk": 403,
    "therapist_a": OK,
    "therapist_b": OK,
    "admin": OK,
}
#: Accounts and the outbox: admins only.
ADMIN = {
    "anonymous": SIGN_IN,
    "front_desk": 403,
    "therapist_a": 403,
    "therapist_b": 403,
    "admin": OK,
}
#: A therapist's own time off: another therapist's answers 404; staff without a therapist
#: profile (an admin) get 403.
OWN_TIME_OFF = {
    "anonymous": SIGN_IN,
    "front_desk": 403,
    "therapist_a": 404,
    "therapist_b": OK,
    "admin": 403,
}
#: Behind a secret link (manage link, feed) or public: the token is the key, whoever asks.
TOKEN = dict.fromkeys(("anonymous", "front_desk", "therapist_a", "therapist_b", "admin"), OK)
PUBLIC = TOKEN


@dataclass(frozen=True)
class Route:
    """Who may use a route, and the URL values naming therapist B's object (or, for shared
    things, one that exists)."""

    access: dict
    values: object  #: world -> {parameter: value}
    #: The parameters that name a record; each is replaced by unknown and malformed values.
    keys: tuple[str, ...]
    query: str = ""
    #: The parameter is a secret token rather than an id.
    token: bool = False
    extra: dict = field(default_factory=dict)


def _b(attribute: str, parameter: str):
    return lambda w: {parameter: getattr(w.b, attribute)}


APPOINTMENT = _b("appointment", "appointment_id")
MANAGE = _b("token", "token")

ROUTES: dict[str, Route] = {
    "static": Route(PUBLIC, lambda w: {"filename": "css/clinic.css"}, ("filename",)),
    "content.article": Route(PUBLIC, lambda w: {"slug": "knee-clicks"}, ("slug",)),
    # The inbox and the library are shared by every therapist by design (docs/content.md).
    "content_staff.question": Route(
        CONTENT, lambda w: {"question_id": w.question}, ("question_id",)
    ),
    "content_staff.draft_from_question": Route(
        CONTENT, lambda w: {"question_id": w.question}, ("question_id",)
    ),
    **{
        f"content_staff.{name}": Route(CONTENT, lambda w: {"article_id": w.draft}, ("article_id",))
        for name in ("edit", "publish", "unpublish", "preview")
    },
    **{
        f"intake.{name}": Route(TOKEN, MANAGE, ("token",), token=True)
        for name in ("overview", "finish", "urgent", "mistake")
    },
    "intake.section": Route(
        TOKEN,
        lambda w: {"token": w.b.token, "section_id": w.b.section},
        ("token", "section_id"),
        token=True,
    ),
    "intake.staff_summary": Route(CLINICAL, APPOINTMENT, ("appointment_id",)),
    **{
        f"manage.{name}": Route(TOKEN, MANAGE, ("token",), token=True)
        for name in ("show", "plan", "cancel", "reschedule", "invite")
    },
    "feeds.show": Route(TOKEN, _b("feed_token", "token"), ("token",), token=True),
    # The link in a booking's code email; its token is the key, like a manage link.
    "booking.verify_link": Route(TOKEN, _b("verify_link", "token"), ("token",), token=True),
    **{
        f"plans.{name}": Route(CLINICAL, APPOINTMENT, ("appointment_id",))
        for name in ("edit", "save", "start", "versions")
    },
    "plans.version": Route(
        CLINICAL,
        lambda w: {"appointment_id": w.b.appointment, "number": 1},
        ("appointment_id", "number"),
    ),
    "plans.compare": Route(CLINICAL, APPOINTMENT, ("appointment_id",), query="a=1&b=2"),
    **{
        f"frontdesk.{name}": Route(DESK, APPOINTMENT, ("appointment_id",))
        for name in (
            "appointment",
            "reschedule",
            "cancel",
            "check_in",
            "complete",
            "no_show",
            "desk_safety",
        )
    },
    "frontdesk.acknowledge_task": Route(DESK, _b("task", "task_id"), ("task_id",)),
    "frontdesk.add_rule": Route(DESK, _b("therapist", "therapist_id"), ("therapist_id",)),
    "frontdesk.add_time_off": Route(DESK, _b("therapist", "therapist_id"), ("therapist_id",)),
    "frontdesk.edit_rule": Route(DESK, _b("rule", "rule_id"), ("rule_id",)),
    "frontdesk.remove_rule": Route(DESK, _b("rule", "rule_id"), ("rule_id",)),
    "frontdesk.remove_time_off": Route(DESK, _b("time_off", "time_off_id"), ("time_off_id",)),
    "frontdesk.patient": Route(DESK, _b("patient", "patient_id"), ("patient_id",)),
    **{
        f"frontdesk.{name}": Route(DESK, _b("patient", "patient_id"), ("patient_id",))
        for name in ("revoke_links", "resend_links")
    },
    "frontdesk.decide_match": Route(DESK, _b("match", "match_id"), ("match_id",)),
    "frontdesk.record_action": Route(DESK, _b("episode", "episode_id"), ("episode_id",)),
    "therapist.remove_time_off": Route(
        OWN_TIME_OFF, _b("time_off", "time_off_id"), ("time_off_id",)
    ),
    "therapist.appointment": Route(CLINICAL, APPOINTMENT, ("appointment_id",)),
    "therapist.mark_done": Route(CLINICAL, APPOINTMENT, ("appointment_id",)),
    **{
        f"admin.{name}": Route(ADMIN, _b("user", "user_id"), ("user_id",))
        for name in ("staff_member", "staff_role", "staff_disable", "staff_enable")
    },
    "admin.outbox_retry": Route(ADMIN, lambda w: {"message_id": w.b.messages[0]}, ("message_id",)),
}

#: Ids that name nothing: unknown, or not an id at all. Each must answer like an unknown id.
UNKNOWN_ID = "987654"
MALFORMED_IDS = (
    "abc",
    "-1",
    "0",
    "1.0",
    "1e3",
    "0x1",
    "99999999999999999999999999",
    "9223372036854775808",
    "%",
)
#: Not ids either, though Python's int() reads them as one (1, 1, 1, 10, 1). They must not
#: open record 1 under another spelling (test_non_canonical_ids_are_not_read_as_ids).
NON_CANONICAL_IDS = ("\u0661", "\uff11", "+1", "1_0", " 1")
FORGED_TOKENS = ("forged-token-that-is-long-enough-xyz", "x" * 70, "short", "A" * 32)

_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def path(rule, values: dict) -> str:
    """The rule's path with `values` put in (quoted, so any string reaches the view)."""

    def fill(match: re.Match) -> str:
        value = str(values[match.group(1)])
        return value if match.group(1) == "filename" else quote(value, safe="")

    return _PARAMETER.sub(fill, rule.rule)


def rules_with_parameters(app: Flask):
    """Every rule of the app that takes a URL parameter, with its methods."""
    for rule in app.url_map.iter_rules():
        if rule.arguments:
            yield rule, sorted(rule.methods - {"HEAD", "OPTIONS"})


def outcome(response) -> str | int:
    """What a response amounts to: SIGN_IN or the status code."""
    if response.status_code == 302 and "/staff/sign-in" in response.headers.get("Location", ""):
        return SIGN_IN
    return response.status_code
