"""Record Keras's own files and summaries as convcalc's test fixtures (tests/keras_files/).

Runs by hand in a throwaway virtualenv with Keras 3 and jax (never a dependency of convcalc):

    KERAS_BACKEND=jax /work/kerasvenv/bin/python -m tools.keras_files applications random variants shared

For each model it writes, under tests/keras_files/<group>/:

- `<name>.keras`: the archive Keras saves, without its weights (only metadata.json and config.json);
- `<name>.json.gz`: `model.to_json()` (gzipped: the largest configs are megabytes);
- `<name>.oracle.json.gz`: what Keras says about the model (record.summary_record).
"""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")  # before any import of keras, in spawned workers too
os.environ["COLUMNS"] = "200"  # Keras's default widths (88, 108) win over the terminal's
