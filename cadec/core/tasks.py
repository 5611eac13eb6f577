"""Background tasks that belong to no module: sending e-mail through the task worker."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str], html_body: str | None = None) -> int:
    """Send one e-mail; run by the worker so a slow or absent mail server never blocks a page."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
