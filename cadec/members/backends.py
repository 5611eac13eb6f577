"""Password sign-in that also asks whether the person still has a current membership."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from cadec.members import permissions
from cadec.members.selectors import viewer_for


class MembershipBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return permissions.has_access(viewer_for(user=user, on=timezone.now().date()))
