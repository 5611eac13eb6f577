"""Background tasks of the negotiation: closing a silence procedure at its deadline."""

from django.tasks import task
from django.utils import timezone


@task()
def close_silence(*, silence_id: int) -> bool:
    """Close a silence at its deadline; an unbroken silence adopts the text.

    Enqueued to run after the deadline; the task rows outlive a restart of the worker, and
    ``cadec worker`` also closes any silence whose deadline passed while it was stopped.
    """
    from cadec.negotiation import adoption

    return adoption.close_silence(silence_id=silence_id, now=timezone.now()) is not None
