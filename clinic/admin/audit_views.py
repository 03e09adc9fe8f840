"""The audit log for admins: filters, newest first, paged by id, and a CSV of the filtered view."""

from flask import render_template, request
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from clinic.admin.blueprint import bp
from clinic.admin.forms import AuditFilterForm
from clinic.audit import log
from clinic.audit.record import record
from clinic.auth.access import requires
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.core.numbers import whole_number


def _form() -> tuple[AuditFilterForm, bool]:
    form = AuditFilterForm(formdata=request.args)
    form.subject_type.choices = [SelectChoice("", "Any")] + [
        SelectChoice(t, t) for t in log.subject_types()
    ]
    return form, form.validate()


def _filters(form: AuditFilterForm) -> log.Filters:
    return log.Filters(
        action=form.action.data or "",
        actor=form.actor.data or "",
        subject_type=form.subject_type.data or "",
        subject_id=form.subject_id.data,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


def _before() -> int | None:
    raw = request.args.get("before", "")
    return whole_number(raw) or None


def _page(form: AuditFilterForm, status: int = 200, problem: str | None = None):
    zone = log.clinic_zone()
    events, next_before = ([], None)
    if status < 400:
        events, next_before = log.page(_filters(form), zone, _before())
    args = {k: v for k, v in request.args.items() if k != "before" and v}
    return (
        render_template(
            "admin/audit.html",
            form=form,
            events=events,
            zone=zone,
            now=clock.now(),
            args=args,
            paged=_before() is not None,
            next_before=next_before,
            problem=problem,
            cap=log.EXPORT_CAP,
        ),
        status,
    )


@bp.get("/audit")
@requires(Permission.VIEW_AUDIT_LOG)
def audit():
    form, valid = _form()
    return _page(form, 200 if valid else 400)


@bp.get("/audit/export.csv")
@requires(Permission.VIEW_AUDIT_LOG)
def audit_export():
    """The filtered view as CSV (at most EXPORT_CAP events); the export itself is audited."""
    form, valid = _form()
    if not valid:
        return _page(form, 400)
    filters, zone = _filters(form), log.clinic_zone()
    total = log.count(filters, zone)
    if total > log.EXPORT_CAP:
        return _page(
            form,
            422,
            f"This view holds {total:,} events, more than the {log.EXPORT_CAP:,} one export "
            "can hold. Narrow the dates or the action and export again.",
        )
    body = log.export_csv(filters, zone)
    record(
        "audit.export",
        actor=current_user,
        details={"filters": filters.as_details(), "rows": total},
    )
    stamp = clock.now().astimezone(zone).strftime("%Y%m%d-%H%M")
    return (
        body,
        200,
        {
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="audit-log-{stamp}.csv"',
        },
    )
