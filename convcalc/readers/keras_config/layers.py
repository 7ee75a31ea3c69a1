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
from .formats import Entry

NESTED = {"Sequential": "Sequential", "Functional": "Functional", "Model": "Functional"}
OPS_MODULE = "keras.src.ops"
APPLICATION_LAYERS = {"keras.src.applications.convnext": ("LayerScale",),
                      "keras.src.applications.inception_resnet_v2": ("CustomScaleLayer",)}
ALWAYS_THE_INPUT = ("batch_input_shape", "batch_shape")  # tf.keras 2.x put the model's input on its first layer
# Saved values that mean Keras's defaults (the global float32 policy, no activation): left out like defaults.
KERAS_DEFAULTS = {("dtype", "float32"), ("activation", "linear")}


def _from_keras(module: str | None) -> bool:
    return module is None or module == "keras" or module.startswith("keras.")


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
