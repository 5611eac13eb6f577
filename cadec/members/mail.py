"""E-mails of the members module: invitations and password resets, sent by the task worker."""

import unicodedata

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cadec.core.tasks import send_email
from cadec.members import permissions
from cadec.members.models import User
from cadec.members.selectors import viewer_for


def send_password_invitation(*, user: User, domain: str, use_https: bool) -> None:
    """Queue the e-mail that lets a newly registered person choose their password."""
    if not user.email:
        return
    with translation.override(user.language):
        context = {
            "user": user,
            "protocol": "https" if use_https else "http",
            "domain": domain,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }
        subject = render_to_string("members/email/invitation_subject.txt", context).strip()
        body = render_to_string("members/email/invitation.txt", context)
    send_email.enqueue(subject=subject, body=body, to=[user.email])


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the e-mail handed to the task worker."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        with translation.override(user.language):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        send_email.enqueue(subject=subject, body=body, to=[to_email])

    def get_users(self, email: str):
        # Password reset only for people who still have access; ended members get no e-mail.
        # Unlike Django's, it includes people who have not chosen a password yet: this is how
        # they renew an invitation link that expired.
        today = timezone.now().date()
        wanted = unicodedata.normalize("NFKC", email).casefold()
        for user in User._default_manager.filter(email__iexact=email, is_active=True):
            # Compared again after NFKC case folding, as Django does, against look-alike addresses.
            same = unicodedata.normalize("NFKC", user.email).casefold() == wanted
            if same and permissions.has_access(viewer_for(user=user, on=today)):
                yield user
