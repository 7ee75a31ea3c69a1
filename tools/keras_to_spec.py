#!/usr/bin/env python3
"""Write the convcalc spec of a Keras model: keras.applications (or any keras.Model) to YAML.

convcalc reads a YAML spec of a model and prints what Keras's ``model.summary()`` prints,
without Keras.  This tool goes the other way, for models that already exist in Keras: it builds
the model with real Keras 3 and writes the equivalent spec, so that convcalc can be checked on
(and used for) real architectures such as ResNet50 or MobileNetV2.  Like tools/keras_oracle.py
it runs by hand in a throwaway virtualenv; Keras is never a dependency of convcalc or its tests.

Run it from anywhere (it imports convcalc from this checkout to know which layers and arguments
convcalc supports; convcalc itself needs only pyyaml, rich and click)::

    python3 -m venv /tmp/oracle/venv && /tmp/oracle/venv/bin/pip install keras==3.15.1 jax jaxlib pyyaml rich
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python tools/keras_to_spec.py ResNet50 \\
        --arg include_top=true --arg 'input_shape=[224, 224, 3]' \\
        --out specs/resnet50.yaml --fixture-out tests/oracle/fixtures/applications

MODEL is one of:

- the name of a ``keras.applications`` function (``ResNet50``, ``MobileNetV2``, ...), always built
  with ``weights=None`` (the weights change no shape or count, and need no download);
- ``path/to/file.py:function`` or ``package.module:function``: a function returning a keras.Model;
- a saved ``.keras`` file.

``--arg KEY=VALUE`` (repeatable; VALUE is read as YAML) passes arguments to that function.

What it writes:

- a Sequential spec (top-level ``input_shape:``) when the model is a ``keras.Sequential``, else the
  graph form: top-level ``inputs:`` (name: shape), each layer's ``inputs:`` unless it reads the
  entry right above it, and ``outputs:`` unless the output is just the last layer;
- each layer as ``ClassName: {args}`` with ``name`` always and otherwise ONLY the arguments whose
  value differs from a default-constructed layer of the same class (``layer.get_config()`` against
  ``cls(**required args).get_config()``); uniform tuples are written as one int (``kernel_size: 3``)
  and serialized Keras objects (initializers, ...) in their short form;
- a comment header with the command line, the Keras version and Keras's totals;
- a blank line after each layer whose output is read by several layers (the end of a block).

It refuses, naming every offender, and exits 2 without writing anything, when the spec would be
wrong or unreadable: a layer class not in ``convcalc.layers.REGISTRY``, an argument outside that
kind's ``all_args`` whose value is not the default, a model or layer name convcalc's spec reader
does not accept, a layer called more than once (shared layers) or with extra call arguments,
an input with a fixed batch size or a dtype other than float32, a layer with several outputs.
Before writing, it rebuilds the model in Keras from the YAML it is about to write and checks that
every layer's class, config and inputs, and the whole ``model.summary()`` text, are identical to the
original's, and that convcalc reads the spec; a difference between convcalc's figures and Keras's
is printed as a warning (that is for convcalc's tests to catch, not a fault of the spec).

``--fixture-out DIR`` also records what Keras says about the original model as
``DIR/<spec stem>.json``, in exactly the format tools/keras_oracle.py writes (its functions are
reused): layer names, types, output shapes, parameters and trainable split, totals, the exact
summary text (with and without ``show_trainable``), the output shapes of a zero batch of 2 pushed
through the model, and the warnings Keras issued.  tests/test_oracle.py compares convcalc against
every fixture under tests/oracle/fixtures/ (keras_oracle.py builds specs from their YAML and leaves
the specs this tool wrote to it).

``--check`` compares instead of writing (exit 1 and a diff on any difference).

The specs in specs/ written by this tool were made with (Keras 3.15.1, jax 0.10.2)::

    T="tools/keras_to_spec.py"; F="--fixture-out tests/oracle/fixtures/applications"
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T ResNet50 --arg include_top=true \\
        --arg 'input_shape=[224, 224, 3]' --out specs/resnet50.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T MobileNet --arg alpha=1.0 \\
        --arg 'input_shape=[224, 224, 3]' --out specs/mobilenet_v1.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T MobileNetV2 --arg alpha=1.0 \\
        --arg 'input_shape=[224, 224, 3]' --out specs/mobilenet_v2.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T DenseNet121 --out specs/densenet121.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T Xception --out specs/xception.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T InceptionV3 --out specs/inception_v3.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T EfficientNetB0 --out specs/efficientnet_b0.yaml $F

From Python (in the same virtualenv), for a model built in a session::

    sys.path.insert(0, "tools"); import keras_to_spec
    text = keras_to_spec.model_to_yaml(model, header=["my model"])   # raises Unsupported
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import importlib.util
import inspect
import json
import math
import re
import shlex
import sys
import warnings
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
REPO_ROOT = TOOLS.parent
sys.path[:0] = [str(REPO_ROOT), str(TOOLS)]

# keras_oracle sets KERAS_BACKEND=jax and COLUMNS=200 (Keras's default summary width) on import,
# before Keras is imported; the fixture format is its own.
import keras_oracle  # noqa: E402
import yaml  # noqa: E402

import convcalc  # noqa: E402
from convcalc import args as convcalc_args  # noqa: E402
from convcalc.errors import ArgumentError, ConvcalcError  # noqa: E402
from convcalc.layers import REGISTRY  # noqa: E402

# Arguments given per spatial axis: written as one int when every axis has the same value.
PER_AXIS = {"kernel_size", "strides", "dilation_rate", "pool_size", "size", "padding", "cropping"}


class Unsupported(Exception):
    """The model cannot be written as a (correct) convcalc spec; the message lists every reason."""


# --------------------------------------------------------------------------
# Keras configs -> spec arguments


def _plain(value):
    """Config values as plain YAML data: tuples become lists, recursively."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _is_keras_object(value):
    return isinstance(value, dict) and {"class_name", "config"} <= set(value) and "module" in value


def _object_defaults(serialized):
    """The config of the same Keras object built with no arguments, or None if it needs some."""
    import keras

    try:
        bare = keras.saving.deserialize_keras_object({**serialized, "config": {}})
        return _plain(bare.get_config())
    except Exception:
        return None


def _compact(key, value):
    """A config value in the shortest form Keras reads back to the same config."""
    value = _plain(value)
    if key == "dtype" and isinstance(value, dict) and value.get("class_name", "").endswith("DTypePolicy"):
        return value["config"]["name"]  # convcalc (and Keras) take the policy's name
    if _is_keras_object(value) and value["module"].startswith("keras.") and value.get("registered_name") is None:
        defaults = _object_defaults(value) or {}
        config = {k: _compact(k, v) for k, v in value["config"].items() if k not in defaults or defaults[k] != v}
        return {"class_name": value["class_name"], "config": config}
    if key in PER_AXIS and isinstance(value, list) and value and all(v == value[0] for v in value):
        inner = value[0]
        if isinstance(inner, int) and not isinstance(inner, bool):
            return inner
        if isinstance(inner, list) and len(inner) == 2 and inner[0] == inner[1] and isinstance(inner[0], int):
            return inner[0]  # symmetric (before, after) pairs, the same on every axis
    return value


_DEFAULTS = {}


def required_args(cls):
    """Constructor parameters without a default (filters, kernel_size, units, ...)."""
    params = inspect.signature(cls.__init__).parameters.values()
    return [p.name for p in params
            if p.name != "self" and p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def default_config(layer):
    """get_config() of the layer's class built with only its required arguments (taken from the layer)."""
    cls, config = type(layer), layer.get_config()
    required = {name: config[name] for name in required_args(cls) if name in config}
    key = (cls, json.dumps(_plain(required), sort_keys=True, default=repr))
    if key not in _DEFAULTS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _DEFAULTS[key] = _plain(cls(**required).get_config())
    return set(required_args(cls)), _DEFAULTS[key]


def layer_arguments(layer, problems):
    """{argument: value} for the spec: name, required arguments, and every argument not at its default."""
    cls_name = type(layer).__name__
    kind = REGISTRY.get(cls_name)
    where = f"{layer.name} ({cls_name})"
    if kind is None:
        problems.append(f"{where}: layer class {cls_name} is not supported by convcalc (not in its registry)")
        return None
    try:
        required, defaults = default_config(layer)
    except Exception as exc:
        problems.append(f"{where}: cannot build a default {cls_name} to compare with: {type(exc).__name__}: {exc}")
        return None
    config = _plain(layer.get_config())
    keep = {key for key, value in config.items()
            if key == "name" or key in required or key not in defaults or defaults[key] != value}
    # Some defaults follow other arguments (pooling strides default to pool_size): build the layer from
    # what is kept and keep, too, whatever then comes out different.
    for _ in range(len(config)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rebuilt = _plain(type(layer)(**_keras_kwargs({k: _compact(k, config[k]) for k in keep})).get_config())
        except Exception as exc:
            problems.append(f"{where}: cannot rebuild it from its non-default arguments {sorted(keep)}: "
                            f"{type(exc).__name__}: {exc}")
            return None
        missing = {key for key, value in config.items() if rebuilt.get(key) != value} - keep
        if not missing:
            break
        keep |= missing
    arguments = {"name": layer.name}
    for key, value in config.items():
        if key not in keep or key == "name":
            continue
        if key not in kind.all_args:
            problems.append(f"{where}: argument `{key}` = {json.dumps(value)} (default {json.dumps(defaults.get(key))})"
                            f" is not supported by convcalc's {cls_name}")
            continue
        arguments[key] = _compact(key, value)
    try:
        convcalc_args.layer_name(layer.name, "name")
    except ArgumentError as exc:
        problems.append(f"{where}: the Keras name {layer.name!r} is not valid for convcalc's spec reader: "
                        f"{exc.message}")
    return arguments


# --------------------------------------------------------------------------
# The graph


def _producer(tensor, problems, where):
    """The name of the layer whose (only) output `tensor` is."""
    operation, node_index, tensor_index = tensor._keras_history
    if node_index != 0 or tensor_index != 0 or len(operation._inbound_nodes[node_index].outputs) != 1:
        problems.append(f"{where}: reads output {tensor_index} of call {node_index} of {operation.name}; convcalc "
                        "layers have one output and are called once")
    return operation.name


def _flat_tensors(value):
    if isinstance(value, list | tuple):
        return [t for v in value for t in _flat_tensors(v)]
    return [value]


def layer_inputs(layer, problems):
    """What the layer reads: a name, or a list of names for a layer called on a list (merges)."""
    import keras

    where = f"{layer.name} ({type(layer).__name__})"
    if len(layer._inbound_nodes) != 1:
        problems.append(f"{where}: called {len(layer._inbound_nodes)} times (a shared layer); a convcalc layer is "
                        "called once")
        return None
    node = layer._inbound_nodes[0]
    args = node.arguments.args
    # Keras records `mask=None` and `training=False` for a plain call of a layer whose call() takes
    # them; only other values were given by the model's code.
    kwargs = {key: value for key, value in node.arguments.kwargs.items()
              if not (key == "mask" and value is None or key == "training" and value is False)}
    if len(args) != 1 or kwargs:
        given = ", ".join(f"{key}={value!r}" for key, value in kwargs.items())
        problems.append(f"{where}: called with arguments besides its input ({len(args)} positional"
                        + (f"; {given}" if given else "") + "); a spec cannot express them")
        return None
    received = args[0]
    tensors = _flat_tensors(received)
    if not all(isinstance(t, keras.KerasTensor) for t in tensors):
        problems.append(f"{where}: called on something other than Keras tensors")
        return None
    names = [_producer(t, problems, where) for t in tensors]
    if isinstance(received, list | tuple):
        if _flat_tensors(received) != list(received):
            problems.append(f"{where}: called on a nested structure of tensors")
        return names
    return names[0]


def check_input(layer, problems):
    config = layer.get_config()
    where = f"input {layer.name}"
    shape = list(config["batch_shape"])
    if shape[0] is not None:
        problems.append(f"{where}: a fixed batch size {shape[0]}; convcalc's inputs leave the batch axis unknown")
    if config.get("dtype") not in (None, "float32"):
        problems.append(f"{where}: dtype {config['dtype']}; convcalc's inputs are float32")
    if config.get("sparse") or config.get("ragged") or config.get("optional"):
        problems.append(f"{where}: sparse, ragged or optional inputs are not supported by convcalc")
    try:
        convcalc_args.layer_name(layer.name, "inputs")
    except ArgumentError as exc:
        problems.append(f"{where}: the Keras name {layer.name!r} is not valid for convcalc's spec reader: "
                        f"{exc.message}")
    return shape[1:]


def model_to_spec(model):
    """The spec of a built keras.Model as plain data: {name, input_shape or inputs, layers, [outputs]}.

    layers is a list of (class name, arguments, blank line after it); raises Unsupported.
    """
    import keras

    problems = []
    try:
        convcalc_args.layer_name(model.name, "name")
    except ArgumentError as exc:
        problems.append(f"the model name {model.name!r} is not valid for convcalc: {exc.message}")
    spec = {"name": model.name}
    entries = []
    if isinstance(model, keras.Sequential):
        if len(model.inputs) != 1:
            raise Unsupported("a Sequential model without a single input (build it with keras.Input first)")
        input_layer = model.inputs[0]._keras_history[0]
        spec["input_shape"] = check_input(input_layer, problems)
        for layer in model.layers:
            arguments = layer_arguments(layer, problems)
            if arguments is not None:
                entries.append((type(layer).__name__, arguments))
        readers = {}
    else:
        input_layers = [t._keras_history[0] for t in model.inputs]
        spec["inputs"] = {layer.name: check_input(layer, problems) for layer in input_layers}
        previous = input_layers[-1].name if len(input_layers) == 1 else None
        readers = {}
        for layer in model.layers:
            if isinstance(layer, keras.layers.InputLayer):
                if layer not in input_layers:
                    problems.append(f"input {layer.name}: an InputLayer that is not a model input")
                continue
            arguments = layer_arguments(layer, problems)
            reads = layer_inputs(layer, problems)
            if arguments is None or reads is None:
                continue
            for name in reads if isinstance(reads, list) else [reads]:
                readers[name] = readers.get(name, 0) + 1
            if reads != previous:
                arguments["inputs"] = reads
            entries.append((type(layer).__name__, arguments))
            previous = layer.name
        outputs = [_producer(t, problems, "model outputs") for t in model.outputs]
        last = entries[-1][1]["name"] if entries else None
        if outputs != [last]:
            spec["outputs"] = outputs if len(outputs) > 1 else outputs[0]
    if problems:
        raise Unsupported("\n".join(problems))
    spec["layers"] = [(cls_name, arguments, readers.get(arguments["name"], 0) > 1) for cls_name, arguments in entries]
    return spec


# --------------------------------------------------------------------------
# YAML


_YAML_WORDS = re.compile(r"(?i)(null|true|false|yes|no|on|off|y|n|~|\.?nan|\.?inf)")


def yaml_value(value):
    """One value in flow style; strings are plain only when YAML reads them back as the same string."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_value(k)}: {yaml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value) and not _YAML_WORDS.fullmatch(value):
            return value
        return json.dumps(value, ensure_ascii=False)
    raise Unsupported(f"cannot write {value!r} ({type(value).__name__}) in a spec")


def spec_to_yaml(spec, header=()):
    """The spec's YAML text, one layer a line, preceded by `header` as comments."""
    lines = [f"# {line}".rstrip() for line in header]
    lines.append(f"name: {yaml_value(spec['name'])}")
    if "input_shape" in spec:
        lines.append(f"input_shape: {yaml_value(spec['input_shape'])}")
    else:
        lines.append("inputs:")
        lines += [f"  {yaml_value(name)}: {yaml_value(shape)}" for name, shape in spec["inputs"].items()]
    if "outputs" in spec:
        lines.append(f"outputs: {yaml_value(spec['outputs'])}")
    lines.append("layers:")
    for cls_name, arguments, blank_after in spec["layers"]:
        lines.append(f"  - {cls_name}: {yaml_value(arguments)}")
        if blank_after:
            lines.append("")
    text = "\n".join(lines).rstrip("\n") + "\n"
    _check_round_trip(spec, text)
    return text


def _check_round_trip(spec, text):
    back = yaml.safe_load(text)
    expected = {key: spec[key] for key in ("name", "input_shape", "inputs", "outputs") if key in spec}
    expected["layers"] = [{cls_name: arguments} for cls_name, arguments, _ in spec["layers"]]
    if _plain(back) != _plain(expected):
        raise AssertionError("the YAML written does not read back as the spec (a bug of this tool)")


def model_to_yaml(model, header=()):
    return spec_to_yaml(model_to_spec(model), header)


# --------------------------------------------------------------------------
# Checks: rebuild in Keras from the YAML; read it with convcalc


def _keras_kwargs(arguments):
    """Spec arguments as Keras constructor keywords: lists become tuples, except inside Keras objects."""
    return {k: v if isinstance(v, dict) else keras_oracle._tuples(v) for k, v in arguments.items() if k != "inputs"}


def build_from_yaml(text):
    """A Keras model built from spec text (either form), as a user of the spec would build it."""
    import keras

    data = yaml.safe_load(text)

    def make(cls_name, arguments):
        return getattr(keras.layers, cls_name)(**_keras_kwargs(arguments or {}))

    entries = [next(iter(e.items())) if isinstance(e, dict) else (e, {}) for e in data["layers"]]
    if "input_shape" in data:
        layers = [keras.Input(shape=tuple(data["input_shape"]))] + [make(c, a) for c, a in entries]
        return keras.Sequential(layers, name=data["name"])
    tensors = {name: keras.Input(shape=tuple(shape), name=name) for name, shape in data["inputs"].items()}
    previous = list(tensors)[-1]
    for cls_name, arguments in entries:
        reads = (arguments or {}).get("inputs", previous)
        layer = make(cls_name, arguments)
        received = [tensors[r] for r in reads] if isinstance(reads, list) else tensors[reads]
        tensors[layer.name] = layer(received)
        previous = layer.name
    outputs = data.get("outputs", previous)
    outputs = [tensors[o] for o in outputs] if isinstance(outputs, list) else tensors[outputs]
    return keras.Model(list(tensors[name] for name in data["inputs"]), outputs, name=data["name"])


def _links(model):
    import keras

    links = {}
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer) or isinstance(model, keras.Sequential):
            links[layer.name] = None
        else:
            node = layer._inbound_nodes[0]
            links[layer.name] = [t._keras_history[0].name for t in _flat_tensors(node.arguments.args)]
    return links


def compare_rebuilt(original, text):
    """Differences between the model and the one rebuilt from its spec text; [] if none."""
    import keras

    keras.utils.clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rebuilt = build_from_yaml(text)
    problems = []
    ours = {layer.name: layer for layer in rebuilt.layers}
    if [layer.name for layer in original.layers] != [layer.name for layer in rebuilt.layers]:
        problems.append("the layers are not the same, or not in the same order")
    for layer in original.layers:
        other = ours.get(layer.name)
        if other is None:
            continue
        if type(other) is not type(layer):
            problems.append(f"{layer.name}: {type(layer).__name__} rebuilt as {type(other).__name__}")
        elif _plain(other.get_config()) != _plain(layer.get_config()):
            a, b = _plain(layer.get_config()), _plain(other.get_config())
            changed = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            problems.append(f"{layer.name}: config differs in {changed}")
    if _links(original) != _links(rebuilt):
        problems.append("the layers read different inputs")
    for show_trainable in (False, True):
        if keras_oracle.capture_summary(original, show_trainable) != keras_oracle.capture_summary(rebuilt,
                                                                                                  show_trainable):
            problems.append(f"model.summary(show_trainable={show_trainable}) prints differently")
    return problems


def convcalc_agreement(text, fixture):
    """convcalc's reading of the spec against Keras's figures: (refusal or None, [disagreements])."""
    try:
        summary = convcalc.summarize(text=text)
    except ConvcalcError as exc:
        return str(exc), []
    ours = [(layer.name, list(layer.output_shape), layer.params, layer.trainable_params)
            for layer in summary.layers]
    theirs = [(r["name"], r["output_shape"], r["params"], r["trainable_params"]) for r in fixture["layers"]]
    notes = [f"{t[0]}: Keras {t[1:]}, convcalc {o[1:]}" for o, t in zip(ours, theirs, strict=False) if o != t]
    if len(ours) != len(theirs):
        notes.append(f"{len(theirs)} layers in Keras, {len(ours)} in convcalc")
    totals = (summary.total_params, summary.trainable_params, summary.non_trainable_params)
    keras_totals = (fixture["total_params"], fixture["trainable_params"], fixture["non_trainable_params"])
    if totals != keras_totals:
        notes.append(f"totals: Keras {keras_totals}, convcalc {totals}")
    return None, notes


# --------------------------------------------------------------------------
# The fixture (tools/keras_oracle.py's format) of the original model


def record_fixture(model, spec_path, build_warnings):
    import keras
    import numpy as np

    records = [keras_oracle.layer_record(layer, layer.output) for layer in model.layers]
    trainable = int(keras_oracle._n(model.trainable_weights))
    non_trainable = int(keras_oracle._n(model.non_trainable_weights))
    total = int(model.count_params())
    if total != trainable + non_trainable or total != sum(r["params"] for r in records):
        raise AssertionError("Keras's parameter totals do not add up")
    summary, width = keras_oracle.capture_summary(model, show_trainable=False)
    summary_t, width_t = keras_oracle.capture_summary(model, show_trainable=True)
    return {
        "keras_version": keras.__version__,
        "spec": keras_oracle.spec_label(spec_path),
        "refused": False,
        "error": None,
        "name": model.name,
        "layers": records,
        "total_params": total,
        "trainable_params": trainable,
        "non_trainable_params": non_trainable,
        "summary": summary,
        "summary_show_trainable": summary_t,
        "line_length": width,
        "line_length_show_trainable": width_t,
        "runtime": runtime_check(model, records, np),
        "warnings": keras_oracle._dedupe(build_warnings),
    }


def runtime_check(model, records, np):
    """Every layer's output for a zero batch of 2 (eagerly); None if an input dimension is unknown."""
    import keras

    if any(d is None for t in model.inputs for d in t.shape[1:]):
        return None
    zeros = [np.zeros((2,) + tuple(t.shape[1:]), dtype="float32") for t in model.inputs]
    # A functional model lists its InputLayers among its layers (a Sequential model does not).
    fed = {t._keras_history[0].name: z for t, z in zip(model.inputs, zeros, strict=False)}
    computed = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    probe = keras.Model(model.inputs, [layer.output for layer in computed])
    try:
        values = probe(zeros)
    except Exception as exc:
        error = keras_oracle.error_record(exc, None)
        del error["layer_index"]
        return {"ok": False, "error": error, "layer_index": None}
    by_layer = {**fed, **{layer.name: value for layer, value in zip(computed, values, strict=False)}}
    shapes = [[int(d) for d in by_layer[layer.name].shape] for layer in model.layers]
    for record, shape in zip(records, shapes, strict=False):
        if record["output_shape"][1:] != shape[1:]:
            raise AssertionError(f"{record['name']}: symbolic {record['output_shape']} vs eager {shape}")
    return {"ok": True, "output_shapes": shapes}


# --------------------------------------------------------------------------
# Building the model named on the command line


def load_model(target, kwargs):
    """(model, description of how it was built)."""
    import keras

    if target.endswith(".keras"):
        return keras.saving.load_model(target), f"keras.saving.load_model({target!r})"
    if ":" in target:
        where, function_name = target.rsplit(":", 1)
        if where.endswith(".py"):
            module_spec = importlib.util.spec_from_file_location(Path(where).stem, where)
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
        else:
            module = importlib.import_module(where)
        function, label = getattr(module, function_name), target
    else:
        function = getattr(keras.applications, target, None)
        if function is None or not callable(function):
            raise SystemExit(f"keras.applications has no model {target!r}")
        kwargs = {"weights": None, **kwargs}
        label = f"keras.applications.{target}"
    call = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    model = function(**kwargs)
    if not isinstance(model, keras.Model):
        raise SystemExit(f"{label} returned a {type(model).__name__}, not a keras.Model")
    return model, f"{label}({call})"


def parse_arguments(pairs):
    kwargs = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isidentifier():
            raise SystemExit(f"--arg wants KEY=VALUE, received {pair!r}")
        kwargs[key] = keras_oracle._tuples(yaml.safe_load(value))
    return kwargs


def header_lines(argv, built_with, fixture):
    import keras

    argv = [arg for arg in argv if arg != "--check"]
    command = shlex.join(["KERAS_BACKEND=jax", "python", "tools/keras_to_spec.py", *argv])
    return [
        f"{built_with} as a convcalc spec,",
        f"written by tools/keras_to_spec.py with Keras {keras.__version__} ({keras.backend.backend()} backend); "
        "do not edit by hand, regenerate with:",
        f"  {command}",
        f"Keras prints {fixture['total_params']:,} parameters: {fixture['trainable_params']:,} trainable, "
        f"{fixture['non_trainable_params']:,} non-trainable.",
    ]


def _write_or_check(path, text, check):
    """Write `text` to `path`, or compare; returns True if (with check) they differ."""
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if check:
        if old != text:
            print(f"DIFFERS  {path}", file=sys.stderr)
            diff = difflib.unified_diff((old or "").splitlines(), text.splitlines(), "committed", "now", lineterm="")
            print("\n".join(list(diff)[:40]), file=sys.stderr)
            return True
        return False
    if old != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote    {keras_oracle.spec_label(path)}", file=sys.stderr)
    return False


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="keras_to_spec.py", description="Write the convcalc spec of a Keras "
                                     "model (see the module docstring).")
    parser.add_argument("model", help="a keras.applications name, FILE.py:FUNCTION, MODULE:FUNCTION or FILE.keras")
    parser.add_argument("--arg", action="append", default=[], metavar="KEY=VALUE",
                        help="an argument for the model's function (VALUE is YAML)")
    parser.add_argument("--out", required=True, help="the spec file to write ('-': standard output)")
    parser.add_argument("--fixture-out", metavar="DIR", help="also record Keras's figures as DIR/<spec stem>.json")
    parser.add_argument("--check", action="store_true", help="compare with the files instead of writing them")
    args = parser.parse_args(argv)

    import keras

    if keras.backend.backend() != "jax":
        raise SystemExit(f"expected the jax backend, got {keras.backend.backend()}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model, built_with = load_model(args.model, parse_arguments(args.arg))
    build_warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
    try:
        spec = model_to_spec(model)
    except Unsupported as exc:
        print(f"error: {model.name} cannot be written as a convcalc spec:", file=sys.stderr)
        for line in str(exc).splitlines():
            print(f"  {line}", file=sys.stderr)
        return 2

    out = None if args.out == "-" else Path(args.out)
    fixture = record_fixture(model, out or Path(f"{model.name}.yaml"), build_warnings)
    text = spec_to_yaml(spec, header_lines(argv, built_with, fixture))

    problems = compare_rebuilt(model, text)
    if problems:
        print(f"error: the spec does not rebuild {model.name} exactly (a bug of this tool):", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        return 2
    refusal, notes = convcalc_agreement(text, fixture)
    if refusal:
        print(f"error: convcalc refuses the spec of {model.name}: {refusal}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"warning: convcalc disagrees with Keras: {note}", file=sys.stderr)

    if out is None:
        sys.stdout.write(text)
        return 0
    differs = _write_or_check(out, text, args.check)
    if args.fixture_out:
        target = Path(args.fixture_out) / f"{out.stem}.json"
        differs |= _write_or_check(target, keras_oracle.dump(fixture), args.check)
    print(f"{model.name}: {len(spec['layers'])} layers, {fixture['total_params']:,} parameters"
          + ("" if notes else "; convcalc agrees"), file=sys.stderr)
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
