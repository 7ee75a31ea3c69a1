"""Keras's truth for convcalc's Python reader: run example lessons with real Keras, record what they build.

Run with the Keras venv from the repository root (fixtures are committed; tests never need Keras):

    /work/kerasvenv/bin/python -m tools.python_oracle record [GLOB]  # tests/python_source/examples/*.py (or GLOB)
    /work/kerasvenv/bin/python -m tools.python_oracle signatures  # tests/python_source/keras_signatures.json
    /work/kerasvenv/bin/python -m tools.python_oracle written     # convert --to python of specs/, run: written/
    /work/kerasvenv/bin/python -m tools.python_oracle applications [GLOB]  # tests/python_source/applications/*.py
    /work/kerasvenv/bin/python -m tools.python_oracle subclassed  # tests/python_source/subclassed/*.py
    /work/kerasvenv/bin/python -m tools.python_oracle run FILE    # one file, JSON on stdout

Each file runs in its own process (Keras numbers names per session) with tools/python_oracle/stubs.py
installed: tf.keras is Keras 3, datasets are small arrays of zeros, fit/evaluate/plotting do nothing,
keras.applications' imagenet weights are neither downloaded nor loaded.
"""
