"""A large legacy .h5 model for the benchmark: python -m tools.keras_files.big_h5 OUT.h5 [MEGABYTES].

Laid out as tf.keras 2's model.save("model.h5") lays it out: the root attributes model_config (DenseNet121's
config as tf.keras 2.21 wrote it, tests/keras_files/tf_keras2/), keras_version and backend, then the weights
under model_weights/, here filler datasets of the size asked (500 MB by default). Needs h5py and numpy only.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import h5py
import numpy as np

CONFIG = Path(__file__).resolve().parents[2] / "tests" / "keras_files" / "tf_keras2" / "DenseNet121.json.gz"
CHUNK_VALUES = 16 * 1024 * 1024  # float32 values per dataset: 64 MB


def make(out: Path, megabytes: int = 500) -> str:
    """Writes the .h5 at `out` and returns its config's JSON text (to time against)."""
    config = gzip.decompress(CONFIG.read_bytes()).decode()
    rng = np.random.default_rng(0)
    with h5py.File(out, "w") as handle:
        handle.attrs["model_config"] = config
        handle.attrs["keras_version"] = "2.21.0"
        handle.attrs["backend"] = "tensorflow"
        weights = handle.create_group("model_weights")
        left = megabytes * 1024 * 1024 // 4
        index = 0
        while left > 0:
            count = min(left, CHUNK_VALUES)
            weights.create_dataset(f"filler_{index}", data=rng.random(count, dtype=np.float32))
            left -= count
            index += 1
    return config


if __name__ == "__main__":
    target = Path(sys.argv[1])
    text = make(target, int(sys.argv[2]) if len(sys.argv) > 2 else 500)
    target.with_suffix(".json").write_text(text, encoding="utf-8")
    print(f"{target}: {target.stat().st_size:,} bytes; its config: {target.with_suffix('.json')}")
