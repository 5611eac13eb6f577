"""The one exception family that services raise and every face (page, API, CLI) maps once."""


class DomainError(Exception):
    """A rule of the domain refused the request; ``message`` is shown to the user as it is."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class PreconditionFailed(DomainError):
    """A versioned write was based on a stale version (``If-Match`` no longer matches)."""

    status = 412


class PreconditionRequired(DomainError):
    """A versioned write came without the version it was based on (no ``If-Match``)."""

    status = 428
