"""Keras classes and their saved arguments as convcalc's layer kinds and arguments.

A class is trusted only from Keras's own modules; anything else (a Lambda, whose config carries Python
bytecode, or a user's class) is never imported nor run: the error names it and the way out, a Declared
entry in a spec.
"""

from __future__ import annotations

from typing import Any

from ...args import REQUIRED
from ...errors import SpecError
from ...layers import REGISTRY, snake_case
from .formats import OPERATION_CLASSES, Call, Entry

NESTED = {"Sequential": "Sequential", "Functional": "Functional", "Model": "Functional"}
OPS_MODULE = "keras.src.ops"
APPLICATION_LAYERS = {"keras.src.applications.convnext": ("LayerScale",),
                      "keras.src.applications.inception_resnet_v2": ("CustomScaleLayer",)}
ALWAYS_THE_INPUT = ("batch_input_shape", "batch_shape")  # tf.keras 2.x put the model's input on its first layer
# Saved values that mean Keras's defaults (the global float32 policy, no activation): left out like defaults.
KERAS_DEFAULTS = {("dtype", "float32"), ("activation", "linear")}
# A TFOpLambda's keyword arguments, as the keras.ops operation's: `y` is the second operand (here a number; a
# tensor is read as a tensor); `name`, `dtype` (tf.cast's) and `conjugate` (transpose's) change no shape nor count.
TF_ARGUMENTS = {"y": "constant", "perm": "axes", "shape": "newshape", "slice_spec": "index", "keep_dims": "keepdims"}
TF_IGNORED = ("name", "dtype", "conjugate")
# Arguments tf.keras 2 saved that Keras 3's layers do not take: its depthwise and separable convolutions inherit
# Conv's `groups` (always 1 there), and the separable ones Conv's kernel_* too, which they never use.
UNUSED = ("kernel_initializer", "kernel_regularizer", "kernel_constraint")
KERAS2_ONLY = {(kind, "groups"): 1 for kind in ("DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D",
                                                 "SeparableConv2D")}
KERAS2_UNUSED = {(kind, key) for kind in ("SeparableConv1D", "SeparableConv2D") for key in UNUSED}


def _from_keras(module: str | None) -> bool:
    """Keras 3's modules, and tf.keras 2's (`keras.layers`, `tf_keras.src.layers.core.tf_op_layer`)."""
    return module is None or any(module == root or module.startswith(root + ".") for root in ("keras", "tf_keras"))


def kind_of(entry: Entry, source: str, declare_unknown: bool = False) -> str:
    """The registry kind for a saved class; for a class convcalc cannot compute, "Declared" when
    `declare_unknown` (convert), else a SpecError naming the class and the way out."""
    module = entry.module
    if module is not None and module.startswith(OPS_MODULE):
        kind = "ops." + snake_case(entry.class_name)
        if kind in REGISTRY:
            return kind
        return _unknown(entry, source, declare_unknown,
                        f"the operation {module}.{entry.class_name} is not one convcalc computes")
    if not _from_keras(module):
        return _unknown(entry, source, declare_unknown, f"class {entry.class_name} from module {module!r}, outside "
                        "Keras: convcalc never imports or runs a model's own code")
    if entry.class_name in OPERATION_CLASSES:
        function = entry.config.get("function")
        if isinstance(function, str) and f"tf.{function}" in REGISTRY:
            return f"tf.{function}"
        return _unknown(entry, source, declare_unknown,
                        f"the TensorFlow function tf.{function} is not one convcalc computes")
    if entry.class_name == "Lambda":
        return _unknown(entry, source, declare_unknown,
                        "a Lambda layer: convcalc never runs its Python code (its config holds bytecode)")
    if entry.class_name in NESTED:
        return NESTED[entry.class_name]
    if module is not None and module in APPLICATION_LAYERS:
        if entry.class_name in APPLICATION_LAYERS[module]:
            return entry.class_name
    elif entry.class_name in REGISTRY and entry.class_name not in NESTED.values() and entry.class_name != "Declared":
        return entry.class_name
    origin = f" from module {module!r}" if module else ""
    return _unknown(entry, source, declare_unknown, f"class {entry.class_name}{origin} is not a layer convcalc knows")


def _unknown(entry: Entry, source: str, declare_unknown: bool, why: str) -> str:
    if declare_unknown:
        return "Declared"
    raise SpecError(f"{why}; declare its output shape and parameter counts in a spec: `convcalc convert {source} "
                    "--to yaml` writes one with this layer as a `Declared` entry to fill in", source=source,
                    layer=entry.name, kind=entry.class_name)


def _plain_dtype(value: Any) -> Any:
    """A Keras 3 DTypePolicy object, or tf.keras's Policy, as its name ('float32', 'mixed_float16')."""
    if isinstance(value, dict) and isinstance(value.get("config"), dict) and "name" in value["config"]:
        return value["config"]["name"]
    return value


def arguments(kind: str, config: dict[str, Any], first: bool) -> dict[str, Any]:
    """The saved config as the kind's arguments; the name is kept exactly as saved."""
    given = {}
    optional = {key for key, arg in REGISTRY[kind].all_args.items() if arg.default is not REQUIRED}
    for key, value in config.items():
        if KERAS2_ONLY.get((kind, key), ...) == value or (kind, key) in KERAS2_UNUSED:
            continue
        if key in ALWAYS_THE_INPUT:
            if first and isinstance(value, list) and value:
                given["input_shape"] = value[1:]
            continue
        value = _plain_dtype(value) if key == "dtype" else value
        if not (key in optional and isinstance(value, str) and (key, value) in KERAS_DEFAULTS):
            given[key] = value
    axis = given.get("axis")
    if kind == "BatchNormalization" and isinstance(axis, list) and len(axis) == 1:
        given["axis"] = axis[0]  # tf.keras 2.x saved BatchNormalization's axis as a list
    return given


def operation_arguments(call: Call) -> dict[str, Any]:
    """A TFOpLambda call's keyword arguments (and a number in place of its first tensor) as its operation's."""
    given: dict[str, Any] = {"constant": call.constants[0]} if call.constants else {}
    for key, value in call.kwargs.items():
        if key in TF_IGNORED:
            continue
        key = TF_ARGUMENTS.get(key, key)
        given[key] = _index(value) if key == "index" else value
    return given


def _index(spec: Any) -> Any:
    """SlicingOpLambda's slice_spec ({start, stop, step} for a slice, {class_name: __ellipsis__} for `...`) as
    ops.get_item's index."""
    items = spec if isinstance(spec, list) else [spec]
    return ["..." if isinstance(item, dict) and item.get("class_name") == "__ellipsis__"
            else ["slice", item.get("start"), item.get("stop"), item.get("step")] if isinstance(item, dict)
            else item for item in items]
