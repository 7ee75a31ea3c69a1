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

Fixture (``<out>/<spec stem>.json``, keys sorted, no timestamps)::

    keras_version, spec (path relative to the repo root), refused, error,
    name, layers[{name, type, output_shape, params, trainable_params,
    non_trainable_params}], total_params, trainable_params,
    non_trainable_params, summary, summary_show_trainable,
    line_length, line_length_show_trainable, runtime, warnings

``error`` is null or ``{type, message, core_message, layer_index}``.  When
Keras refuses the model, everything after ``error`` above is null.  The
layer index comes from building the model functionally, one layer at a time;
the Sequential model is then built as a user would and must agree.
``summary`` is the exact text ``model.summary()`` prints (it ends with a
newline, as on a terminal).  ``runtime`` is null when not run (refused, or a
None dimension in the input), else the result of pushing a zero batch of 2
through the layers eagerly: ``{ok: true, output_shapes: [...]}`` or
``{ok: false, error: {...}, layer_index}``.  ``warnings`` lists the Python
warnings Keras issued while building (``"Category: message"``).

Regenerating every fixture folder (from the repo root)::

    python3 -m venv /tmp/oracle/venv && /tmp/oracle/venv/bin/pip install keras jax jaxlib pyyaml
    # the committed fixtures were recorded with keras 3.15.1, jax/jaxlib 0.10.2
    # (pip install keras==3.15.1 jax==0.10.2 jaxlib==0.10.2 pyyaml to match them byte for byte)

    /tmp/oracle/venv/bin/python tools/keras_oracle.py specs --out tests/oracle/fixtures/specs
    /tmp/oracle/venv/bin/python tools/keras_oracle.py tests/oracle/cases/edge --out tests/oracle/fixtures/edge
    /tmp/oracle/venv/bin/python tools/keras_oracle.py random --seed 1 --count 200 \\
        --out-cases tests/oracle/cases/random_core --out-fixtures tests/oracle/fixtures/random_core

A folder run skips (and names) specs written as graphs with ``inputs:`` /
``outputs:``, which this Sequential-only oracle does not build; naming such
a file explicitly is an error.  Generated cases depend only on the seed and the case number (case i is the
same for any --count).  To verify instead of write, compare against the
committed fixtures (exit status 1 and a diff on any difference)::

    /tmp/oracle/venv/bin/python tools/keras_oracle.py specs --out tests/oracle/fixtures/specs --check
    /tmp/oracle/venv/bin/python tools/keras_oracle.py tests/oracle/cases/edge --out tests/oracle/fixtures/edge --check
    /tmp/oracle/venv/bin/python tools/keras_oracle.py tests/oracle/cases/random_core \
        --out tests/oracle/fixtures/random_core --check

Recording takes about 0.5 s a spec on two cores (the random set, 5 minutes).
The tool
sets ``KERAS_BACKEND=jax`` and ``COLUMNS=200`` itself, before Keras is
imported (and re-runs itself with ``PYTHONHASHSEED=0``, since some Keras
error messages print a Python set), so the summary uses Keras's default line length (88 for a
Sequential model, 100 with ``show_trainable=True``) rather than the width of
whatever terminal it runs in.
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
    """A convcalc spec beyond this oracle's Sequential format (inputs:/outputs:
    graphs); skipped when found in a folder, an error when named."""


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


def load_spec(path):
    """Return (name, input_shape or None, [(class_name, kwargs), ...])."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SpecError(f"{path}: top level must be a mapping")
    if {"inputs", "outputs"} & set(data):
        raise UnsupportedSpec(f"{path}: inputs:/outputs: (a graph, not a Sequential model)")
    unknown = set(data) - {"name", "input_shape", "layers"}
    if unknown:
        raise SpecError(f"{path}: unknown top-level keys {sorted(unknown)}")
    name = data.get("name", path.stem)
    if not isinstance(name, str):
        raise SpecError(f"{path}: name must be a string")
    input_shape = data.get("input_shape")
    if input_shape is not None:
        if not isinstance(input_shape, list) or not all(
            d is None or (isinstance(d, int) and not isinstance(d, bool))
            for d in input_shape
        ):
            raise SpecError(f"{path}: input_shape must be a list of ints/nulls")
        input_shape = tuple(input_shape)
    raw_layers = data.get("layers")
    if not isinstance(raw_layers, list) or not raw_layers:
        raise SpecError(f"{path}: layers must be a non-empty list")
    layers = []
    for i, entry in enumerate(raw_layers):
        if isinstance(entry, str):
            layers.append((entry, {}))
            continue
        if not (isinstance(entry, dict) and len(entry) == 1):
            raise SpecError(f"{path}: layers[{i}] must be a name or a one-key mapping")
        (cls_name, kwargs), = entry.items()
        if kwargs is None:
            kwargs = {}
        if not isinstance(cls_name, str) or not isinstance(kwargs, dict):
            raise SpecError(f"{path}: layers[{i}] must map a class name to kwargs")
        if "inputs" in kwargs:
            raise UnsupportedSpec(f"{path}: layers[{i}] has inputs: (a graph)")
        layers.append((cls_name, _tuples(kwargs)))
    if input_shape is None and "input_shape" not in layers[0][1]:
        raise SpecError(
            f"{path}: no input_shape (top level, or as the first layer's kwarg)"
        )
    return name, input_shape, layers


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


def record_spec(path):
    """Build one spec with Keras; return the fixture dict."""
    name, input_shape, layers = load_spec(path)
    k = keras()
    fixture = {
        "keras_version": k.__version__,
        "spec": spec_label(path),
        "refused": False,
        "error": None,
    }
    empty = {
        key: None
        for key in (
            "name", "layers", "total_params", "trainable_params",
            "non_trainable_params", "summary", "summary_show_trainable",
            "line_length", "line_length_show_trainable", "runtime",
        )
    }
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
    runtime = runtime_check(model, input_shape or layers[0][1]["input_shape"])
    if runtime and runtime["ok"]:
        for rec, shape in zip(records, runtime["output_shapes"]):
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


def write_fixtures(spec_paths, out_dir, check=False, whole_folders=True):
    """Record each spec into out_dir/<stem>.json. Returns the number of diffs.

    With whole_folders, specs in a format this oracle does not build are
    skipped (and named), and so are fixtures in out_dir that no spec produced.
    """
    out_dir = Path(out_dir)
    if not check:
        out_dir.mkdir(parents=True, exist_ok=True)
    differences = refused = 0
    recorded = []
    for path in spec_paths:
        try:
            fixture = record_spec(path)
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
        for size, d in zip(sizes, dilation):
            limit = 5 if padding != "valid" else max(1, min(5, (size - 1) // d + 1))
            kernel.append(self.rng.randint(1, limit))
        if self.chance(0.6):
            kernel = [kernel[0]] * rank
            if padding == "valid":  # keep the uniform kernel valid everywhere
                kernel = [min(kernel[0], min((s - 1) // d + 1 for s, d in zip(sizes, dilation)))] * rank
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
            for axis, size, k, s, d in zip(self.spatial_axes(), sizes, kernel, strides, dilation):
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
            for axis, size, p, s in zip(self.spatial_axes(), sizes, pool, strides):
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


def yaml_scalar(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_scalar(v) for v in value) + "]"
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value) and value not in (
        "null", "true", "false", "yes", "no", "on", "off", "y", "n"
    ):
        return value
    return json.dumps(value)


def spec_to_yaml(spec, header):
    lines = [f"# {line}" for line in header]
    if "name" in spec:
        lines.append(f"name: {yaml_scalar(spec['name'])}")
    lines.append(f"input_shape: {yaml_scalar(spec['input_shape'])}")
    lines.append("layers:")
    for cls_name, kwargs in spec["layers"]:
        if not kwargs:
            lines.append(f"  - {cls_name}")
        else:
            inner = ", ".join(f"{k}: {yaml_scalar(v)}" for k, v in kwargs.items())
            lines.append(f"  - {cls_name}: {{{inner}}}")
    return "\n".join(lines) + "\n"


def generate_random(seed, count, out_cases, out_fixtures):
    out_cases = Path(out_cases)
    out_cases.mkdir(parents=True, exist_ok=True)
    paths = []
    intents = {}
    for i in range(count):
        spec, intent = RandomSpec(seed, i).generate()
        text = spec_to_yaml(
            spec,
            [
                f"generated by tools/keras_oracle.py random --seed {seed} (case {i})",
                f"generator's intent: {intent}",
            ],
        )
        # the emitted YAML must read back as exactly the generated spec
        back = yaml.safe_load(text)
        expect = dict(spec, layers=[{c: k} if k else c for c, k in spec["layers"]])
        if back != expect:
            raise AssertionError(f"YAML round trip failed for case {i}:\n{text}")
        path = out_cases / f"rc_{i:03d}.yaml"
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
    if argv and argv[0] == "random":
        parser = argparse.ArgumentParser(prog="keras_oracle.py random")
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--out-cases", required=True)
        parser.add_argument("--out-fixtures", required=True)
        args = parser.parse_args(argv[1:])
        generate_random(args.seed, args.count, args.out_cases, args.out_fixtures)
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
