"""Patients to call: tasks raised by a warning on an existing booking, shown until a named
person acknowledges them (audited). The page shows levels only, never answers."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from clinic.alerts import services as alerts
from clinic.alerts.models import CallTask
from clinic.auth.access import get_or_404, requires
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.frontdesk.blueprint import bp
from clinic.frontdesk.forms import AcknowledgeForm


def _form(task: CallTask, formdata=None) -> AcknowledgeForm:
    """One form per task, with its own field id and a label naming the patient."""
    form = AcknowledgeForm(formdata=formdata, prefix=f"task-{task.id}")
    patient = task.appointment.patient
    form.name.label.text = f"Your name, to call {patient.full_name if patient else 'the patient'}"
    return form


def _page(failed: AcknowledgeForm | None = None, failed_id: int | None = None, status=200):
    tasks = alerts.open_tasks()
    forms = {task.id: _form(task) for task in tasks}
    if failed is not None and failed_id in forms:
        forms[failed_id] = failed
    return render_template("frontdesk/tasks.html", tasks=tasks, forms=forms), status


@bp.get("/tasks")
@requires(Permission.MANAGE_BOOKINGS)
def tasks():
    return _page()


@bp.post("/tasks/<task_id>/acknowledge")
@requires(Permission.MANAGE_BOOKINGS)
@keeps_input_on_csrf_failure
def acknowledge_task(task_id: str):
    task = get_or_404(CallTask, task_id)
    form = _form(task, request.form)
    if not form.validate_on_submit():
        return _page(form, task.id, 400)
    try:
        alerts.acknowledge(task, name=form.name.data, now=clock.now(), actor=current_user)
    except alerts.AlreadyAcknowledged as done:
        flash(done.message)
        return redirect(url_for("frontdesk.tasks"))
    except alerts.NameNeeded as needed:
        form.name.errors = [needed.message]
        return _page(form, task.id, needed.status_code)
    flash(f"Thank you, {task.acknowledged_name}: the call is yours and has left the list.")
    return redirect(url_for("frontdesk.tasks"))
