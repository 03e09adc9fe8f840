"""The simulated patients' inbox: the code a booking emails, read from the outbox row the
sender would deliver (plain SQL, like the independent check), as a patient reads the email.

The load run sends no mail while it runs (the SMTP-down fault delivers it afterwards), so the
queued body still holds the code; a delivered message's body is dropped by the app.
"""

import re
import time

import sqlalchemy as sa

CODE = re.compile(r"^\s+(\d{6})\s*$", re.MULTILINE)
QUERY = sa.text(
    "SELECT body_text FROM outbox_message WHERE kind = 'verify_email' AND recipient = :to"
    " ORDER BY id DESC LIMIT 1"
)


class Mailbox:
    def __init__(self, database_url: str):
        self.engine = sa.create_engine(database_url, pool_size=5, max_overflow=50)

    def code_for(self, recipient: str, wait: float = 5.0) -> str:
        """The newest code sent to `recipient` (the review step commits before answering)."""
        deadline = time.monotonic() + wait
        while True:
            with self.engine.connect() as connection:
                body = connection.execute(QUERY, {"to": recipient}).scalar()
            found = CODE.search(body or "")
            if found:
                return found.group(1)
            if time.monotonic() > deadline:
                raise LookupError(f"no code reached {recipient}")
            time.sleep(0.1)

    def close(self) -> None:
        self.engine.dispose()
