"""A corpus of third-party Keras code (keras.io examples, course notebooks), Keras's truth on it, and a report
of how convcalc reads it (issue 18: read Keras code as its authors wrote it).

The files themselves are never committed (third-party code): tools/wild_keras/corpus.json names each one
(repository, commit, path, sha256, a short id) and holds its recipe for the model-only cut. Rebuild the corpus
folder (default /work/corpus/keras, or $CONVCALC_KERAS_CORPUS) by saving each file unmodified as
`<id>.py` / `<id>.ipynb`, e.g. with git:

    git clone https://github.com/<repo> r && git -C r show <commit>:<path> > /work/corpus/keras/<id>.<ext>

then check it with `python -m tools.wild_keras fetch-check /work/corpus/keras`.

The cut of a file is its recipe's `constants` (assignments standing for values that come from the data),
then its `keep` line ranges of the file's script (a notebook's code cells flattened: see source.py), in
order, so every layer and model is made in the same order as when the whole file runs and Keras's names
(`conv2d_3`, `functional_1`) are the same. `set` holds the NAME=VALUE pairs of a model that "needs data":
the report passes them to convcalc as `--set NAME=VALUE`. `expected_exact` lists the models convcalc must
read exactly from the original file (tests/test_wild_keras.py checks them when the corpus folder exists).

Keras's truth is recorded with Keras 3.15.1 and JAX (/work/venvs/keras) plus tensorflow-cpu 2.21.0, which
Keras's TextVectorization and StringLookup need on any backend, and the files that choose the TensorFlow
backend (`os.environ["KERAS_BACKEND"]`, or the manifest's `backend` for keras.io's TensorFlow-only examples)
run on it. KERAS_VENV below is such a venv, e.g. one whose site-packages has a .pth line naming
/work/venvs/keras's site-packages, then `pip install tensorflow-cpu==2.21.0`. Each cut runs in its own
process (keras_run.py): data loading, training, plotting and weight downloads are stubbed.

Commands, from the repository root:

    python -m tools.wild_keras fetch-check DIR       # the corpus folder against the manifest
    python -m tools.wild_keras cut ID                 # print a file's cut
    python -m tools.wild_keras propose ID             # recompute a recipe's `keep` (see slicing.py)
    KERAS_BACKEND=jax KERAS_VENV/bin/python -m tools.wild_keras record [ID ... | changed]
                                                      # run each cut with Keras: tests/wild_keras/fixtures/
    python -m tools.wild_keras report [--corpus DIR] [--json] [--mark-exact] [ID ...]
                                                      # convcalc (the installed CLI) against the fixtures;
                                                      # --mark-exact adds today's exact models to expected_exact
"""
