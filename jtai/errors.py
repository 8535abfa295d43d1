"""The one base for errors a service raises about its input or the state of things."""


class DomainError(ValueError):
    """A rule refused the request. `field` names the form field (or CSV row, or "__all__") the
    message is about, so a view puts the error where the user will look for it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class DomainErrors(DomainError):
    """Several refusals at once, each on its own field: every missing answer of a form is shown
    together, not one per attempt. It reads as its first one where a single error is expected."""

    def __init__(self, errors: list[DomainError]):
        super().__init__(errors[0].field, errors[0].message)
        self.errors = errors


def required_choice(field: str, value, choices, message: str):
    """`value` if its choices (a `TextChoices` class) offer it; a form's radios can be sent with
    anything, so every service checks what it is given."""
    if value not in choices.values:
        raise DomainError(field, message)
    return value


def required_text(field: str, value: str | None, message: str) -> str:
    """`value` without its surrounding spaces, refused when nothing is left."""
    value = (value or "").strip()
    if not value:
        raise DomainError(field, message)
    return value
