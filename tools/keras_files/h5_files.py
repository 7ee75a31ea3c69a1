"""Keras 3's own .h5 files for the .h5 reader's tests: python -m tools.keras_files h5 (Keras 3's venv).

tests/keras_files/h5/keras3_legacy.h5.gz is model.save("model.h5") (root attribute model_config, Keras 3's
legacy format, read as a Keras 3 model) and keras3.weights.h5.gz model.save_weights (no config: refused). The
tf.keras 2 save_weights file beside them comes from tf_keras2.py. Gzipped: they are mostly padding.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import keras


def record_all(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)], name="tiny")
    with tempfile.TemporaryDirectory() as folder:
        for name, save in (("keras3_legacy.h5", model.save), ("keras3.weights.h5", model.save_weights)):
            save(Path(folder) / name)
            (out_dir / f"{name}.gz").write_bytes(gzip.compress((Path(folder) / name).read_bytes(), mtime=0))
            print(name, "ok", flush=True)
