"""Password sign-in that also asks whether the person still has a current membership."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from cadec.members import permissions
from cadec.members.selectors import viewer_for


class MembershipBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return permissions.has_access(viewer_for(user=user, on=timezone.now().date()))

    def get_user(self, user_id: Any) -> Any:
        # The session's user is not re-checked here: MembershipAccessMiddleware does it on every
        # request and flushes the session, so an ended membership cannot revive it later.
        user = get_user_model()._default_manager.filter(pk=user_id).first()
        return user if user is not None and super().user_can_authenticate(user) else None
