"""A corpus of third-party PyTorch model code (pytorch/examples, course repositories), torch's truth on it, and a
report of how convcalc reads it (issue 20: at least 40 models read from the files as their authors wrote them).

Modelled on tools/wild_keras (whose source.py flattens notebooks and cuts line ranges here too). The files are
never committed (third-party code): tools/wild_torch/corpus.json names each one (repository, commit, path,
sha256, a short id), its recipe for the model-only cut, and its models. Rebuild the corpus folder (default
/work/corpus/torch, or $CONVCALC_TORCH_CORPUS) by saving each file unmodified as `<id>.py` / `<id>.ipynb`:

    git clone https://github.com/<repo> r && git -C r show <commit>:<path> > /work/corpus/torch/<id>.<ext>

then check it with `python -m tools.wild_torch fetch-check`.

Each model of a file is named as a user picks it (`model`: a variable or a class name), with the convcalc
arguments expected to print it (`args`, e.g. `--model Net --input-size 1,1,28,28`), the input size torchinfo
is given and a note saying where that size comes from (the file's own summary or torch.randn call, else its
data). A class named by `model` is built with its defaults unless the entry has a `build` expression.

torch's truth is torchinfo 1.8.0's `summary(model, input_size=...)` text (its `(Units.MEGABYTES)` enum bug
printed as `(M)`, as convcalc does) and its rows, recorded with torch 2.14.1 (/work/venvs/torch, plus
torchvision for the files that import it). Each cut runs in its own process (torch_run.py): nothing is
trained, no data is loaded, and modules only data or plotting code uses answer every call with a dummy.

Commands, from the repository root:

    python -m tools.wild_torch fetch-check [DIR]      # the corpus folder against the manifest
    python -m tools.wild_torch cut ID                 # print a file's cut
    /work/venvs/torch/bin/python -m tools.wild_torch record [ID ...]
                                                      # run each cut with torch: tests/wild_torch/fixtures/
    python -m tools.wild_torch report [--corpus DIR] [--json] [--mark-exact] [ID ...]
                                                      # convcalc's CLI against the fixtures, byte for byte;
                                                      # --mark-exact adds today's exact models to expected_exact
"""
