"""Background work of the exchange: embedding a practice after it changes."""

from django.tasks import task

from cadec.exchange import search


@task()
def embed_practice(*, practice_id: int) -> bool:
    """Compute (or refresh) the embedding of one practice; False if it no longer exists."""
    return search.embed_practices(practice_ids=[practice_id]) == 1
