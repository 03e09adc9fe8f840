"""The independent check: plain SQL against the tables, not the app's code.

It compares what the database holds with what the clients were told (the `Ledger`):

* no two live appointments of a therapist overlap (buffers included), live holds counted;
* every booking made during the run has exactly one confirmation in the outbox
  (`confirmation:<id>:<seq>`), and one `rescheduled` message per move (its SEQUENCE);
* nothing lost: every booking a patient saw confirmed exists and is booked, and every move
  the front desk was told about is where it was put;
* nothing half-made: a booking has its patient, episode and intake (its private link is made
  when its email is sent, after the run); a hold has none of them, no link and no message.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa

from loadtest.people import Ledger

LIVE = ("booked", "checked_in", "completed", "no_show")


@dataclass
class Verdict:
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def fact(self, text: str) -> None:
        self.lines.append(text)

    def require(self, ok: bool, text: str) -> None:
        self.lines.append(("ok    " if ok else "FAIL  ") + text)
        if not ok:
            self.failures.append(text)

    @property
    def passed(self) -> bool:
        return not self.failures


def _instant(value) -> datetime:
    """SQLite returns naive UTC text, PostgreSQL aware datetimes."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def baseline(url: str) -> int:
    """The highest appointment id before the load: later ones were made by the run."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(sa.text("SELECT COALESCE(MAX(id), 0) FROM appointment"))
    finally:
        engine.dispose()


def check(url: str, ledger: Ledger, first_new_id: int) -> Verdict:
    verdict = Verdict()
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT id, therapist_id, starts_at, busy_until, status, hold_expires_at,"
                    " patient_id, episode_id, ical_sequence, source FROM appointment"
                )
            ).all()
            _overlaps(verdict, rows)
            new = [row for row in rows if row.id > first_new_id]
            _made(verdict, connection, new, ledger)
            _told(verdict, connection, rows, ledger)
    finally:
        engine.dispose()
    return verdict


def _overlaps(verdict: Verdict, rows) -> None:
    now = datetime.now(UTC)
    by_therapist = defaultdict(list)
    for row in rows:
        held = row.status == "held" and row.hold_expires_at and _instant(row.hold_expires_at) > now
        if row.status in LIVE or held:
            by_therapist[row.therapist_id].append(
                (_instant(row.starts_at), _instant(row.busy_until), row.id)
            )
    overlaps = []
    for spans in by_therapist.values():
        spans.sort()
        latest_end, latest_id = None, None
        for start, end, id_ in spans:
            if latest_end is not None and start < latest_end:
                overlaps.append((latest_id, id_))
            if latest_end is None or end > latest_end:
                latest_end, latest_id = end, id_
    live = sum(len(spans) for spans in by_therapist.values())
    verdict.require(
        not overlaps,
        f"overlapping bookings per therapist: {len(overlaps)} (among {live} live appointments"
        f" and holds){' e.g. ' + str(overlaps[:3]) if overlaps else ''}",
    )


def _per_appointment(connection, query: str) -> dict[int, int]:
    return dict(connection.execute(sa.text(query)).all())


def _made(verdict: Verdict, connection, new, ledger: Ledger) -> None:
    """Outbox and completeness of everything the run created."""
    messages = defaultdict(lambda: defaultdict(int))
    for (key,) in connection.execute(sa.text("SELECT dedupe_key FROM outbox_message")):
        kind, _, rest = (key or "").partition(":")
        appointment_id, _, _sequence = rest.partition(":")
        if appointment_id.isdigit():
            messages[int(appointment_id)][kind] += 1
    intakes = _per_appointment(connection, "SELECT appointment_id, COUNT(*) FROM intake GROUP BY 1")
    tokens = _per_appointment(
        connection, "SELECT appointment_id, COUNT(*) FROM manage_token GROUP BY 1"
    )
    booked = [row for row in new if row.status == "booked"]
    held = [row for row in new if row.status == "held"]
    other = [row for row in new if row.status not in ("booked", "held")]
    verdict.fact(
        f"appointments made by the run: {len(new)} ({len(booked)} booked, {len(held)} holds"
        f" never confirmed, {len(other)} other)"
    )
    wrong_confirmations = [r.id for r in booked if messages[r.id]["confirmation"] != 1]
    verdict.require(
        not wrong_confirmations,
        f"bookings without exactly one confirmation in the outbox: {len(wrong_confirmations)}"
        f" of {len(booked)}",
    )
    wrong_moves = [r.id for r in booked if messages[r.id]["rescheduled"] != r.ical_sequence]
    verdict.require(
        not wrong_moves,
        f"bookings whose 'moved' messages differ from their SEQUENCE: {len(wrong_moves)}",
    )
    half = [
        r.id
        for r in booked
        if r.patient_id is None or r.episode_id is None or intakes.get(r.id) != 1
    ]
    verdict.require(not half, f"half-made bookings (no patient, episode or intake): {len(half)}")
    dirty_holds = [r.id for r in held if intakes.get(r.id) or tokens.get(r.id) or messages[r.id]]
    verdict.require(not dirty_holds, f"holds carrying booking data: {len(dirty_holds)}")
    online = sum(1 for r in booked if r.source == "online")
    verdict.require(
        ledger.confirmed <= online <= ledger.confirmed + ledger.confirm_unknown,
        f"online bookings in the database ({online}) = confirmations told ({ledger.confirmed})"
        f" + up to {ledger.confirm_unknown} whose answer was lost",
    )


def _told(verdict: Verdict, connection, rows, ledger: Ledger) -> None:
    """Everything a client was told succeeded is in the database, as told."""
    query = sa.text("SELECT email, appointment_id FROM booking_identity")
    by_email = dict(connection.execute(query).all())
    status = {row.id: row.status for row in rows}
    lost = [email for email in ledger.booked_emails if status.get(by_email.get(email)) != "booked"]
    verdict.require(
        not lost,
        f"bookings patients saw confirmed but missing or not booked: {len(lost)}"
        f" of {len(ledger.booked_emails)}",
    )
    last_move: dict[int, datetime] = {}
    counts: dict[int, int] = defaultdict(int)
    for appointment_id, start in ledger.moves:
        last_move[appointment_id] = start
        counts[appointment_id] += 1
    starts = {row.id: _instant(row.starts_at) for row in rows}
    sequences = {row.id: row.ical_sequence for row in rows}
    misplaced = [
        id_
        for id_, start in last_move.items()
        if id_ not in ledger.moves_unknown and starts.get(id_) != start
    ]
    verdict.require(
        not misplaced,
        f"moves the front desk was told about but not in place: {len(misplaced)}"
        f" of {len(last_move)} appointments moved {len(ledger.moves)} times",
    )
    short = [
        id_
        for id_, n in counts.items()
        if id_ not in ledger.moves_unknown and sequences.get(id_, 0) < n
    ]
    verdict.require(not short, f"moved appointments whose SEQUENCE missed a move: {len(short)}")
