"""How an HTML form shows a refusal from a service."""

from typing import Any

from cadec.core.errors import DomainError


def add_domain_error(form: Any, error: DomainError) -> None:
    """Attach ``error`` to the field it names (or to the form) so the page shows it in place.

    Messages name their field as a prefix ("end_date: …") for API clients; beside the field
    itself the prefix is dropped. A hidden field's errors would not show, so they go to the form.
    """
    field = error.field if error.field in form.fields else None
    if field is not None and form.fields[field].widget.is_hidden:
        field = None
    message = error.message.split(": ", 1)[1] if field and ": " in error.message else error.message
    form.add_error(field, message)
