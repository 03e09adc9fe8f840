""" "Email me my booking link": joins the booking blueprint (see clinic.booking.views)."""

from flask import redirect, render_template, url_for

from clinic.audit.record import record
from clinic.booking import recovery
from clinic.booking.forms import LostLinkForm
from clinic.booking.views import bp
from clinic.core import clock, limits
from clinic.core.errors import keeps_input_on_csrf_failure


@bp.route("/link", methods=["GET", "POST"])
@limits.lost_link
@keeps_input_on_csrf_failure
def lost_link():
    form = LostLinkForm()
    if form.validate_on_submit():
        sent = recovery.send_links(form.email.data, clock.now())
        record("booking.link_requested", actor_label="public", details={"sent": sent})
        # The same answer whether or not the address has a booking.
        return redirect(url_for("booking.link_sent"))
    status = 400 if form.is_submitted() else 200
    return render_template("booking/lost_link.html", form=form), status


@bp.get("/link/sent")
def link_sent():
    return render_template("booking/link_sent.html")
