"""Keras layer configs -> spec arguments: a layer's name, required arguments and every argument not at its
default, in the shortest form Keras reads back to the same config."""

import inspect
import json
import warnings
from typing import Any

from convcalc import args as convcalc_args
from convcalc.errors import ArgumentError
from convcalc.layers import REGISTRY
from tools.keras_oracle.spec_reader import tuples

# Arguments given per spatial axis: written as one int when every axis has the same value.
PER_AXIS = {"kernel_size", "strides", "dilation_rate", "pool_size", "size", "padding", "cropping"}


def plain(value):
    """Config values as plain YAML data: tuples become lists, recursively."""
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _is_keras_object(value):
    return isinstance(value, dict) and {"class_name", "config"} <= set(value) and "module" in value


def _object_defaults(serialized):
    """The config of the same Keras object built with no arguments, or None if it needs some."""
    import keras

    try:
        bare = keras.saving.deserialize_keras_object({**serialized, "config": {}})
        return plain(bare.get_config())
    except Exception:
        return None


def _compact(key, value):
    """A config value in the shortest form Keras reads back to the same config."""
    value = plain(value)
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


_DEFAULTS: dict[tuple[type, str], dict[str, Any]] = {}


def required_args(cls):
    """Constructor parameters without a default (filters, kernel_size, units, ...)."""
    params = inspect.signature(cls.__init__).parameters.values()
    return [p.name for p in params
            if p.name != "self" and p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def default_config(layer):
    """get_config() of the layer's class built with only its required arguments (taken from the layer)."""
    cls, config = type(layer), layer.get_config()
    required = {name: config[name] for name in required_args(cls) if name in config}
    key = (cls, json.dumps(plain(required), sort_keys=True, default=repr))
    if key not in _DEFAULTS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _DEFAULTS[key] = plain(cls(**required).get_config())
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
    config = plain(layer.get_config())
    keep = {key for key, value in config.items()
            if key == "name" or key in required or key not in defaults or defaults[key] != value}
    # Some defaults follow other arguments (pooling strides default to pool_size): build the layer from
    # what is kept and keep, too, whatever then comes out different.
    for _ in range(len(config)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rebuilt = plain(type(layer)(**keras_kwargs({k: _compact(k, config[k]) for k in keep})).get_config())
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


def keras_kwargs(arguments):
    """Spec arguments as Keras constructor keywords: lists become tuples, except inside Keras objects."""
    return {k: v if isinstance(v, dict) else tuples(v) for k, v in arguments.items() if k != "inputs"}
