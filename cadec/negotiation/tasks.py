"""Background tasks of the negotiation: closing a silence procedure at its deadline, signing
checkpoints of the event log."""

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


@task()
def sign_checkpoint(*, document_id: int) -> int:
    """Sign a checkpoint of a document's log after a batch of events; returns its size.

    Enqueued when a transaction that appended events commits; does nothing if the latest
    checkpoint already covers the log (two workers, or a later batch, got there first).
    """
    from cadec.negotiation import ledger

    checkpoint = ledger.sign_checkpoint(document_id=document_id, now=timezone.now())
    return checkpoint.tree_size if checkpoint is not None else 0
