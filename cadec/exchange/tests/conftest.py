"""Fixtures of the exchange tests: the real embedding model, with vectors memoised per session."""

import numpy as np
import pytest

from cadec.exchange import embeddings

_PASSAGES: dict[str, np.ndarray] = {}
_QUERIES: dict[str, np.ndarray] = {}


@pytest.fixture(autouse=True)
def _memoised_embeddings(monkeypatch):  # type: ignore[no-untyped-def]
    """The real model, loaded once; each distinct text is embedded once per test session."""
    real_passages, real_query = embeddings.embed_passages, embeddings.embed_query

    def passages(texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in _PASSAGES]
        if missing:
            _PASSAGES.update(zip(missing, real_passages(missing), strict=True))
        if not texts:
            return np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
        return np.stack([_PASSAGES[t] for t in texts])

    def query(text: str) -> np.ndarray:
        if text not in _QUERIES:
            _QUERIES[text] = real_query(text)
        return _QUERIES[text]

    monkeypatch.setattr(embeddings, "embed_passages", passages)
    monkeypatch.setattr(embeddings, "embed_query", query)


@pytest.fixture(autouse=True)
def _no_cached_facets():  # type: ignore[no-untyped-def]
    """Each test starts without the facets another test cached: ids and the fixed clock repeat
    from test to test, so two different sets of practices can share a cache key."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demonstration(framework, now):  # type: ignore[no-untyped-def]
    from cadec.exchange.reference import load_demonstration_exchange

    return load_demonstration_exchange(framework=framework, now=now)
