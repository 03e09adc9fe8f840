"""The base of every domain error; pure, so pure modules can raise it."""


class DomainError(Exception):
    """A broken business rule, with a message fit to show the person who broke it."""

    status_code = 422

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
