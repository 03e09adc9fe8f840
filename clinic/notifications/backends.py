"""Where composed email goes: an SMTP server, or .eml files for development.

A backend is a context manager (`with backend:` around a batch) so SMTP can keep one
connection for many messages; `send` also works on its own, opening and closing a connection.
Any failure is raised to the caller, the outbox, which records it and retries later.
"""

import os
import re
import smtplib
import ssl
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol, Self

from clinic.notifications.mime import POLICY

SECURITY_CHOICES = ("none", "starttls", "tls")


class MailBackend(Protocol):
    def send(self, message: EmailMessage) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...


class FileBackend:
    """Writes each message to `<directory>/<UTC timestamp>-<Message-ID>.eml`.

    The file appears whole or not at all: it is written under a hidden temporary name in the
    same directory, flushed to disk, then renamed.
    """

    def __init__(self, directory: str | os.PathLike[str]):
        self.directory = Path(directory)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def send(self, message: EmailMessage) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        name = re.sub(r"[^A-Za-z0-9.@_-]", "_", str(message.get("Message-ID", "")).strip("<> "))
        target = self.directory / f"{stamp}-{name or 'message'}.eml"
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(message.as_bytes(policy=POLICY))
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target


class SmtpBackend:
    """Sends through an SMTP server: plain, STARTTLS or implicit TLS, optionally signing in.

    Credentials are refused over a connection that is not encrypted.
    """

    def __init__(
        self,
        host: str,
        port: int,
        security: str = "none",
        username: str | None = None,
        password: str | None = None,
        timeout: float = 10,
    ):
        if security not in SECURITY_CHOICES:
            raise ValueError(f"SMTP_SECURITY must be one of {SECURITY_CHOICES}, not {security!r}")
        if username and security == "none":
            raise ValueError("SMTP credentials need SMTP_SECURITY=starttls or tls.")
        self.host, self.port, self.security = host, int(port), security
        self.username, self.password, self.timeout = username, password, timeout
        self._connection: smtplib.SMTP | None = None
        self._batch = False

    def __enter__(self) -> Self:
        self._batch = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._batch = False
        self.close()

    def send(self, message: EmailMessage) -> None:
        connection = self._connection or self._connect()
        try:
            connection.send_message(message)
        except BaseException:
            # The session may be mid-transaction or dead; the next message starts afresh.
            self._drop()
            raise
        if not self._batch:
            self.close()

    def close(self) -> None:
        """End the connection politely, if one is open."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.security == "tls":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.security == "starttls":
                connection.ehlo()
                connection.starttls(context=context)
                connection.ehlo()
            if self.username:
                connection.login(self.username, self.password or "")
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection


def backend_from_config(config: Mapping[str, Any]) -> FileBackend | SmtpBackend:
    """The backend MAIL_BACKEND names (`file`, the development default, or `smtp`)."""
    kind = config.get("MAIL_BACKEND", "file")
    if kind == "file":
        return FileBackend(config["MAIL_FILE_DIR"])
    if kind == "smtp":
        return SmtpBackend(
            config["SMTP_HOST"],
            config["SMTP_PORT"],
            security=config.get("SMTP_SECURITY", "none"),
            username=config.get("SMTP_USERNAME"),
            password=config.get("SMTP_PASSWORD"),
            timeout=config.get("SMTP_TIMEOUT", 10),
        )
    raise ValueError(f"MAIL_BACKEND must be 'file' or 'smtp', not {kind!r}")
