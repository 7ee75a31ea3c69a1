"""Keras oracle for convcalc: record what real Keras 3 says about a spec.

convcalc computes Keras-style output shapes, parameter counts and the
``model.summary()`` table *without* Keras.  This tool is the reference it is
tested against.  It reads convcalc's YAML model specs, builds each model with
real Keras (JAX backend, CPU), and writes one JSON fixture per spec.  The
fixtures are committed; convcalc's tests compare against the JSON only.
Keras is never a dependency of convcalc or of its tests: this tool is run by
hand, inside a throwaway virtualenv.

Spec format (the public contract)::

    name: fashion_mnist_cnn          # optional; default: the file's stem
    input_shape: [28, 28, 1]         # batch dim left out; a dim may be null
    layers:
      - Conv2D: {filters: 64, kernel_size: 3, activation: relu}
      - Flatten                      # bare class name = no arguments
      - Dense: {units: 10, name: out}

Each layer is ``getattr(keras.layers, cls)(**kwargs)`` (YAML lists become
tuples, recursively).  If there is no top-level ``input_shape``, the first
layer's ``input_shape`` kwarg is passed through and Keras makes the Input.
``description:`` and ``budgets:`` (convcalc's CI limits) are ignored.

Graph specs (top-level ``inputs:`` {name: shape} and/or ``outputs:``, a
layer's ``inputs:`` naming one layer or input or a list of them, ``Input:``
entries) are built the way a user writes them: ``keras.Input(shape, name)``
for each top-level input, then each entry applied functionally in spec order
(one tensor, or a list for a list of several -- a list of one is one tensor
except for a merge), then ``keras.Model(inputs=[...], outputs=[...])`` with
the inputs in spec order (top-level ones first) and a single input or output
passed unwrapped.  A layer without ``inputs:`` reads the entry above it.  A
spec counts as a graph exactly when convcalc treats it as one (inputs:,
outputs:, a layer's inputs: or an Input entry).

Fixture (``<out>/<spec stem>.json``, keys sorted, no timestamps)::

    keras_version, spec (path relative to the repo root), refused, error,
    name, layers[{name, type, output_shape, params, trainable_params,
    non_trainable_params}], total_params, trainable_params,
    non_trainable_params, summary, summary_show_trainable,
    line_length, line_length_show_trainable, runtime, warnings

``error`` is null or ``{type, message, core_message, layer_index}``.  When
Keras refuses the model, everything after ``error`` above is null.  The
layer index (of the offending entry in ``layers``) comes from building the
model functionally, one layer at a time; a Sequential model is then built as
a user would and must agree.  For a graph it is the entry whose call Keras
refused, or null when ``keras.Model(...)`` itself refused.
``summary`` is the exact text ``model.summary()`` prints (it ends with a
newline, as on a terminal).  ``runtime`` is null when not run (refused, or a
None dimension in the input), else the result of pushing a zero batch of 2
through the layers eagerly: ``{ok: true, output_shapes: [...]}`` (one per
``model.layers``, InputLayers included for a graph) or ``{ok: false, error:
{...}, layer_index}``.  ``warnings`` lists the Python warnings Keras issued
while building (``"Category: message"``).

Specs are recorded in a worker process: XLA aborts the whole process on a
few models (a CHECK failure in its algebraic simplifier, seen on
Conv2DTranspose/Conv3DTranspose with padding='same' and output_padding);
such a spec is recorded again without the eager run and its runtime says
``{ok: false, error: {type: ProcessDied, ...}, layer_index: null}``.

Regenerating every fixture folder (from the repo root)::

    python3 -m venv /tmp/oracle/venv && /tmp/oracle/venv/bin/pip install keras jax jaxlib pyyaml
    # the committed fixtures were recorded with keras 3.15.1, jax/jaxlib 0.10.2
    # (pip install keras==3.15.1 jax==0.10.2 jaxlib==0.10.2 pyyaml to match them byte for byte)

    /tmp/oracle/venv/bin/python -m tools.keras_oracle specs --out tests/oracle/fixtures/specs
    /tmp/oracle/venv/bin/python -m tools.keras_oracle tests/oracle/cases/edge --out tests/oracle/fixtures/edge
    /tmp/oracle/venv/bin/python -m tools.keras_oracle random --seed 1 --count 200 \\
        --out-cases tests/oracle/cases/random_core --out-fixtures tests/oracle/fixtures/random_core
    /tmp/oracle/venv/bin/python -m tools.keras_oracle random-catalogue --seed 1 --count 300
    /tmp/oracle/venv/bin/python -m tools.keras_oracle random-graphs --seed 1 --count 150
    for folder in preprocessing recurrent attention; do
        /tmp/oracle/venv/bin/python -m tools.keras_oracle tests/oracle/cases/$folder --out tests/oracle/fixtures/$folder
    done
    # Keras's text layers need TensorFlow (tensorflow-cpu 2.21.0 beside the same keras and jax):
    /tmp/oracle/tfvenv/bin/python -m tools.keras_oracle tests/oracle/cases/text --out tests/oracle/fixtures/text

``random`` draws Sequential models from the core layers (Conv, pooling,
BatchNormalization, Dropout, Activation, Dense, Flatten).  ``random-catalogue``
(cases and fixtures in tests/oracle/{cases,fixtures}/random_catalogue by
default) draws chains of 1-6 layers from every registered kind that reads one
tensor, with their shape arguments at random (kernel sizes, strides, padding,
dilation, groups, depth_multiplier, output_padding, data_format, keepdims,
padding and cropping in each of Keras's forms, axes, shared_axes, ...), an
Embedding on integer ids now and then (as an int32 ``Input`` entry or the
Sequential input), and one fault in about 20% of the cases.  ``random-graphs``
(.../random_graphs) draws branching models: 1-2 named inputs, 3-12 layers,
skip connections and parallel branches joined by every merge layer,
several outputs or unused layers sometimes, named and auto-named layers
mixed, token ids embedded with a mask now and then, and a fault (mostly
merged shapes that do not fit) in about 20%.  Two things convcalc does on
purpose are avoided: a merge of a single tensor in a list (``inputs: [a]``,
which Keras accepts and convcalc refuses) and a Concatenate of masked tensors
(Keras adds mask operations that convcalc does not model, and refuses);
Softmax axes out of range, negative padding and unknown interpolations are
never drawn either (convcalc refuses early what Keras only fails on at run
time).

A wrapper's ``layer:`` (and ``backward_layer:``), written as a layer entry ``{LSTM: {units: 8}}``, is made
just before the wrapper, as ``Bidirectional(LSTM(8))`` makes it; MultiHeadAttention is called on its
tensors, ``mha(query, value)``; a string input runs on a batch of short texts.

A folder run skips (and names) the specs written by tools.keras_to_spec
(their fixtures, in tests/oracle/fixtures/applications, come from the
keras.applications models themselves).  Generated cases depend only on the
seed and the case number (case i is the same for any --count).  To verify
instead of write, compare against the committed fixtures (exit status 1 and
a diff on any difference)::

    /tmp/oracle/venv/bin/python -m tools.keras_oracle specs --out tests/oracle/fixtures/specs --check
    /tmp/oracle/venv/bin/python -m tools.keras_oracle tests/oracle/cases/edge --out tests/oracle/fixtures/edge --check
    /tmp/oracle/venv/bin/python -m tools.keras_oracle tests/oracle/cases/random_core \\
        --out tests/oracle/fixtures/random_core --check
    /tmp/oracle/venv/bin/python -m tools.keras_oracle tests/oracle/cases/random_catalogue \\
        --out tests/oracle/fixtures/random_catalogue --check
    /tmp/oracle/venv/bin/python -m tools.keras_oracle tests/oracle/cases/random_graphs \\
        --out tests/oracle/fixtures/random_graphs --check

Recording takes about 0.5-1.5 s a spec on two cores (random_core, 5
minutes; random_catalogue, about 8).  The tool sets ``KERAS_BACKEND=jax``
and ``COLUMNS=200`` itself, before Keras is imported (and re-runs itself
with ``PYTHONHASHSEED=0``, since some Keras error messages print a Python
set), so the summary uses Keras's default line length (88 for a chain, 108
for a branching graph, 12 more with ``show_trainable=True``) rather than the
width of whatever terminal it runs in.

The modules: spec_reader (the YAML specs), sequential and graph (building a
spec with Keras and recording what it says), records (the fixture format),
worker and fixture_files (recording runs), random_core, random_catalogue,
random_graphs and layer_maker (the generators), generate and cli (the
commands).
"""

import os

# Both must be set before keras is imported (this runs before any module of the package).  COLUMNS: Keras
# uses min(88, terminal columns - 4) as the summary width and rich sizes its console from COLUMNS; 200 makes
# the default 88 (100 with show_trainable) apply.
os.environ["KERAS_BACKEND"] = "jax"
os.environ["COLUMNS"] = "200"
