from django.core.exceptions import PermissionDenied


class ActionRefused(Exception):
    """A step the rules forbid now; the message is shown to the person as it is."""

    def __init__(self, message: str, *, field_errors: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class ConcurrentChange(ActionRefused):
    def __init__(self):
        super().__init__(
            "This addon changed while you were looking — reload the page and try again."
        )


__all__ = ["ActionRefused", "ConcurrentChange", "PermissionDenied"]
