"""Who may do what with indicators: pure predicates over a ``Viewer``.

Reading indicators is public (the cooperation publishes its numbers); importing is the
Secretariat's job.
"""

from cadec.members import permissions as member_permissions
from cadec.members.permissions import Viewer


def can_import_indicators(viewer: Viewer) -> bool:
    return member_permissions.is_secretariat(viewer)
