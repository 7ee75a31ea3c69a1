#!/usr/bin/env python3
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

    /tmp/oracle/venv/bin/python tools/keras_oracle.py specs --out tests/oracle/fixtures/specs
    /tmp/oracle/venv/bin/python tools/keras_oracle.py tests/oracle/cases/edge --out tests/oracle/fixtures/edge
    /tmp/oracle/venv/bin/python tools/keras_oracle.py random --seed 1 --count 200 \\
        --out-cases tests/oracle/cases/random_core --out-fixtures tests/oracle/fixtures/random_core
    /tmp/oracle/venv/bin/python tools/keras_oracle.py random-catalogue --seed 1 --count 300
    /tmp/oracle/venv/bin/python tools/keras_oracle.py random-graphs --seed 1 --count 150

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

A folder run skips (and names) the specs written by tools/keras_to_spec.py
(their fixtures, in tests/oracle/fixtures/applications, come from the
keras.applications models themselves).  Generated cases depend only on the
seed and the case number (case i is the same for any --count).  To verify
instead of write, compare against the committed fixtures (exit status 1 and
a diff on any difference)::

    /tmp/oracle/venv/bin/python tools/keras_oracle.py specs --out tests/oracle/fixtures/specs --check
    /tmp/oracle/venv/bin/python tools/keras_oracle.py tests/oracle/cases/edge --out tests/oracle/fixtures/edge --check
    /tmp/oracle/venv/bin/python tools/keras_oracle.py tests/oracle/cases/random_core \
        --out tests/oracle/fixtures/random_core --check
    /tmp/oracle/venv/bin/python tools/keras_oracle.py tests/oracle/cases/random_catalogue \
        --out tests/oracle/fixtures/random_catalogue --check
    /tmp/oracle/venv/bin/python tools/keras_oracle.py tests/oracle/cases/random_graphs \
        --out tests/oracle/fixtures/random_graphs --check

Recording takes about 0.5-1.5 s a spec on two cores (random_core, 5
minutes; random_catalogue, about 8).  The tool sets ``KERAS_BACKEND=jax``
and ``COLUMNS=200`` itself, before Keras is imported (and re-runs itself
with ``PYTHONHASHSEED=0``, since some Keras error messages print a Python
set), so the summary uses Keras's default line length (88 for a chain, 108
for a branching graph, 12 more with ``show_trainable=True``) rather than the
width of whatever terminal it runs in.
"""

import os

# Both must be set before keras is imported.  COLUMNS: Keras uses
# min(88, terminal columns - 4) as the summary width and rich sizes its console
# from COLUMNS; 200 makes the default 88 (100 with show_trainable) apply.
os.environ["KERAS_BACKEND"] = "jax"
os.environ["COLUMNS"] = "200"

import argparse  # noqa: E402
import difflib  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEC_SUFFIXES = (".yaml", ".yml")


class SpecError(Exception):
    """The YAML file is not a valid spec (a problem of the file, not Keras)."""


class UnsupportedSpec(SpecError):
    """A graph spec where a Sequential one is needed (load_spec)."""


class OracleDisagreement(Exception):
    """The functional walk and the Sequential model disagree: a tool bug."""


# --------------------------------------------------------------------------
# Reading specs


def _tuples(value):
    """YAML lists -> tuples, recursively (Keras wants tuples for shapes)."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


TOP_LEVEL_KEYS = ("name", "description", "input_shape", "inputs", "layers", "outputs", "budgets")
INPUT_CLASSES = ("Input", "InputLayer")
PREVIOUS = "<the entry above>"  # a graph layer without inputs: reads the entry above it


def _shape_list(value):
    return isinstance(value, list) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in value
    )


def read_spec(path):
    """The spec file as (data, [(class_name, raw kwargs), ...]); budgets: and description: are ignored."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SpecError(f"{path}: top level must be a mapping")
    unknown = set(data) - set(TOP_LEVEL_KEYS)
    if unknown:
        raise SpecError(f"{path}: unknown top-level keys {sorted(unknown)}")
    name = data.get("name", path.stem)
    if not isinstance(name, str):
        raise SpecError(f"{path}: name must be a string")
    raw_layers = data.get("layers")
    if not isinstance(raw_layers, list) or not raw_layers:
        raise SpecError(f"{path}: layers must be a non-empty list")
    entries = []
    for i, entry in enumerate(raw_layers):
        if isinstance(entry, str):
            entries.append((entry, {}))
            continue
        if not (isinstance(entry, dict) and len(entry) == 1):
            raise SpecError(f"{path}: layers[{i}] must be a name or a one-key mapping")
        (cls_name, kwargs), = entry.items()
        if kwargs is None:
            kwargs = {}
        if not isinstance(cls_name, str) or not isinstance(kwargs, dict):
            raise SpecError(f"{path}: layers[{i}] must map a class name to kwargs")
        entries.append((cls_name, kwargs))
    return data, entries


def is_graph(data, entries):
    """Written as a graph (built as keras.Model(inputs, outputs)), as convcalc decides it: top-level
    inputs:/outputs:, a layer with inputs:, or an Input entry."""
    return bool({"inputs", "outputs"} & set(data)) or any(
        cls_name in INPUT_CLASSES or "inputs" in kwargs for cls_name, kwargs in entries
    )


def load_spec(path):
    """A Sequential spec: return (name, input_shape or None, [(class_name, kwargs), ...])."""
    path = Path(path)
    data, entries = read_spec(path)
    if is_graph(data, entries):
        raise UnsupportedSpec(f"{path}: a graph (inputs:/outputs:), not a Sequential model")
    name = data.get("name", path.stem)
    input_shape = data.get("input_shape")
    if input_shape is not None:
        if not _shape_list(input_shape):
            raise SpecError(f"{path}: input_shape must be a list of ints/nulls")
        input_shape = tuple(input_shape)
    layers = [(cls_name, _tuples(kwargs)) for cls_name, kwargs in entries]
    if input_shape is None and "input_shape" not in layers[0][1]:
        raise SpecError(
            f"{path}: no input_shape (top level, or as the first layer's kwarg)"
        )
    return name, input_shape, layers


def load_graph_spec(path):
    """A graph spec: return (name, [(input name or None, shape), ...],
    [(class_name, kwargs, reads), ...], outputs).

    ``reads`` is PREVIOUS, a name or a list of names (as written); ``outputs``
    is None (the last entry), a name or a list of names.
    """
    path = Path(path)
    data, entries = read_spec(path)
    name = data.get("name", path.stem)
    if "inputs" in data and "input_shape" in data:
        raise SpecError(f"{path}: input_shape and inputs both given")
    inputs = []
    if "inputs" in data:
        if not isinstance(data["inputs"], dict) or not data["inputs"]:
            raise SpecError(f"{path}: inputs must map input names to shapes")
        for input_name, shape in data["inputs"].items():
            if not isinstance(input_name, str) or not _shape_list(shape):
                raise SpecError(f"{path}: inputs: {input_name!r} must map to a list of ints/nulls")
            inputs.append((input_name, tuple(shape)))
    elif "input_shape" in data:
        if not _shape_list(data["input_shape"]):
            raise SpecError(f"{path}: input_shape must be a list of ints/nulls")
        inputs.append((None, tuple(data["input_shape"])))
    layers = []
    for i, (cls_name, kwargs) in enumerate(entries):
        kwargs = dict(kwargs)
        reads = kwargs.pop("inputs", PREVIOUS)
        if not (reads is PREVIOUS or isinstance(reads, str) or (
            isinstance(reads, list) and reads and all(isinstance(r, str) for r in reads)
        )):
            raise SpecError(f"{path}: layers[{i}]: inputs must be a name or a list of names")
        if cls_name in INPUT_CLASSES and reads is not PREVIOUS:
            raise SpecError(f"{path}: layers[{i}]: an {cls_name} reads nothing")
        layers.append((cls_name, _tuples(kwargs), reads))
    if not inputs and layers[0][0] not in INPUT_CLASSES and layers[0][2] is PREVIOUS and not (
        "input_shape" in layers[0][1] or "input_dim" in layers[0][1]
    ):
        raise SpecError(f"{path}: no input (inputs:, input_shape:, an Input entry or the first layer's input_shape)")
    outputs = data.get("outputs")
    if not (outputs is None or isinstance(outputs, str) or (
        isinstance(outputs, list) and outputs and all(isinstance(o, str) for o in outputs)
    )):
        raise SpecError(f"{path}: outputs must be a name or a list of names")
    return name, inputs, layers, outputs


# --------------------------------------------------------------------------
# Building with Keras

_keras = None


def keras():
    """Import keras lazily, so `--help` and spec errors don't pay for it."""
    global _keras
    if _keras is None:
        import keras as k

        if k.backend.backend() != "jax":
            raise SystemExit(f"expected the jax backend, got {k.backend.backend()}")
        _keras = k
    return _keras


def make_layer(cls_name, kwargs):
    return getattr(keras().layers, cls_name)(**kwargs)


def _n(weights):
    return sum(math.prod(w.shape) for w in weights)


def _shape(tensor):
    return [None if d is None else int(d) for d in tensor.shape]


def layer_record(layer, output):
    return {
        "name": layer.name,
        "type": type(layer).__name__,
        "output_shape": _shape(output),
        "params": int(layer.count_params()),
        "trainable_params": int(_n(layer.trainable_weights)),
        "non_trainable_params": int(_n(layer.non_trainable_weights)),
    }


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Keras wraps errors raised inside a layer's call() like this:
#   "Exception encountered when calling X.call().\n\n\x1b[1m<core>\x1b[0m\n\n..."
_WRAPPED = re.compile(r"\x1b\[1m(.*?)\x1b\[0m", re.S)


def error_record(exc, layer_index):
    message = str(exc)
    wrapped = _WRAPPED.search(message)
    core = wrapped.group(1) if wrapped else _ANSI.sub("", message)
    return {
        "type": type(exc).__name__,
        "message": message,
        "core_message": core,
        "layer_index": layer_index,
    }


def functional_walk(input_shape, layers):
    """Apply the layers one by one to a fresh Input.

    Returns (records, None) or (None, (exception, offending layer index)).
    """
    k = keras()
    k.utils.clear_session()
    if input_shape is None:
        input_shape = layers[0][1]["input_shape"]
        index_if_input_fails = 0  # the shape came from layer 0's kwargs
    else:
        index_if_input_fails = None
    try:
        x = k.Input(shape=input_shape)
    except Exception as exc:
        return None, (exc, index_if_input_fails)
    records = []
    for i, (cls_name, kwargs) in enumerate(layers):
        try:
            layer = make_layer(cls_name, kwargs)
            x = layer(x)
        except Exception as exc:
            return None, (exc, i)
        records.append(layer_record(layer, x))
    return records, None


def build_sequential(name, input_shape, layers):
    """Build the model the way a user writes it. Raises what Keras raises."""
    k = keras()
    k.utils.clear_session()
    head = [] if input_shape is None else [k.Input(shape=input_shape)]
    built = [make_layer(cls_name, kwargs) for cls_name, kwargs in layers]
    return k.Sequential(head + built, name=name)


def capture_summary(model, show_trainable):
    chunks = []
    model.summary(
        print_fn=lambda text, line_break=None: chunks.append(text),
        show_trainable=show_trainable,
    )
    text = "".join(chunks)
    # The table's top border spans exactly the line length Keras used.
    borders = [line for line in text.split("\n") if line.startswith("┏")]
    return text, (len(borders[0]) if borders else None)


def runtime_check(model, input_shape):
    """Push zeros through the built layers eagerly; None if a dim is unknown."""
    if any(d is None for d in input_shape):
        return None
    import numpy as np

    x = np.zeros((2,) + tuple(input_shape), dtype="float32")
    shapes = []
    for i, layer in enumerate(model.layers):
        try:
            x = layer(x)
        except Exception as exc:
            err = error_record(exc, i)
            del err["layer_index"]
            return {"ok": False, "error": err, "layer_index": i}
        shapes.append([int(d) for d in x.shape])
    return {"ok": True, "output_shapes": shapes}


# What a fixture holds besides keras_version, spec, refused, error and warnings (all null when refused)
RESULT_KEYS = (
    "name", "layers", "total_params", "trainable_params",
    "non_trainable_params", "summary", "summary_show_trainable",
    "line_length", "line_length_show_trainable", "runtime",
)


def crashed_runtime(exitcode):
    """The runtime record of a model whose eager run killed the process (an XLA compiler abort)."""
    how = f"signal {-exitcode}" if exitcode and exitcode < 0 else f"exit code {exitcode}"
    message = f"the process running the model eagerly died ({how})"
    return {"ok": False, "error": {"type": "ProcessDied", "message": message, "core_message": message},
            "layer_index": None}


def record_spec(path, crashed=None):
    """Build one spec with Keras; return the fixture dict.

    ``crashed``: the exit code of a process that died running this model
    eagerly; the model is not run again and its runtime records the crash.
    """
    if is_graph(*read_spec(path)):
        return record_graph_spec(path, crashed)
    name, input_shape, layers = load_spec(path)
    k = keras()
    fixture = {
        "keras_version": k.__version__,
        "spec": spec_label(path),
        "refused": False,
        "error": None,
    }
    empty = {key: None for key in RESULT_KEYS}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        walk, failure = functional_walk(input_shape, layers)
        try:
            model = build_sequential(name, input_shape, layers)
            seq_exc = None
        except Exception as exc:
            model, seq_exc = None, exc
    fixture["warnings"] = _dedupe(
        f"{w.category.__name__}: {w.message}" for w in caught
    )

    if failure is not None:
        walk_exc, index = failure
        if seq_exc is None:
            raise OracleDisagreement(
                f"{path}: functional walk refused at layer {index} "
                f"({type(walk_exc).__name__}: {walk_exc}) but Sequential built"
            )
        if type(seq_exc) is not type(walk_exc):
            raise OracleDisagreement(
                f"{path}: walk raised {type(walk_exc).__name__}, "
                f"Sequential raised {type(seq_exc).__name__}: {seq_exc}"
            )
        # The message a user sees is the Sequential one (it can differ from
        # the walk's in variable paths such as 'sequential/dense/kernel').
        fixture.update(empty)
        fixture["refused"] = True
        fixture["error"] = error_record(seq_exc, index)
        return fixture
    if seq_exc is not None:
        raise OracleDisagreement(
            f"{path}: functional walk built but Sequential raised "
            f"{type(seq_exc).__name__}: {seq_exc}"
        )

    records = [layer_record(layer, layer.output) for layer in model.layers]
    if records != walk:
        raise OracleDisagreement(
            f"{path}: walk and Sequential disagree:\n{walk}\n{records}"
        )
    trainable = int(_n(model.trainable_weights))
    non_trainable = int(_n(model.non_trainable_weights))
    total = int(model.count_params())
    if total != trainable + non_trainable or total != sum(r["params"] for r in records):
        raise OracleDisagreement(f"{path}: parameter totals do not add up")
    summary, width = capture_summary(model, show_trainable=False)
    summary_t, width_t = capture_summary(model, show_trainable=True)
    if crashed is None:
        runtime = runtime_check(model, input_shape or layers[0][1]["input_shape"])
    else:
        runtime = crashed_runtime(crashed)
    if runtime and runtime["ok"]:
        for rec, shape in zip(records, runtime["output_shapes"], strict=False):
            if rec["output_shape"][1:] != shape[1:]:
                raise OracleDisagreement(
                    f"{path}: {rec['name']} symbolic {rec['output_shape']} "
                    f"vs eager {shape}"
                )
    fixture.update(
        name=model.name,
        layers=records,
        total_params=total,
        trainable_params=trainable,
        non_trainable_params=non_trainable,
        summary=summary,
        summary_show_trainable=summary_t,
        line_length=width,
        line_length_show_trainable=width_t,
        runtime=runtime,
    )
    return fixture


# --------------------------------------------------------------------------
# Graph specs: keras.Model(inputs, outputs), layers applied in spec order


class GraphBuild:
    """What building a graph spec left: the model, and each applied layer
    with its entry index and what it read (for the eager run)."""

    def __init__(self):
        self.tensors = {}  # layer or input name -> its output tensor
        self.inputs = []  # model inputs, in spec order
        self.steps = []  # (entry index, layer, reads)
        self.model = None


def _input_name(tensor):
    return tensor._keras_history[0].name


def _read(build, reads, path, where):
    names = [reads] if isinstance(reads, str) else reads
    for name in names:
        if name not in build.tensors:
            raise SpecError(f"{path}: {where} reads {name!r}, which Keras has not built "
                            f"(known: {', '.join(build.tensors)})")
    return names


def build_graph(path, name, inputs, layers, outputs):
    """Build the graph as a user writes it. Returns (GraphBuild, None) or
    (GraphBuild, (exception, index of the offending entry in layers or None))."""
    k = keras()
    k.utils.clear_session()
    build = GraphBuild()
    previous = None
    for input_name, shape in inputs:
        try:
            tensor = k.Input(shape=shape, name=input_name) if input_name else k.Input(shape=shape)
        except Exception as exc:
            return build, (exc, None)
        build.tensors[_input_name(tensor)] = tensor
        build.inputs.append(tensor)
        previous = _input_name(tensor)
    for i, (cls_name, kwargs, reads) in enumerate(layers):
        if cls_name in INPUT_CLASSES:
            try:
                if cls_name == "Input":
                    tensor = k.Input(**kwargs)
                else:
                    tensor = k.layers.InputLayer(**kwargs).output
            except Exception as exc:
                return build, (exc, i)
            build.tensors[_input_name(tensor)] = tensor
            build.inputs.append(tensor)
            previous = _input_name(tensor)
            continue
        if reads is PREVIOUS:
            if previous is None:  # the first layer carries input_shape (or input_dim)
                shape = kwargs.get("input_shape") or (kwargs["input_dim"],)
                try:
                    tensor = k.Input(shape=shape)
                except Exception as exc:
                    return build, (exc, i)
                build.tensors[_input_name(tensor)] = tensor
                build.inputs.append(tensor)
                previous = _input_name(tensor)
            elif i == 0 and len(inputs) > 1:
                raise SpecError(f"{path}: layers[0] has no inputs: but the model has several")
            reads = previous
        names = _read(build, reads, path, f"layers[{i}]")
        received = [build.tensors[n] for n in names]
        cls = getattr(k.layers, cls_name, None)
        merge = isinstance(cls, type) and issubclass(cls, _merge_base())
        if isinstance(reads, str) or (len(received) == 1 and not merge):
            received = received[0]  # a list of one is one tensor, except for a merge
        try:
            layer = make_layer(cls_name, kwargs)
            output = layer(received)
        except Exception as exc:
            return build, (exc, i)
        build.tensors[layer.name] = output
        build.steps.append((i, layer, reads))
        previous = layer.name
    if outputs is None:
        outputs = previous
    out_names = _read(build, outputs, path, "outputs:")
    out_tensors = [build.tensors[n] for n in out_names]
    try:
        build.model = k.Model(
            inputs=build.inputs[0] if len(build.inputs) == 1 else list(build.inputs),
            outputs=out_tensors[0] if isinstance(outputs, str) else out_tensors,
            name=name,
        )
    except Exception as exc:
        return build, (exc, None)
    return build, None


def _merge_base():
    from keras.src.layers.merging.base_merge import Merge

    return Merge


def graph_runtime_check(build):
    """Push zeros through the model's layers eagerly, in spec order; None if
    an input dimension is unknown. output_shapes follow model.layers."""
    import numpy as np

    model = build.model
    if any(d is None for t in build.inputs for d in t.shape[1:]):
        return None
    values = {
        _input_name(t): np.zeros((2,) + tuple(t.shape[1:]), dtype=t.dtype) for t in build.inputs
    }
    in_model = {layer.name for layer in model.layers}
    for i, layer, reads in build.steps:
        if layer.name not in in_model:
            continue
        names = [reads] if isinstance(reads, str) else reads
        received = [values[n] for n in names]
        if isinstance(reads, str) or (len(received) == 1 and not isinstance(layer, _merge_base())):
            received = received[0]
        try:
            values[layer.name] = layer(received)
        except Exception as exc:
            err = error_record(exc, i)
            del err["layer_index"]
            return {"ok": False, "error": err, "layer_index": i}
    return {"ok": True, "output_shapes": [[int(d) for d in values[layer.name].shape] for layer in model.layers]}


def record_graph_spec(path, crashed=None):
    """Build one graph spec with Keras; return the fixture dict (same format)."""
    name, inputs, layers, outputs = load_graph_spec(path)
    k = keras()
    fixture = {
        "keras_version": k.__version__,
        "spec": spec_label(path),
        "refused": False,
        "error": None,
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build, failure = build_graph(path, name, inputs, layers, outputs)
    fixture["warnings"] = _dedupe(
        f"{w.category.__name__}: {w.message}" for w in caught
    )
    if failure is not None:
        exc, index = failure
        fixture.update({key: None for key in RESULT_KEYS})
        fixture["refused"] = True
        fixture["error"] = error_record(exc, index)
        return fixture
    model = build.model
    records = [layer_record(layer, layer.output) for layer in model.layers]
    trainable = int(_n(model.trainable_weights))
    non_trainable = int(_n(model.non_trainable_weights))
    total = int(model.count_params())
    if total != trainable + non_trainable or total != sum(r["params"] for r in records):
        raise OracleDisagreement(f"{path}: parameter totals do not add up")
    summary, width = capture_summary(model, show_trainable=False)
    summary_t, width_t = capture_summary(model, show_trainable=True)
    runtime = graph_runtime_check(build) if crashed is None else crashed_runtime(crashed)
    if runtime and runtime["ok"]:
        for rec, shape in zip(records, runtime["output_shapes"], strict=False):
            if rec["output_shape"][1:] != shape[1:]:
                raise OracleDisagreement(
                    f"{path}: {rec['name']} symbolic {rec['output_shape']} vs eager {shape}"
                )
    fixture.update(
        name=model.name,
        layers=records,
        total_params=total,
        trainable_params=trainable,
        non_trainable_params=non_trainable,
        summary=summary,
        summary_show_trainable=summary_t,
        line_length=width,
        line_length_show_trainable=width_t,
        runtime=runtime,
    )
    return fixture


def _dedupe(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def spec_label(path):
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute, REPO_ROOT)).as_posix()


_SCALAR = r"(?:-?\d+|null|true|false)"
_FLAT_LIST = re.compile(rf"\[\n\s+({_SCALAR}(?:,\n\s+{_SCALAR})*)\n\s*\]")


def dump(fixture):
    """Stable JSON: sorted keys, indent 1, lists of numbers kept on one line."""
    text = json.dumps(fixture, sort_keys=True, indent=1, ensure_ascii=False)
    # (JSON strings hold no raw newlines, so this only touches lists)
    text = _FLAT_LIST.sub(lambda m: "[" + re.sub(r",\n\s+", ", ", m.group(1)) + "]", text)
    assert json.loads(text) == fixture
    return text + "\n"


# --------------------------------------------------------------------------
# Record mode: tools/keras_oracle.py SPEC_OR_DIR... --out DIR [--check]


def expand_specs(args):
    paths = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            paths.extend(sorted(q for q in p.iterdir() if q.suffix in SPEC_SUFFIXES))
        elif p.is_file():
            paths.append(p)
        else:
            raise SystemExit(f"no such spec file or folder: {arg}")
    stems = {}
    for p in paths:
        if p.stem in stems:
            raise SystemExit(f"two specs share the stem {p.stem!r}: {stems[p.stem]}, {p}")
        stems[p.stem] = p
    return paths


# Specs written by tools/keras_to_spec.py from keras.applications models say so in their header; that
# tool records their fixtures (tests/oracle/fixtures/applications/), so a folder run leaves them out.
APPLICATION_MARK = "written by tools/keras_to_spec.py"


class WorkerDied(Exception):
    """The worker process died (XLA can abort the whole process on some models)."""


def _worker_main(conn):
    while True:
        job = conn.recv()
        if job is None:
            return
        path, crashed = job
        try:
            conn.send((True, record_spec(path, crashed)))
        except (SpecError, OracleDisagreement) as exc:
            conn.send((False, exc))
        except Exception as exc:  # anything else, as text (it may not pickle)
            import traceback

            conn.send((False, RuntimeError(f"{path}: {type(exc).__name__}: {exc}\n{traceback.format_exc()}")))


class Recorder:
    """Records specs in a worker process, so that a model whose eager run
    aborts the process (an XLA compiler CHECK failure, which no Python code
    can catch) costs a new worker, not the whole run: the spec is recorded
    again without the eager run, and its runtime says what happened."""

    def __init__(self):
        self.conn = self.process = None

    def _start(self):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def _ask(self, path, crashed):
        if self.process is None:
            self._start()
        self.conn.send((str(path), crashed))
        try:
            ok, value = self.conn.recv()
        except EOFError:
            self.process.join()
            exitcode = self.process.exitcode
            self.conn = self.process = None
            raise WorkerDied(exitcode) from None
        if not ok:
            raise value
        return value

    def record(self, path):
        try:
            return self._ask(path, None)
        except WorkerDied as died:
            (exitcode,) = died.args
            print(f"note: {spec_label(path)}: the worker died (exit code {exitcode}) running the model "
                  "eagerly; recorded again without the eager run", file=sys.stderr)
            return self._ask(path, exitcode)

    def close(self):
        if self.process is not None:
            self.conn.send(None)
            self.process.join()
            self.conn = self.process = None


def write_fixtures(spec_paths, out_dir, check=False, whole_folders=True):
    """Record each spec into out_dir/<stem>.json. Returns the number of diffs.

    With whole_folders, specs in a format this oracle does not build are
    skipped (and named), and so are fixtures in out_dir that no spec produced.
    """
    recorder = Recorder()
    try:
        return _write_fixtures(recorder, spec_paths, out_dir, check, whole_folders)
    finally:
        recorder.close()


def _write_fixtures(recorder, spec_paths, out_dir, check, whole_folders):
    out_dir = Path(out_dir)
    if not check:
        out_dir.mkdir(parents=True, exist_ok=True)
    differences = refused = 0
    recorded = []
    for path in spec_paths:
        if whole_folders and APPLICATION_MARK in Path(path).read_text(encoding="utf-8"):
            print(f"skipped  {spec_label(path)}: written by tools/keras_to_spec.py, which records its "
                  "fixture from the keras.applications model itself", file=sys.stderr)
            continue
        try:
            fixture = recorder.record(path)
        except UnsupportedSpec as exc:
            if not whole_folders:
                raise
            print(f"skipped  {exc}", file=sys.stderr)
            continue
        recorded.append(path)
        refused += fixture["refused"]
        text = dump(fixture)
        target = out_dir / f"{Path(path).stem}.json"
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if check:
            if old != text:
                differences += 1
                print(f"DIFFERS  {target}", file=sys.stderr)
                diff = difflib.unified_diff(
                    (old or "").splitlines(), text.splitlines(), "committed", "now", lineterm="", n=1
                )
                print("\n".join(list(diff)[:40]), file=sys.stderr)
        elif old != text:
            target.write_text(text, encoding="utf-8")
        status = "refused" if fixture["refused"] else "ok"
        print(f"{status:8} {spec_label(path)}", file=sys.stderr)
    expected = {f"{Path(p).stem}.json" for p in recorded}
    if whole_folders and out_dir.is_dir():
        for stale in sorted(out_dir.glob("*.json")):
            if stale.name not in expected:
                print(f"note: {stale} has no spec in this run", file=sys.stderr)
    print(
        f"{len(recorded)} specs, {refused} refused -> {out_dir}"
        + (f", {len(spec_paths) - len(recorded)} skipped" if len(recorded) < len(spec_paths) else "")
        + (f", {differences} differ" if check else ""),
        file=sys.stderr,
    )
    return differences


# --------------------------------------------------------------------------
# Random mode: random sequential specs over the core layers


class RandomSpec:
    """Generate one random spec; rng is seeded per case, so case i does not
    depend on --count.

    It tracks the shape itself, well enough to keep the intended models
    valid; about 20% of the cases are meant to be refused and get one fault
    at a random position.  Keras's verdict in the fixture is what counts.
    """

    RANK_WEIGHTS = {1: 35, 2: 45, 3: 20}
    SIZE_RANGE = {1: (4, 64), 2: (4, 40), 3: (3, 12)}
    FAULT_RATE = 0.2
    FAULTS = (
        "kernel_too_large",
        "pool_too_large",
        "strides_with_dilation",
        "groups_vs_channels",
        "groups_vs_filters",
        "causal_padding",
        "wrong_rank",
    )
    ACTIVATIONS = ("relu", "relu", "relu", "sigmoid", "tanh", "linear", "softmax")

    def __init__(self, seed, index):
        self.rng = random.Random(f"keras_oracle:{seed}:{index}")
        self.index = index

    # -- helpers
    def chance(self, p):
        return self.rng.random() < p

    def spatial_axes(self):
        n = len(self.dims)
        return list(range(1, n)) if self.channels_first else list(range(0, n - 1))

    @property
    def channels(self):
        return self.dims[0] if self.channels_first else self.dims[-1]

    def set_channels(self, value):
        self.dims[0 if self.channels_first else -1] = value

    def per_dim(self, values):
        """An int if all equal (mostly), else a list: Keras accepts both."""
        if len(set(values)) == 1 and not self.chance(0.1):
            return values[0]
        return list(values)

    def common_kwargs(self, kwargs):
        if self.chance(0.04):
            kwargs["trainable"] = False
        if self.chance(0.03):
            kwargs["dtype"] = self.rng.choice(["float16", "mixed_float16"])
        if self.chance(0.05):
            kwargs["name"] = f"block_{len(self.layers)}"
        return kwargs

    def data_format(self, kwargs):
        if self.channels_first:
            kwargs["data_format"] = "channels_first"
        elif self.chance(0.1):
            kwargs["data_format"] = "channels_last"

    # -- layers
    def conv(self, fault=None):
        rank = self.rank
        sizes = [self.dims[a] for a in self.spatial_axes()]
        if fault == "wrong_rank":
            rank = 2 if self.rank == 1 else 1
            sizes = [4] * rank
        channels = self.channels
        padding = self.rng.choice(["valid", "valid", "same", "same"] + (["causal"] if rank == 1 else []))
        strides = [1] * rank
        dilation = [1] * rank
        if self.chance(0.4):
            strides = [self.rng.randint(1, 3) for _ in range(rank)]
            if self.chance(0.7):
                strides = [strides[0]] * rank
        elif self.chance(0.3):
            dilation = [self.rng.randint(1, 3)] * rank
        kernel = []
        for size, d in zip(sizes, dilation, strict=False):
            limit = 5 if padding != "valid" else max(1, min(5, (size - 1) // d + 1))
            kernel.append(self.rng.randint(1, limit))
        if self.chance(0.6):
            kernel = [kernel[0]] * rank
            if padding == "valid":  # keep the uniform kernel valid everywhere
                kernel = [min(kernel[0], min((s - 1) // d + 1 for s, d in zip(sizes, dilation, strict=False)))] * rank
        groups = 1
        filters = self.rng.randint(1, 16)
        if self.chance(0.15):
            divisors = [g for g in range(2, channels + 1) if channels % g == 0]
            if divisors:
                groups = self.rng.choice(divisors)
                filters = groups * self.rng.randint(1, 4)

        if fault == "kernel_too_large":
            padding = "valid"
            axis = self.rng.randrange(rank)
            kernel = list(kernel)
            kernel[axis] = sizes[axis] + self.rng.randint(1, 3)
            dilation = [1] * rank
            if sizes[axis] >= 5 and self.chance(0.5) and max(strides) == 1:
                # reach past the edge with dilation instead of a huge kernel
                d = self.rng.randint(2, 3)
                dilation = [d] * rank
                kernel = [min(k, 5) for k in kernel]
                kernel[axis] = (sizes[axis] - 1) // d + 2
        elif fault == "strides_with_dilation":
            strides = [self.rng.randint(2, 3)] * rank
            dilation = [self.rng.randint(2, 3)] * rank
        elif fault == "groups_vs_channels":
            groups = self.rng.choice([g for g in range(2, channels + 2) if channels % g])
            filters = groups * self.rng.randint(1, 3)
        elif fault == "groups_vs_filters":
            groups = self.rng.randint(2, 4)
            filters = groups * self.rng.randint(1, 3) + self.rng.randint(1, groups - 1)
        elif fault == "causal_padding":
            padding = "causal"

        kwargs = {"filters": filters, "kernel_size": self.per_dim(kernel)}
        if max(strides) > 1 or self.chance(0.1):
            kwargs["strides"] = self.per_dim(strides)
        if padding != "valid" or self.chance(0.2):
            kwargs["padding"] = padding
        if max(dilation) > 1:
            kwargs["dilation_rate"] = self.per_dim(dilation)
        if groups != 1:
            kwargs["groups"] = groups
        if self.chance(0.15):
            kwargs["use_bias"] = False
        if self.chance(0.6):
            kwargs["activation"] = self.rng.choice(self.ACTIVATIONS)
        self.data_format(kwargs)
        self.add(f"Conv{rank}D", self.common_kwargs(kwargs))

        if fault is None:
            for axis, size, k, s, d in zip(self.spatial_axes(), sizes, kernel, strides, dilation, strict=False):
                if padding == "valid":
                    self.dims[axis] = (size - d * (k - 1) - 1) // s + 1
                else:  # same and causal
                    self.dims[axis] = -(-size // s)
            self.set_channels(filters)

    def pool(self, fault=None):
        rank = self.rank
        sizes = [self.dims[a] for a in self.spatial_axes()]
        if fault == "wrong_rank":
            rank = 2 if self.rank == 1 else 1
        kind = self.rng.choice(["MaxPooling", "MaxPooling", "AveragePooling"])
        padding = "same" if self.chance(0.4) else "valid"
        if fault == "causal_padding":
            padding = "causal"
        if fault == "pool_too_large":
            padding = "valid"
        pool = []
        for size in sizes[:rank] + [4] * (rank - len(sizes)):
            pool.append(self.rng.randint(1, 4 if padding != "valid" else max(1, min(4, size))))
        if self.chance(0.6):
            pool = [min(pool)] * rank
        if fault == "pool_too_large":
            axis = self.rng.randrange(rank)
            pool[axis] = sizes[axis] + self.rng.randint(1, 2)
        # MaxPooling*D defaults pool_size to 2; AveragePooling*D has no default
        keep = kind == "AveragePooling" or pool != [2] * rank or self.chance(0.5)
        kwargs = {"pool_size": self.per_dim(pool)} if keep else {}
        choice = self.rng.random()
        if choice < 0.5:
            strides = pool
        elif choice < 0.6:
            kwargs["strides"] = None
            strides = pool
        else:
            strides = [self.rng.randint(1, 3) for _ in range(rank)]
            if self.chance(0.7):
                strides = [strides[0]] * rank
            kwargs["strides"] = self.per_dim(strides)
        if padding != "valid" or self.chance(0.2):
            kwargs["padding"] = padding
        self.data_format(kwargs)
        self.add(f"{kind}{rank}D", self.common_kwargs(kwargs))
        if fault is None:
            for axis, size, p, s in zip(self.spatial_axes(), sizes, pool, strides, strict=False):
                if padding == "valid":
                    self.dims[axis] = (size - p) // s + 1
                else:
                    self.dims[axis] = -(-size // s)

    def batch_norm(self):
        kwargs = {}
        if self.channels_first:
            if self.chance(0.8):
                kwargs["axis"] = self.rng.choice([1, -len(self.dims)])
        elif self.chance(0.2):
            kwargs["axis"] = self.rng.choice([-1, len(self.dims)])
        if self.chance(0.15):
            kwargs["center"] = False
        if self.chance(0.15):
            kwargs["scale"] = False
        if self.chance(0.2):
            kwargs["momentum"] = 0.9
        self.add("BatchNormalization", self.common_kwargs(kwargs))

    def dense(self, units=None, activation=None):
        kwargs = {"units": units or self.rng.randint(1, 16)}
        if activation or self.chance(0.5):
            kwargs["activation"] = activation or self.rng.choice(self.ACTIVATIONS)
        if self.chance(0.1):
            kwargs["use_bias"] = False
        self.add("Dense", self.common_kwargs(kwargs))
        self.dims[-1] = kwargs["units"]

    def add(self, cls_name, kwargs):
        self.layers.append((cls_name, kwargs))

    # -- the whole spec
    def generate(self):
        rng = self.rng
        self.rank = rng.choices(list(self.RANK_WEIGHTS), list(self.RANK_WEIGHTS.values()))[0]
        self.channels_first = self.chance(0.15)
        lo, hi = self.SIZE_RANGE[self.rank]
        first = rng.randint(lo, hi)
        spatial = [first if self.chance(0.6) else rng.randint(lo, hi) for _ in range(self.rank)]
        spatial[0] = first
        channels = rng.randint(1, 8)
        self.dims = [channels] + spatial if self.channels_first else spatial + [channels]
        input_shape = list(self.dims)
        self.layers = []

        count = rng.randint(1, 6)
        tail = count >= 2 and self.chance(0.45)
        body = count - 2 if tail else count
        fault = rng.choice(self.FAULTS) if self.chance(self.FAULT_RATE) else None
        if fault == "causal_padding" and self.rank == 1:
            fault_kind = "pool"  # Conv1D allows causal; pooling does not
        elif fault in ("pool_too_large",):
            fault_kind = "pool"
        elif fault == "wrong_rank":
            fault_kind = rng.choice(["conv", "pool"])
        else:
            fault_kind = "conv"
        fault_at = rng.randrange(max(body, 1)) if fault else None
        if fault and body == 0:
            body, tail = 1, count >= 3 and tail

        for i in range(body):
            if i == fault_at:
                (self.conv if fault_kind == "conv" else self.pool)(fault=fault)
                continue
            smallest = min(self.dims[a] for a in self.spatial_axes())
            kinds = ["conv"] * 9 + ["pool"] * (5 if smallest >= 2 else 0)
            kinds += ["bn"] * 2 + ["dropout", "activation", "dense"]
            kind = rng.choice(kinds)
            if kind == "conv":
                self.conv()
            elif kind == "pool":
                self.pool()
            elif kind == "bn":
                self.batch_norm()
            elif kind == "dropout":
                self.add("Dropout", self.common_kwargs({"rate": rng.choice([0.1, 0.25, 0.5])}))
            elif kind == "activation":
                self.add("Activation", {"activation": rng.choice(self.ACTIVATIONS)})
            else:
                self.dense()
        if tail:
            kwargs = {}
            if self.channels_first and self.chance(0.5):
                kwargs["data_format"] = "channels_first"
            self.add("Flatten", kwargs)
            self.dims = [math.prod(self.dims)]
            self.dense(units=rng.randint(1, 10), activation=rng.choice(["softmax", "sigmoid", "relu"]))

        spec = {"input_shape": input_shape, "layers": self.layers}
        if self.chance(0.5):
            spec["name"] = f"random_core_{self.index:03d}"
        intent = "valid" if fault is None else f"refused ({fault} at layer {fault_at})"
        return spec, intent


# --------------------------------------------------------------------------
# Random mode over the whole catalogue: random-catalogue (chains of every
# layer kind that fits in one) and random-graphs (branching models)


def snake_case(class_name):
    """Keras's naming.to_snake_case, which gives unnamed layers their names."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _known_product(dims):
    return math.prod(d for d in dims if d is not None)


class LayerMaker:
    """Random layers of every kind that reads one tensor, on a tensor of known
    non-batch dims (ints, or None for an unknown size).

    ``make(kind, dims, fault)`` returns ``(class_name, kwargs, output dims)``,
    or None when the kind does not fit these dims.  With a fault the layer is
    meant to be refused and the output dims are the input's (the generator
    carries on as if the layer were not there).  The shape arithmetic is the
    generator's own, kept simple; Keras's verdict in the fixture is what counts.
    """

    MAX_VALUES = 40_000  # per sample, so that Keras builds quickly and weights stay small
    SPATIAL = ("conv", "conv_transpose", "depthwise", "separable", "pool", "global_pool",
               "zero_padding", "cropping", "upsampling", "spatial_dropout")
    # kind -> the faults it can carry
    FAULTS = {
        "conv": ("kernel_too_large", "strides_with_dilation", "groups_vs_channels", "causal_padding"),
        "conv_transpose": ("output_padding_vs_strides", "strides_with_dilation"),
        "depthwise": ("kernel_too_large",),
        "separable": ("kernel_too_large",),
        "pool": ("pool_too_large",),
        "cropping": ("crop_whole_axis",),
        "reshape": ("reshape_count",),
        "batch_norm": ("axis_out_of_range",),
        "layer_norm": ("axis_out_of_range",),
        "unit_norm": ("axis_out_of_range",),
        "normalization": ("axis_out_of_range", "mean_vs_axis"),
        "group_norm": ("groups_vs_channels",),
        "prelu": ("shared_axes_out_of_range",),
        "permute": ("wrong_rank",),
        "repeat_vector": ("wrong_rank",),
        "global_pool": ("wrong_rank",),
        "spatial_dropout": ("wrong_rank",),
        "wrong_rank_layer": ("wrong_rank",),
    }
    ACTIVATIONS = ("relu", "relu", "sigmoid", "tanh", "linear", "softmax", "gelu", "swish", "elu")

    def __init__(self, rng, channels_first=False):
        self.rng = rng
        self.channels_first = channels_first

    def chance(self, p):
        return self.rng.random() < p

    def per_dim(self, values):
        """An int if all equal (mostly), else a list: Keras accepts both."""
        if len(set(values)) == 1 and not self.chance(0.1):
            return values[0]
        return list(values)

    def fmt(self, kwargs):
        """Pick a data format (mostly the model's), write it into kwargs if not the default."""
        first = self.channels_first if self.chance(0.85) else not self.channels_first
        if first:
            kwargs["data_format"] = "channels_first"
        elif self.chance(0.12):
            kwargs["data_format"] = "channels_last"
        return "channels_first" if first else "channels_last"

    @staticmethod
    def axes(n, fmt):
        """(spatial axes, channel axis) of n non-batch dims."""
        if fmt == "channels_first":
            return list(range(1, n)), 0
        return list(range(0, n - 1)), n - 1

    def fits(self, dims):
        return all(d is not None for d in dims) and math.prod(dims) <= self.MAX_VALUES or (
            None in dims and _known_product(dims) <= self.MAX_VALUES // 8)

    def make(self, kind, dims, fault=None):
        made = getattr(self, kind)(list(dims), fault)
        if made is None:
            return None
        cls_name, kwargs, out = made
        if fault is None and not self.fits(out):
            return None
        return cls_name, kwargs, (list(dims) if fault else out)

    def applicable_faults(self, dims):
        n = len(dims)
        faults = []
        for kind, kind_faults in self.FAULTS.items():
            if kind in self.SPATIAL and kind not in ("global_pool", "spatial_dropout") and not 2 <= n <= 4:
                continue
            for fault in kind_faults:
                faults.append((kind, fault))
        return faults

    # -- convolutions

    def _window(self, sizes, padding, transposed, kernel_cap=5):
        rank = len(sizes)
        strides, dilation = [1] * rank, [1] * rank
        if self.chance(0.4):
            strides = [self.rng.randint(1, 3) for _ in range(rank)]
            if self.chance(0.7):
                strides = [strides[0]] * rank
        elif self.chance(0.3):
            dilation = [self.rng.randint(1, 3)] * rank
            if rank > 1 and self.chance(0.2):
                dilation = [self.rng.randint(1, 3) for _ in range(rank)]
        kernel = []
        for size, d in zip(sizes, dilation, strict=False):
            if padding == "valid" and not transposed and size is not None:
                limit = max(1, min(kernel_cap, (size - 1) // d + 1))
            else:
                limit = kernel_cap
            kernel.append(self.rng.randint(1, limit))
        if self.chance(0.6):
            kernel = [min(kernel)] * rank
        return kernel, strides, dilation

    def conv(self, dims, fault, family="conv"):
        n = len(dims)
        rank = n - 1
        if fault == "wrong_rank":
            return None
        if not 1 <= rank <= (2 if family in ("depthwise", "separable") else 3):
            return None
        kwargs = {}
        fmt = self.fmt(kwargs)
        spatial, channel_axis = self.axes(n, fmt)
        channels = dims[channel_axis]
        if channels is None:
            return None
        sizes = [dims[a] for a in spatial]
        transposed = family == "conv_transpose"
        paddings = ["valid", "valid", "same", "same"] + (["causal"] if family == "conv" and rank == 1 else [])
        padding = self.rng.choice(paddings)
        if fault == "kernel_too_large":
            padding = "valid"
            if all(s is None for s in sizes):
                return None
        kernel, strides, dilation = self._window(sizes, padding, transposed)
        groups, output_padding, multiplier = 1, None, 1
        filters = self.rng.randint(1, 12)
        if family == "conv" and self.chance(0.15):
            divisors = [g for g in range(2, channels + 1) if channels % g == 0]
            if divisors:
                groups = self.rng.choice(divisors)
                filters = groups * self.rng.randint(1, 4)
        if family in ("depthwise", "separable") and self.chance(0.5):
            multiplier = self.rng.randint(1, 3)
        if transposed and self.chance(0.35):
            output_padding = [self.rng.randrange(s) for s in strides]

        if fault == "kernel_too_large":
            known = [i for i, s in enumerate(sizes) if s is not None]
            axis = self.rng.choice(known)
            dilation = [1] * rank
            kernel = list(kernel)
            kernel[axis] = sizes[axis] + self.rng.randint(1, 3)
            if family == "conv" and self.chance(0.3) and sizes[axis] >= 4 and max(strides) == 1:
                d = self.rng.randint(2, 3)
                dilation = [d] * rank
                kernel = [min(k, 3) for k in kernel]
                kernel[axis] = (sizes[axis] - 1) // d + 2
        elif fault == "strides_with_dilation":
            strides = [self.rng.randint(2, 3)] * rank
            dilation = [self.rng.randint(2, 3)] * rank
            output_padding = None
        elif fault == "groups_vs_channels":
            choices = [g for g in range(2, channels + 2) if channels % g]
            if not choices:
                return None
            groups = self.rng.choice(choices)
            filters = groups * self.rng.randint(1, 3)
        elif fault == "causal_padding":
            if rank == 1:
                return None
            padding = "causal"
        elif fault == "output_padding_vs_strides":
            axis = self.rng.randrange(rank)
            output_padding = [self.rng.randrange(s) for s in strides]
            output_padding[axis] = strides[axis] + self.rng.randint(0, 1)
        elif fault is not None:
            return None

        if family == "depthwise":
            kwargs = {"kernel_size": self.per_dim(kernel), **kwargs}
            if multiplier != 1 or self.chance(0.1):
                kwargs["depth_multiplier"] = multiplier
        else:
            kwargs = {"filters": filters, "kernel_size": self.per_dim(kernel), **kwargs}
            if family == "separable" and (multiplier != 1 or self.chance(0.1)):
                kwargs["depth_multiplier"] = multiplier
        if max(strides) > 1 or self.chance(0.1):
            kwargs["strides"] = self.per_dim(strides)
        if padding != "valid" or self.chance(0.2):
            kwargs["padding"] = padding
        if max(dilation) > 1:
            kwargs["dilation_rate"] = self.per_dim(dilation)
        if groups != 1:
            kwargs["groups"] = groups
        if output_padding is not None:
            kwargs["output_padding"] = self.per_dim(output_padding)
        if self.chance(0.15):
            kwargs["use_bias"] = False
        if self.chance(0.4):
            kwargs["activation"] = self.rng.choice(self.ACTIVATIONS)

        out = list(dims)
        for axis, size, k, s, d, i in zip(spatial, sizes, kernel, strides, dilation, range(rank), strict=False):
            if size is None:
                continue
            k_eff = d * (k - 1) + 1
            if transposed:
                p = None if output_padding is None else output_padding[i]
                if padding == "valid":
                    out[axis] = (size - 1) * s + k_eff + (max(k_eff, s) - k_eff if p is None else p)
                elif p is None:
                    out[axis] = size * s
                else:
                    out[axis] = (size - 1) * s + k_eff % 2 + p
            elif padding == "valid":
                out[axis] = (size - k_eff) // s + 1
            else:
                out[axis] = -(-size // s)
        if fault is None and any(d is not None and d <= 0 for d in out):
            return None
        out[channel_axis] = channels * multiplier if family == "depthwise" else filters
        name = {"conv": f"Conv{rank}D", "conv_transpose": f"Conv{rank}DTranspose",
                "depthwise": f"DepthwiseConv{rank}D", "separable": f"SeparableConv{rank}D"}[family]
        return name, kwargs, out

    def conv_transpose(self, dims, fault):
        return self.conv(dims, fault, "conv_transpose")

    def depthwise(self, dims, fault):
        return self.conv(dims, fault, "depthwise")

    def separable(self, dims, fault):
        return self.conv(dims, fault, "separable")

    def wrong_rank_layer(self, dims, fault):
        """A convolution, pooling, padding or upsampling layer of a rank that does not fit the input."""
        if fault != "wrong_rank":
            return None
        rank = self.rng.choice([r for r in (1, 2, 3) if r != len(dims) - 1])
        kind = self.rng.choice(["Conv", "Conv", "ConvTranspose", "DepthwiseConv", "MaxPooling", "AveragePooling",
                                "ZeroPadding", "UpSampling"])
        if kind == "DepthwiseConv" and rank == 3:
            kind = "Conv"
        if kind in ("Conv", "ConvTranspose"):
            name = f"Conv{rank}D" + ("Transpose" if kind == "ConvTranspose" else "")
            return name, {"filters": self.rng.randint(1, 8), "kernel_size": self.rng.randint(1, 3)}, dims
        if kind == "DepthwiseConv":
            return f"DepthwiseConv{rank}D", {"kernel_size": self.rng.randint(1, 3)}, dims
        if kind == "AveragePooling":
            return f"AveragePooling{rank}D", {"pool_size": 1}, dims
        return f"{kind}{rank}D", {}, dims

    # -- pooling

    def pool(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if not 1 <= rank <= 3 or fault not in (None, "pool_too_large"):
            return None
        kwargs = {}
        kind = self.rng.choice(["MaxPooling", "MaxPooling", "AveragePooling"])
        fmt = self.fmt(kwargs)
        spatial, _ = self.axes(n, fmt)
        sizes = [dims[a] for a in spatial]
        padding = "same" if self.chance(0.4) else "valid"
        if fault:
            padding = "valid"
            if all(s is None for s in sizes):
                return None
        pool = [self.rng.randint(1, 4 if padding != "valid" or s is None else max(1, min(4, s))) for s in sizes]
        if self.chance(0.6):
            pool = [min(pool)] * rank
        if fault:
            axis = self.rng.choice([i for i, s in enumerate(sizes) if s is not None])
            pool[axis] = sizes[axis] + self.rng.randint(1, 2)
        keep = kind == "AveragePooling" or pool != [2] * rank or self.chance(0.5)
        args = {"pool_size": self.per_dim(pool)} if keep else {}
        choice = self.rng.random()
        if choice < 0.5:
            strides = pool
        elif choice < 0.6:
            args["strides"] = None
            strides = pool
        else:
            strides = [self.rng.randint(1, 3) for _ in range(rank)]
            if self.chance(0.7):
                strides = [strides[0]] * rank
            args["strides"] = self.per_dim(strides)
        if padding != "valid" or self.chance(0.2):
            args["padding"] = padding
        out = list(dims)
        for axis, size, p, s in zip(spatial, sizes, pool, strides, strict=False):
            if size is not None:
                out[axis] = (size - p) // s + 1 if padding == "valid" else -(-size // s)
        return f"{kind}{rank}D", {**args, **kwargs}, out

    def global_pool(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if fault == "wrong_rank":
            rank = self.rng.choice([r for r in (1, 2, 3) if r != n - 1])
        elif fault is not None or not 1 <= rank <= 3:
            return None
        kwargs = {}
        fmt = self.fmt(kwargs)
        spatial, channel_axis = self.axes(n, fmt)
        if self.chance(0.35):
            kwargs["keepdims"] = True
            out = [1 if a in spatial else d for a, d in enumerate(dims)]
        else:
            if self.chance(0.1):
                kwargs["keepdims"] = False
            out = [dims[channel_axis]]
        kind = self.rng.choice(["Max", "Average"])
        return f"Global{kind}Pooling{rank}D", kwargs, out

    # -- reshaping

    def _pairs(self, rank, pairs):
        """padding/cropping in one of Keras's forms: an int, one per axis, or (before, after) pairs."""
        if all(a == b for a, b in pairs) and len({a for a, _ in pairs}) == 1 and self.chance(0.6):
            return pairs[0][0]
        if rank == 1:
            return list(pairs[0])
        if all(a == b for a, b in pairs) and self.chance(0.6):
            return [a for a, _ in pairs]
        return [list(p) for p in pairs]

    def zero_padding(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if fault is not None or not 1 <= rank <= 3:
            return None
        kwargs = {}
        fmt = self.fmt(kwargs)
        spatial, _ = self.axes(n, fmt)
        symmetric = self.chance(0.5)
        pairs = []
        for _ in range(rank):
            a = self.rng.randint(0, 3)
            pairs.append((a, a) if symmetric else (a, self.rng.randint(0, 3)))
        if self.chance(0.4):
            pairs = [pairs[0]] * rank
        if self.chance(0.1):
            args = {}
            pairs = [(1, 1)] * rank
        else:
            args = {"padding": self._pairs(rank, pairs)}
        out = list(dims)
        for axis, (a, b) in zip(spatial, pairs, strict=False):
            if out[axis] is not None:
                out[axis] += a + b
        return f"ZeroPadding{rank}D", {**args, **kwargs}, out

    def cropping(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if fault not in (None, "crop_whole_axis") or not 1 <= rank <= 3:
            return None
        kwargs = {}
        fmt = self.fmt(kwargs) if rank > 1 else "channels_last"
        spatial, _ = self.axes(n, fmt)
        sizes = [dims[a] for a in spatial]
        pairs = []
        for size in sizes:
            room = 3 if size is None else max(0, min(3, size - 1))
            a = self.rng.randint(0, room)
            b = self.rng.randint(0, min(3, room - a)) if room > a else 0
            pairs.append((a, a) if self.chance(0.4) and 2 * a <= room else (a, b))
        if fault:
            known = [i for i, s in enumerate(sizes) if s is not None]
            if not known:
                return None
            axis = self.rng.choice(known)
            a = self.rng.randint(0, sizes[axis])
            pairs[axis] = (a, sizes[axis] - a + self.rng.randint(0, 1))
        args = {"cropping": self._pairs(rank, pairs)}
        out = list(dims)
        for axis, (a, b) in zip(spatial, pairs, strict=False):
            if out[axis] is not None:
                out[axis] -= a + b
        if fault is None and any(d is not None and d <= 0 for d in out):
            return None
        return f"Cropping{rank}D", {**args, **kwargs}, out

    def upsampling(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if fault is not None or not 1 <= rank <= 3:
            return None
        kwargs = {}
        if rank == 1:
            spatial = [0]
            sizes = [self.rng.randint(1, 3)]
            args = {"size": sizes[0]} if sizes[0] != 2 or self.chance(0.5) else {}
        else:
            fmt = self.fmt(kwargs)
            spatial, _ = self.axes(n, fmt)
            sizes = [self.rng.randint(1, 3) for _ in range(rank)]
            if self.chance(0.6):
                sizes = [sizes[0]] * rank
            args = {"size": self.per_dim(sizes)} if sizes != [2] * rank or self.chance(0.5) else {}
            if rank == 2 and self.chance(0.3):
                kwargs["interpolation"] = self.rng.choice(["nearest", "bilinear", "bicubic"])
        out = list(dims)
        for axis, s in zip(spatial, sizes, strict=False):
            if out[axis] is not None:
                out[axis] *= s
        return f"UpSampling{rank}D", {**args, **kwargs}, out

    def spatial_dropout(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if fault == "wrong_rank":
            rank = self.rng.choice([r for r in (1, 2, 3) if r != n - 1])
        elif fault is not None or not 1 <= rank <= 3:
            return None
        kwargs = {"rate": self.rng.choice([0.1, 0.2, 0.5])}
        if rank > 1:
            self.fmt(kwargs)
        if self.chance(0.2):
            kwargs["seed"] = self.rng.randint(0, 99)
        return f"SpatialDropout{rank}D", kwargs, dims

    def flatten(self, dims, fault):
        if fault is not None:
            return None
        kwargs = {}
        if len(dims) > 1 and self.chance(0.3):
            kwargs["data_format"] = self.rng.choice(["channels_first", "channels_last"])
        return "Flatten", kwargs, [None if None in dims else math.prod(dims)]

    def dense(self, dims, fault):
        if fault is not None or dims[-1] is None or dims[-1] > 4000:
            return None
        kwargs = {"units": self.rng.randint(1, 16)}
        if self.chance(0.5):
            kwargs["activation"] = self.rng.choice(self.ACTIVATIONS)
        if self.chance(0.1):
            kwargs["use_bias"] = False
        if self.chance(0.05):
            kwargs["lora_rank"] = self.rng.randint(1, 3)
        return "Dense", kwargs, dims[:-1] + [kwargs["units"]]

    def repeat_vector(self, dims, fault):
        if (fault == "wrong_rank") == (len(dims) == 1):
            return None
        if fault not in (None, "wrong_rank"):
            return None
        n = self.rng.randint(1, 4)
        return "RepeatVector", {"n": n}, [n] + dims

    def reshape(self, dims, fault):
        if None in dims or fault not in (None, "reshape_count"):
            return None
        total = math.prod(dims)
        factors = []
        rest = total
        for _ in range(self.rng.randint(0, 2)):
            divisors = [d for d in range(2, min(rest, 64) + 1) if rest % d == 0]
            if not divisors:
                break
            f = self.rng.choice(divisors)
            factors.append(f)
            rest //= f
        target = factors + [rest]
        self.rng.shuffle(target)
        out = list(target)
        if self.chance(0.5):
            target[self.rng.randrange(len(target))] = -1
        if fault and -1 in target:
            # the known sizes do not divide the number of values
            i = target.index(-1)
            known = [k for k in range(2, total + 2) if total % k][:4]
            target = target[:i] + [-1, self.rng.choice(known)] + target[i + 1:] if self.chance(0.5) else [
                self.rng.choice(known), -1]
        elif fault:
            # one size more than the values allow
            i = self.rng.randrange(len(target))
            target[i] += self.rng.choice([1, 2])
        return "Reshape", {"target_shape": target}, out

    def permute(self, dims, fault):
        n = len(dims)
        if fault == "wrong_rank":
            m = self.rng.choice([k for k in (1, 2, 3, 4) if k != n])
            order = list(range(1, m + 1))
            self.rng.shuffle(order)
            return "Permute", {"dims": order}, dims
        if fault is not None or n < 2:
            return None
        order = list(range(1, n + 1))
        while order == list(range(1, n + 1)) and not self.chance(0.05):
            self.rng.shuffle(order)
        return "Permute", {"dims": order}, [dims[i - 1] for i in order]

    # -- normalization

    def _axis_in_range(self, n, negative_ok=True):
        axis = self.rng.randint(1, n)
        return axis - n - 1 if negative_ok and self.chance(0.4) else axis

    def batch_norm(self, dims, fault):
        n = len(dims)
        kwargs = {}
        if fault == "axis_out_of_range":
            kwargs["axis"] = self.rng.choice([n + 1, n + 2, -n - 2])
        elif fault is not None:
            return None
        else:
            choice = self.rng.random()
            if self.channels_first and n > 1 and choice < 0.7:
                kwargs["axis"] = self.rng.choice([1, -n])
            elif choice < 0.25:
                kwargs["axis"] = self._axis_in_range(n)
            axis = kwargs.get("axis", -1)
            if dims[axis - 1 if axis > 0 else axis] is None:
                return None
        if self.chance(0.15):
            kwargs["center"] = False
        if self.chance(0.15):
            kwargs["scale"] = False
        if self.chance(0.05):
            kwargs["renorm"] = True
        return "BatchNormalization", kwargs, dims

    def _axes_arg(self, n, dims, allow_none=False):
        """A random axis argument (int or list) over known axes; None if none is known."""
        known = [i + 1 for i, d in enumerate(dims) if d is not None]
        if not known:
            return None, ()
        if self.chance(0.5):
            return -1 if dims[-1] is not None else known[-1], (n,) if dims[-1] is not None else (known[-1],)
        picked = sorted(self.rng.sample(known, self.rng.randint(1, len(known))))
        written = [a - n - 1 if self.chance(0.3) else a for a in picked]
        if len(written) == 1 and self.chance(0.5):
            return written[0], tuple(picked)
        return written, tuple(picked)

    def layer_norm(self, dims, fault):
        n = len(dims)
        kwargs = {}
        if fault == "axis_out_of_range":
            kwargs["axis"] = self.rng.choice([n + 1, -n - 2, [1, n + 1]])
        elif fault is not None:
            return None
        else:
            axis, picked = self._axes_arg(n, dims)
            if not picked:
                return None
            if axis != -1 or self.chance(0.1):
                kwargs["axis"] = axis
        if self.chance(0.15):
            kwargs["center"] = False
        if self.chance(0.15):
            kwargs["scale"] = False
        if self.chance(0.05):
            kwargs["rms_scaling"] = True
        return "LayerNormalization", kwargs, dims

    def group_norm(self, dims, fault):
        n = len(dims)
        kwargs = {}
        axis = -1
        if self.channels_first and n > 1 and self.chance(0.6):
            axis = self.rng.choice([1, -n])
            kwargs["axis"] = axis
        channels = dims[axis - 1 if axis > 0 else axis]
        if channels is None:
            return None
        if fault == "groups_vs_channels":
            choices = [g for g in range(2, channels + 3) if channels % g]
            if not choices:
                return None
            kwargs["groups"] = self.rng.choice(choices)
        elif fault is not None:
            return None
        else:
            divisors = [g for g in range(1, channels + 1) if channels % g == 0]
            if channels % 32 == 0 and self.chance(0.5):
                pass  # Keras's default of 32 groups
            elif self.chance(0.15):
                kwargs["groups"] = -1
            else:
                kwargs["groups"] = self.rng.choice(divisors)
        if self.chance(0.15):
            kwargs["center"] = False
        if self.chance(0.15):
            kwargs["scale"] = False
        return "GroupNormalization", kwargs, dims

    def unit_norm(self, dims, fault):
        n = len(dims)
        kwargs = {}
        if fault == "axis_out_of_range":
            kwargs["axis"] = self.rng.choice([n + 1, -n - 2, [1, n + 1]])
        elif fault is not None:
            return None
        elif self.chance(0.5):
            kwargs["axis"] = self._axis_in_range(n) if self.chance(0.5) else sorted(
                self.rng.sample(range(1, n + 1), self.rng.randint(1, n)))
        return "UnitNormalization", kwargs, dims

    def normalization(self, dims, fault):
        n = len(dims)
        kwargs = {}
        if fault == "axis_out_of_range":
            kwargs["axis"] = self.rng.choice([n + 1, -n - 2])
            return "Normalization", kwargs, dims
        if fault not in (None, "mean_vs_axis"):
            return None
        choice = self.rng.random()
        if choice < 0.15:
            kwargs["axis"] = None
            picked = ()
        else:
            axis, picked = self._axes_arg(n, dims)
            if not picked:
                return None
            if axis != -1 or self.chance(0.1):
                kwargs["axis"] = axis
        if fault == "mean_vs_axis":
            if not picked or dims[picked[-1] - 1] > 16:
                return None
            size = dims[picked[-1] - 1]
            wrong = size + self.rng.randint(1, 2) if size > 1 else 2
            kwargs["mean"] = [0.5] * wrong
            kwargs["variance"] = [2.0] * wrong
        elif self.chance(0.3):
            if picked and self.chance(0.5) and dims[picked[-1] - 1] <= 16:
                size = dims[picked[-1] - 1]
                kwargs["mean"] = [0.5] * size
                kwargs["variance"] = [2.0] * size
            else:
                kwargs["mean"] = 0.5
                kwargs["variance"] = 2.0
        if self.chance(0.1):
            kwargs["invert"] = True
        return "Normalization", kwargs, dims

    def rescaling(self, dims, fault):
        if fault is not None:
            return None
        kwargs = {"scale": self.rng.choice([0.5, 2.0, 0.25, 3])}
        if self.chance(0.4):
            kwargs["offset"] = self.rng.choice([-1.0, 0.5, 1])
        return "Rescaling", kwargs, dims

    # -- activations

    def relu(self, dims, fault):
        if fault is not None:
            return None
        kwargs = {}
        if self.chance(0.3):
            kwargs["max_value"] = self.rng.choice([6.0, 1.0, 6])
        if self.chance(0.2):
            kwargs["negative_slope"] = 0.1
        if self.chance(0.15):
            kwargs["threshold"] = 0.5
        return "ReLU", kwargs, dims

    def leaky_relu(self, dims, fault):
        if fault is not None:
            return None
        kwargs = {}
        if self.chance(0.5):
            kwargs["negative_slope"] = self.rng.choice([0.1, 0.2, 0.01])
        return "LeakyReLU", kwargs, dims

    def prelu(self, dims, fault):
        n = len(dims)
        if fault == "shared_axes_out_of_range":
            return "PReLU", {"shared_axes": self.rng.choice([[n + 1], [1, n + 2]])}, dims
        if fault is not None:
            return None
        unknown = [i + 1 for i, d in enumerate(dims) if d is None]
        shared = set(unknown)
        if self.chance(0.5):
            shared |= set(self.rng.sample(range(1, n + 1), self.rng.randint(1, n)))
        kwargs = {}
        if shared:
            kwargs["shared_axes"] = sorted(shared)
            if len(shared) == 1 and self.chance(0.3):
                kwargs["shared_axes"] = kwargs["shared_axes"][0]
        if _known_product([1 if i + 1 in shared else d for i, d in enumerate(dims)]) > 5000:
            return None
        return "PReLU", kwargs, dims

    def elu(self, dims, fault):
        if fault is not None:
            return None
        return "ELU", ({"alpha": 0.5} if self.chance(0.4) else {}), dims

    def softmax(self, dims, fault):
        if fault is not None:
            return None
        n = len(dims)
        kwargs = {}
        if self.chance(0.4):
            # only axes in range: Keras's summary accepts any axis (the model then fails), convcalc refuses early
            kwargs["axis"] = self._axis_in_range(n) if n > 0 else -1
        return "Softmax", kwargs, dims

    def activation(self, dims, fault):
        if fault is not None:
            return None
        return "Activation", {"activation": self.rng.choice(self.ACTIVATIONS)}, dims

    # -- regularization

    def dropout(self, dims, fault):
        if fault is not None:
            return None
        return "Dropout", {"rate": self.rng.choice([0.1, 0.25, 0.5])}, dims

    def gaussian_noise(self, dims, fault):
        if fault is not None:
            return None
        return "GaussianNoise", {"stddev": self.rng.choice([0.1, 0.2])}, dims

    def gaussian_dropout(self, dims, fault):
        if fault is not None:
            return None
        return "GaussianDropout", {"rate": self.rng.choice([0.1, 0.3])}, dims

    def activity_regularization(self, dims, fault):
        if fault is not None:
            return None
        kwargs = {}
        if self.chance(0.5):
            kwargs["l1"] = 0.01
        if self.chance(0.5):
            kwargs["l2"] = 0.001
        return "ActivityRegularization", kwargs, dims


# Layer kinds whose constructor takes only some of Keras's base Layer arguments
_NO_TRAINABLE_ARG = ("SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D")


class CatalogueSpec:
    """A random chain of 1-6 layers over every registered kind that reads one
    tensor.  About 20% of the cases get one fault at a random position;
    case i depends only on (seed, i).
    """

    FAULT_RATE = 0.2
    WEIGHTS = {
        "conv": 6, "conv_transpose": 4, "depthwise": 3, "separable": 3, "pool": 4, "global_pool": 3,
        "zero_padding": 2, "cropping": 2, "upsampling": 2, "spatial_dropout": 1,
        "flatten": 2, "dense": 3, "batch_norm": 2, "layer_norm": 2, "group_norm": 2, "unit_norm": 1,
        "normalization": 2, "rescaling": 1, "relu": 1, "leaky_relu": 1, "prelu": 2, "elu": 1,
        "softmax": 1, "activation": 1, "dropout": 1, "gaussian_noise": 1, "gaussian_dropout": 1,
        "activity_regularization": 1, "reshape": 2, "permute": 2, "repeat_vector": 2,
    }
    SIZE_RANGE = {0: (2, 64), 1: (4, 40), 2: (3, 24), 3: (3, 9)}

    def __init__(self, seed, index):
        self.rng = random.Random(f"keras_oracle:random-catalogue:{seed}:{index}")
        self.index = index

    def chance(self, p):
        return self.rng.random() < p

    def common_kwargs(self, cls_name, kwargs, position):
        if self.chance(0.04) and cls_name not in _NO_TRAINABLE_ARG:
            kwargs["trainable"] = False
        if self.chance(0.03):
            kwargs["dtype"] = self.rng.choice(["float16", "mixed_float16", "bfloat16"])
        if self.chance(0.06):
            kwargs["name"] = f"layer_{position}"
            if self.chance(0.3):
                kwargs["name"] = f"a_rather_long_layer_name_for_the_summary_table_{position}"
        return kwargs

    def input_dims(self):
        rng = self.rng
        rank = rng.choices([0, 1, 2, 3], [15, 30, 40, 15])[0]
        lo, hi = self.SIZE_RANGE[rank]
        if rank == 0:
            return [rng.randint(lo, hi)]
        first = rng.randint(lo, hi)
        spatial = [first if self.chance(0.6) else rng.randint(lo, hi) for _ in range(rank)]
        if self.chance(0.08):
            spatial[rng.randrange(rank)] = None
        channels = rng.randint(1, 8)
        return [channels] + spatial if self.maker.channels_first else spatial + [channels]

    def generate(self):
        rng = self.rng
        self.maker = LayerMaker(rng, channels_first=self.chance(0.2))
        remaining = rng.randint(1, 6)
        layers = []
        spec = {}
        if self.chance(0.08):
            # Embedding first, on integer indices
            dims = [rng.randint(2, 12)] + ([rng.randint(2, 4)] if self.chance(0.3) else [])
            output_dim = rng.randint(1, 12)
            kwargs = {"input_dim": rng.randint(5, 200), "output_dim": output_dim}
            if self.chance(0.4):
                kwargs["mask_zero"] = True
            if self.chance(0.5):
                # keras.Input(dtype="int32") as an entry: a graph (a chain), with its InputLayer row
                layers.append(("Input", {"shape": list(dims), "dtype": "int32"}))
            else:
                spec["input_shape"] = list(dims)
            layers.append(("Embedding", self.common_kwargs("Embedding", kwargs, len(layers))))
            dims = dims + [output_dim]
            remaining -= 1
        else:
            dims = self.input_dims()
            spec["input_shape"] = list(dims)
        fault_at = len(layers) + rng.randrange(remaining) if remaining and self.chance(self.FAULT_RATE) else None
        intent = "valid"
        kinds, weights = list(self.WEIGHTS), list(self.WEIGHTS.values())
        for _ in range(remaining):
            made = None
            if len(layers) == fault_at:
                options = self.maker.applicable_faults(dims)
                rng.shuffle(options)
                for kind, fault in options:
                    made = self.maker.make(kind, dims, fault)
                    if made:
                        intent = f"refused ({fault} in {made[0]} at layer {len(layers)})"
                        break
            for _ in range(50):
                if made:
                    break
                made = self.maker.make(rng.choices(kinds, weights)[0], dims)
            cls_name, kwargs, dims = made or self.maker.make("activation", dims)
            layers.append((cls_name, self.common_kwargs(cls_name, kwargs, len(layers))))
        spec["layers"] = layers
        if self.chance(0.5):
            spec = {"name": f"random_catalogue_{self.index:03d}", **spec}
        return spec, intent


class GraphSpec:
    """A random branching model: 1-2 named inputs, 3-12 layers, skip connections
    merged by Add/Subtract/Multiply/Average/Maximum/Minimum/Concatenate, several
    outputs or unused layers sometimes, named and auto-named layers mixed.
    About 20% of the cases get a fault (most often merged shapes that do not
    fit); case i depends only on (seed, i).

    Merges always read at least two tensors: a merge of one (`inputs: [a]`) is
    accepted by Keras but refused by convcalc on purpose (see README).
    """

    FAULT_RATE = 0.2
    INPUT_NAMES = ("image", "aux", "features", "signal", "mask_in", "context")
    MERGES = ("Add", "Add", "Concatenate", "Concatenate", "Subtract", "Multiply", "Average", "Maximum", "Minimum")
    UNARY = {"conv": 8, "separable": 1, "depthwise": 1, "conv_transpose": 1, "pool": 3, "global_pool": 1,
             "batch_norm": 3, "activation": 2, "relu": 1, "leaky_relu": 1, "prelu": 1, "dropout": 1,
             "zero_padding": 1, "cropping": 1, "upsampling": 1, "layer_norm": 1, "dense": 1, "flatten": 1}
    # layers for sequences of embedded tokens, most of which pass a mask on (or read it)
    TEXT_UNARY = {"conv": 2, "dense": 3, "batch_norm": 3, "layer_norm": 2, "softmax": 2, "dropout": 2,
                  "activation": 1, "relu": 1, "global_pool": 1, "pool": 1, "gaussian_noise": 1}

    def __init__(self, seed, index):
        self.rng = random.Random(f"keras_oracle:random-graphs:{seed}:{index}")
        self.index = index

    def chance(self, p):
        return self.rng.random() < p

    # -- bookkeeping

    def name_layer(self, cls_name, kwargs):
        if self.chance(0.45):
            self.named += 1
            name = f"{snake_case(cls_name).split('_')[0]}_n{self.named}"
            if self.chance(0.05):
                name = f"a_long_name_that_the_summary_cuts_short_{self.named}"
            kwargs = {"name": name, **kwargs}
        else:
            count = self.auto.get(cls_name, 0)
            self.auto[cls_name] = count + 1
            name = snake_case(cls_name) + (f"_{count}" if count else "")
        return name, kwargs

    def add(self, cls_name, kwargs, reads, dims):
        """Append a layer reading `reads` (a name or a list); returns its name."""
        name, kwargs = self.name_layer(cls_name, kwargs)
        implicit = isinstance(reads, str) and reads == self.last and (bool(self.layers) or len(self.inputs) == 1)
        if not (implicit and self.chance(0.7)):
            kwargs = {**kwargs, "inputs": reads}
        self.layers.append((cls_name, kwargs))
        self.tensors[name] = dims
        self.read_by.setdefault(name, 0)
        for r in [reads] if isinstance(reads, str) else reads:
            self.read_by[r] = self.read_by.get(r, 0) + 1
        self.last = name
        return name

    def unary(self, source, kinds=None, fault=None):
        dims = self.tensors[source]
        table = kinds or (self.TEXT_UNARY if self.text else self.UNARY)
        for _ in range(40):
            kind = self.rng.choices(list(table), list(table.values()))[0]
            made = self.maker.make(kind, dims, fault)
            if made:
                cls_name, kwargs, out = made
                return self.add(cls_name, kwargs, source, out)
        return None

    def same_shape_layer(self, source):
        """A layer keeping the shape, so that its output can be merged back with its source."""
        dims = self.tensors[source]
        n = len(dims)
        spatial, channel_axis = self.maker.axes(n, "channels_first" if self.maker.channels_first else "channels_last")
        choice = self.rng.random()
        if choice < 0.5 and 2 <= n <= 4 and dims[channel_axis] is not None:
            kwargs = {"filters": dims[channel_axis], "kernel_size": self.rng.choice([1, 3, 3, 5]), "padding": "same"}
            if self.maker.channels_first:
                kwargs["data_format"] = "channels_first"
            if self.chance(0.4):
                kwargs["activation"] = "relu"
            if self.chance(0.2):
                kwargs["use_bias"] = False
            return self.add(f"Conv{n - 1}D", kwargs, source, dims)
        if choice < 0.65 and n == 1:
            return self.add("Dense", {"units": dims[0]}, source, dims)
        if choice < 0.8 and dims[channel_axis] is not None:
            kwargs = {"axis": 1} if self.maker.channels_first and n > 1 else {}
            return self.add("BatchNormalization", kwargs, source, dims)
        if choice < 0.9:
            return self.add("Activation", {"activation": self.rng.choice(["relu", "sigmoid", "tanh"])}, source, dims)
        return self.add("ReLU", {}, source, dims)

    def merge(self, names):
        """A merge of `names` (two or more tensors of equal shape, unless faulty)."""
        rng = self.rng
        shapes = [self.tensors[n] for n in names]
        cls_name = rng.choice(self.merges)
        if cls_name == "Subtract" and len(names) != 2:
            cls_name = "Add"
        kwargs = {}
        dims = list(shapes[0])
        if cls_name == "Concatenate":
            n = len(dims)
            differ = [a for a in range(n) if len({s[a] for s in shapes}) > 1]
            if differ:
                axis = differ[0]
            else:
                axis = rng.randrange(n)
            if axis != n - 1 or rng.random() < 0.2:
                kwargs["axis"] = axis + 1 if rng.random() < 0.5 else axis - n
            dims[axis] = None if any(s[axis] is None for s in shapes) else sum(s[axis] for s in shapes)
        return self.add(cls_name, kwargs, list(names), dims)

    def mismatched_partner(self, source):
        """A new branch from `source` whose shape cannot be merged with it (for a fault)."""
        dims = self.tensors[source]
        n = len(dims)
        spatial, channel_axis = self.maker.axes(n, "channels_first" if self.maker.channels_first else "channels_last")
        if 2 <= n <= 4 and all(dims[a] is not None and dims[a] >= 4 for a in spatial) and dims[channel_axis]:
            kwargs = {"filters": dims[channel_axis] + self.rng.randint(1, 3), "kernel_size": 3}
            out = list(dims)
            if self.chance(0.5) and dims[channel_axis] > 1:
                out[channel_axis] = kwargs["filters"]  # other channels, same size
                kwargs["padding"] = "same"
            else:
                kwargs["filters"] = dims[channel_axis]  # same channels, smaller size
                for a in spatial:
                    out[a] = dims[a] - 2
            if self.maker.channels_first:
                kwargs["data_format"] = "channels_first"
            return self.add(f"Conv{n - 1}D", kwargs, source, out)
        units = (dims[-1] or 4) + self.rng.randint(1, 3)
        return self.add("Dense", {"units": units}, source, dims[:-1] + [units])

    # -- the whole spec

    def generate(self):
        rng = self.rng
        self.text = self.chance(0.12)
        self.maker = LayerMaker(rng, channels_first=not self.text and self.chance(0.15))
        self.layers, self.tensors, self.read_by, self.auto = [], {}, {}, {}
        self.named, self.last, self.inputs, self.input_entries = 0, None, {}, set()
        self.merges = self.MERGES
        if self.text:
            self.text_inputs()
        else:
            self.image_inputs()
        entries = len(self.input_entries)
        count = entries + max(rng.randint(3, 12), len(self.layers) - entries + 1)
        fault = None
        if self.chance(self.FAULT_RATE):
            fault = rng.choice(["merge_mismatch", "merge_mismatch", "merge_mismatch", "concat_axis_out_of_range",
                                "subtract_three", "merge_one_tensor", "unary"])
            if self.text and fault == "concat_axis_out_of_range":
                fault = "merge_mismatch"
        # a fault takes up to 3 entries; it comes at a random point where they fit
        fault_at = rng.randrange(len(self.layers), count - 2) if fault else None
        return self.grow(count, fault, fault_at)

    def text_inputs(self):
        """Token ids (an int32 Input entry) embedded, with a mask (mask_zero) most of the time.

        Concatenate is left out: convcalc refuses to join masked tensors with it (it does not model
        the operations Keras adds for their masks, which change Keras's names)."""
        rng = self.rng
        self.merges = tuple(m for m in self.MERGES if m != "Concatenate")
        length, width = rng.randint(4, 12), rng.randint(2, 8)
        if self.chance(0.4):
            self.inputs["features"] = [length, width]
            self.tensors["features"] = [length, width]
            self.read_by["features"] = 0
        self.layers.append(("Input", {"shape": [length], "dtype": "int32", "name": "tokens"}))
        self.tensors["tokens"] = [length]
        self.read_by["tokens"] = 0
        self.input_entries.add("tokens")
        self.last = "tokens"
        for _ in range(2 if self.chance(0.3) else 1):
            kwargs = {"input_dim": rng.randint(5, 60), "output_dim": width}
            if self.chance(0.75):
                kwargs["mask_zero"] = True
            self.add("Embedding", kwargs, "tokens", [length, width])

    def image_inputs(self):
        rng = self.rng
        n_inputs = 2 if self.chance(0.3) else 1
        rank = rng.choices([0, 1, 2, 3], [10, 25, 55, 10])[0]
        lo, hi = {0: (4, 32), 1: (6, 32), 2: (6, 20), 3: (4, 8)}[rank]
        size = rng.randint(lo, hi)
        channels = rng.randint(1, 6)
        self.inputs = {}
        for i, input_name in enumerate(rng.sample(self.INPUT_NAMES, n_inputs)):
            if rank == 0:
                dims = [size if i == 0 or self.chance(0.6) else rng.randint(lo, hi)]
            else:
                spatial = [size] * rank
                if i > 0 and self.chance(0.3):
                    spatial = [rng.randint(lo, hi)] * rank
                c = channels if i == 0 or self.chance(0.6) else rng.randint(1, 6)
                dims = [c] + spatial if self.maker.channels_first else spatial + [c]
            self.inputs[input_name] = dims
            self.tensors[input_name] = dims
            self.read_by[input_name] = 0
            self.last = input_name

    def grow(self, count, fault, fault_at):
        rng = self.rng
        intent = "valid"
        while len(self.layers) < count:
            room = count - len(self.layers)
            if fault_at is not None and len(self.layers) >= fault_at:
                intent = self.add_fault(fault)
                fault_at = None
                continue
            choice = rng.random()
            recent = self.last if self.chance(0.7) else rng.choice(self.sources())
            if choice < 0.3 and room >= 2:
                # a skip connection: a short branch from a tensor, merged back with it
                branch = recent
                for _ in range(rng.randint(1, min(3, room - 1))):
                    branch = self.same_shape_layer(branch)
                partners = [branch, recent]
                if len(self.inputs) + len(self.input_entries) == 2 and self.chance(0.3):
                    other = [t for t in self.tensors if t not in partners and self.tensors[t] == self.tensors[recent]]
                    if other:
                        partners.append(rng.choice(other))
                if self.chance(0.5):
                    partners.reverse()
                self.merge(partners)
            elif choice < 0.45:
                # merge tensors that happen to have the same shape (the inputs, parallel branches)
                groups = {}
                for t in self.sources():
                    groups.setdefault(tuple(self.tensors[t]), []).append(t)
                candidates = [g for g in groups.values() if len(g) >= 2]
                if candidates:
                    group = rng.choice(candidates)
                    self.merge(rng.sample(group, min(len(group), rng.randint(2, 3))))
                elif self.chance(0.3):
                    self.merge([recent, recent])  # one tensor twice: Keras connects it twice
                else:
                    self.unary(recent)
            elif choice < 0.55 and room >= 3 and len(self.tensors[recent]) >= 2 and not self.text:
                # two parallel branches concatenated along the one axis where they differ
                a = self.unary(recent, {"conv": 3, "separable": 1, "pool": 1, "batch_norm": 1, "upsampling": 1})
                b = self.same_shape_layer(recent)
                if a and len(self.tensors[a]) == len(self.tensors[b]):
                    self.merge_concatenate(a, b)
            else:
                self.unary(recent)
        return self.finish(intent)

    def merge_concatenate(self, a, b):
        """Concatenate a and b along the one axis where they differ (Keras refuses otherwise)."""
        sa, sb = self.tensors[a], self.tensors[b]
        differ = [i for i, (x, y) in enumerate(zip(sa, sb, strict=False)) if x != y]
        if len(differ) > 1:
            return None
        n = len(sa)
        axis = differ[0] if differ else self.rng.randrange(n)
        out = list(sa)
        out[axis] = None if sa[axis] is None or sb[axis] is None else sa[axis] + sb[axis]
        kwargs = {}
        if axis != n - 1 or self.chance(0.2):
            kwargs["axis"] = axis + 1 if self.chance(0.5) else axis - n
        names = [a, b] if self.chance(0.5) else [b, a]
        return self.add("Concatenate", kwargs, names, out)

    def add_fault(self, fault):
        rng = self.rng
        source = self.last
        if fault == "merge_mismatch":
            other = self.mismatched_partner(source)
            names = [source, other] if self.chance(0.5) else [other, source]
            cls_name = rng.choice(self.merges)
            kwargs = {}
            if cls_name == "Concatenate" and len(self.tensors[source]) == 1:
                cls_name = "Add"  # vectors of any lengths concatenate
            if cls_name == "Concatenate":
                # differ along two axes (or along one that is not the concatenation axis)
                sa, sb = self.tensors[names[0]], self.tensors[names[1]]
                differ = [i for i, (x, y) in enumerate(zip(sa, sb, strict=False)) if x != y]
                n = len(sa)
                if len(differ) == 1:
                    axis = rng.choice([i for i in range(n) if i != differ[0]] or [0])
                    if axis != n - 1:
                        kwargs["axis"] = axis + 1
            self.add(cls_name, kwargs, names, self.tensors[source])
            return f"refused (merge_mismatch at layer {len(self.layers) - 1})"
        if fault in ("concat_axis_out_of_range", "subtract_three", "merge_one_tensor"):
            start = source
            branch = self.same_shape_layer(start)
            names = [start, branch]
            if fault == "subtract_three":
                names.append(self.same_shape_layer(branch))
            if fault == "concat_axis_out_of_range":
                n = len(self.tensors[start])
                self.add("Concatenate", {"axis": rng.choice([n + 1, -n - 2])}, names, self.tensors[start])
            elif fault == "subtract_three":
                self.add("Subtract", {}, names, self.tensors[start])
            else:
                self.add(rng.choice(self.merges), {}, branch, self.tensors[start])
            return f"refused ({fault} at layer {len(self.layers) - 1})"
        options = self.maker.applicable_faults(self.tensors[source])
        rng.shuffle(options)
        for kind, kind_fault in options:
            made = self.maker.make(kind, self.tensors[source], kind_fault)
            if made:
                cls_name, kwargs, out = made
                self.add(cls_name, kwargs, source, out)
                return f"refused ({kind_fault} in {cls_name} at layer {len(self.layers) - 1})"
        self.unary(source)
        return "valid"

    def finish(self, intent):
        rng = self.rng
        leaves = [name for name in self.layer_names() if not self.read_by.get(name)]
        spec = {}
        if self.chance(0.5):
            spec["name"] = f"random_graph_{self.index:03d}"
        if self.inputs:
            spec["inputs"] = self.inputs
        spec["layers"] = self.layers
        last = self.layer_names()[-1]
        choice = rng.random()
        if choice < 0.45 or len(leaves) == 1:
            if rng.random() < 0.3:
                spec["outputs"] = last if rng.random() < 0.5 else [last]
        elif choice < 0.8:
            outputs = [n for n in leaves]
            rng.shuffle(outputs)
            inner = [n for n in self.layer_names() if n not in leaves]
            if inner and self.chance(0.3):
                # a layer other layers read is an output too
                outputs.insert(rng.randrange(len(outputs) + 1), rng.choice(inner))
            spec["outputs"] = outputs
        else:
            # some leaves are left out: Keras leaves their layers out of the model
            outputs = rng.sample(leaves, rng.randint(1, len(leaves) - 1))
            spec["outputs"] = outputs if len(outputs) > 1 or rng.random() < 0.5 else outputs[0]
        return spec, intent

    def sources(self):
        """The tensors layers may read (token ids only through an Embedding)."""
        return [name for name in self.tensors if name not in self.input_entries]

    def layer_names(self):
        return [name for name in self.tensors if name not in self.inputs and name not in self.input_entries]


def yaml_scalar(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(yaml_scalar(v) for v in value) + "]"
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value) and value not in (
        "null", "true", "false", "yes", "no", "on", "off", "y", "n"
    ):
        return value
    return json.dumps(value)


def spec_to_yaml(spec, header):
    """A generated spec as YAML: name, input_shape or inputs, layers (one line each), outputs."""
    lines = [f"# {line}" for line in header]
    if "name" in spec:
        lines.append(f"name: {yaml_scalar(spec['name'])}")
    if "input_shape" in spec:
        lines.append(f"input_shape: {yaml_scalar(spec['input_shape'])}")
    if "inputs" in spec:
        lines.append("inputs:")
        lines.extend(f"  {yaml_scalar(name)}: {yaml_scalar(shape)}" for name, shape in spec["inputs"].items())
    lines.append("layers:")
    for cls_name, kwargs in spec["layers"]:
        if not kwargs:
            lines.append(f"  - {cls_name}")
        else:
            inner = ", ".join(f"{k}: {yaml_scalar(v)}" for k, v in kwargs.items())
            lines.append(f"  - {cls_name}: {{{inner}}}")
    if "outputs" in spec:
        lines.append(f"outputs: {yaml_scalar(spec['outputs'])}")
    return "\n".join(lines) + "\n"


# generator command -> (spec generator, file prefix, default cases and fixtures folders)
GENERATORS = {
    "random": (RandomSpec, "rc", None, None),
    "random-catalogue": (CatalogueSpec, "cat", "tests/oracle/cases/random_catalogue",
                         "tests/oracle/fixtures/random_catalogue"),
    "random-graphs": (GraphSpec, "graph", "tests/oracle/cases/random_graphs", "tests/oracle/fixtures/random_graphs"),
}


def generate_random(seed, count, out_cases, out_fixtures, command="random"):
    generator, prefix, _, _ = GENERATORS[command]
    out_cases = Path(out_cases)
    out_cases.mkdir(parents=True, exist_ok=True)
    paths = []
    intents = {}
    for i in range(count):
        spec, intent = generator(seed, i).generate()
        text = spec_to_yaml(
            spec,
            [
                f"generated by tools/keras_oracle.py {command} --seed {seed} (case {i})",
                f"generator's intent: {intent}",
            ],
        )
        # the emitted YAML must read back as exactly the generated spec
        back = yaml.safe_load(text)
        expect = dict(spec, layers=[{c: k} if k else c for c, k in spec["layers"]])
        if back != expect:
            raise AssertionError(f"YAML round trip failed for case {i}:\n{text}")
        path = out_cases / f"{prefix}_{i:03d}.yaml"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
        intents[path.stem] = intent
    for stale in sorted(out_cases.glob("*.yaml")):
        if stale not in paths:
            print(f"note: {stale} was not generated in this run", file=sys.stderr)
    write_fixtures(paths, out_fixtures)
    # compare the generator's intent with Keras's verdict (informational)
    mismatched = 0
    for path in paths:
        fixture = json.loads((Path(out_fixtures) / f"{path.stem}.json").read_text(encoding="utf-8"))
        meant_refused = intents[path.stem] != "valid"
        if fixture["refused"] != meant_refused:
            mismatched += 1
            print(
                f"note: {path.name}: intent {intents[path.stem]!r}, Keras refused={fixture['refused']}",
                file=sys.stderr,
            )
    print(f"{mismatched} of {count} cases where Keras's verdict differs from the intent", file=sys.stderr)


# --------------------------------------------------------------------------


def main(argv=None):
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Some Keras messages print a Python set ("one of {'same', 'valid'}"),
        # whose order depends on string hashing: run again with a fixed seed.
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in GENERATORS:
        command = argv[0]
        _, _, default_cases, default_fixtures = GENERATORS[command]
        parser = argparse.ArgumentParser(prog=f"keras_oracle.py {command}")
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--out-cases", required=default_cases is None, default=default_cases)
        parser.add_argument("--out-fixtures", required=default_fixtures is None, default=default_fixtures)
        args = parser.parse_args(argv[1:])
        generate_random(args.seed, args.count, args.out_cases, args.out_fixtures, command)
        return 0
    parser = argparse.ArgumentParser(
        prog="keras_oracle.py",
        description="Record Keras's verdict on convcalc specs as JSON fixtures "
        "(see the module docstring; `random --help` for the generator).",
    )
    parser.add_argument("specs", nargs="+", metavar="SPEC_OR_DIR")
    parser.add_argument("--out", required=True, metavar="DIR")
    parser.add_argument("--check", action="store_true", help="compare, don't write")
    args = parser.parse_args(argv)
    try:
        differences = write_fixtures(
            expand_specs(args.specs),
            args.out,
            check=args.check,
            whole_folders=all(Path(a).is_dir() for a in args.specs),
        )
    except SpecError as exc:
        print(f"spec error: {exc}", file=sys.stderr)
        return 2
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
