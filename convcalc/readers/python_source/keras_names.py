"""How Python code spells Keras: import paths, class aliases, activation functions, the calls that are harmless.

Every spelling is reduced to one canonical dotted path (`tf.keras.layers.Conv2D`, `tensorflow.keras.layers.Conv2D`
and `keras.layers.Conv2D` are all `keras.layers.Conv2D`); what a path means is decided from these tables only.
"""

from __future__ import annotations

import ast
from typing import Any

from ...args import ACTIVATIONS, CONSTRAINTS, INITIALIZERS, REGULARIZERS
from ...errors import closest
from ...layers import ALIASES, REGISTRY
from .values import Ref, UserClass

# Import prefixes that are Keras 3 itself: TensorFlow's bundled Keras and Keras's public `api` mirror.
KERAS_PREFIXES = ("tensorflow.keras", "tensorflow.python.keras", "keras.api")

# Kinds of the registry that keras.layers does not export: what Keras files hold (keras.applications' own layers,
# models used as layers, operations) and layers declared by hand. Python code cannot make them as keras.layers.X.
NOT_KERAS_LAYERS = frozenset(("LayerScale", "CustomScaleLayer", "Declared", "Custom", "Sequential", "Functional"))

# keras.layers.add([x, y]) and friends: a new merge layer applied at once (their arguments: inputs, then **kwargs).
MERGE_FUNCTIONS = {"add": "Add", "subtract": "Subtract", "multiply": "Multiply", "average": "Average",
                   "maximum": "Maximum", "minimum": "Minimum", "concatenate": "Concatenate"}

# Modules whose functions are activations when passed as `activation=` (tf.nn.relu, keras.activations.relu).
ACTIVATION_MODULES = ("keras.activations", "tensorflow.nn", "keras.ops", "keras.ops.nn")

# keras.regularizers.l2(0.01) and the like: a Keras object given as {"class_name", "config"}, with the order of
# its positional arguments.
OBJECT_MODULES = {"keras.regularizers": REGULARIZERS, "keras.initializers": INITIALIZERS,
                  "keras.constraints": CONSTRAINTS}
OBJECT_POSITIONAL = {
    "l1": ("l1",), "L1": ("l1",), "l2": ("l2",), "L2": ("l2",), "l1l2": ("l1", "l2"), "L1L2": ("l1", "l2"),
    "max_norm": ("max_value", "axis"), "MaxNorm": ("max_value", "axis"),
    "min_max_norm": ("min_value", "max_value", "rate", "axis"),
    "MinMaxNorm": ("min_value", "max_value", "rate", "axis"),
    "Constant": ("value",), "constant": ("value",), "RandomNormal": ("mean", "stddev", "seed"),
    "RandomUniform": ("minval", "maxval", "seed"), "TruncatedNormal": ("mean", "stddev", "seed"),
    "VarianceScaling": ("scale", "mode", "distribution", "seed"),
    **{name: ("seed",) for name in ("GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "LecunNormal",
                                    "LecunUniform", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform",
                                    "lecun_normal", "lecun_uniform")},
}

SEQUENTIAL = frozenset(("keras.Sequential", "keras.models.Sequential"))
CLEAR_SESSION = frozenset(("keras.backend.clear_session", "keras.utils.clear_session"))  # names start again
# Keras's default image layout, which convcalc assumes wherever data_format is None.
IMAGE_DATA_FORMAT = frozenset(("keras.backend.image_data_format", "keras.config.image_data_format"))
SEQUENTIAL_ARGS = ("layers", "trainable", "name")  # keras.Sequential's signature
MODEL = frozenset(("keras.Model", "keras.models.Model"))
INPUT = frozenset(("keras.Input", "keras.layers.Input"))

# Calls that receive a model and leave it as it is: printing, drawing, training, saving.
HARMLESS_FUNCTIONS = frozenset(("print", "display", "keras.utils.plot_model", "pprint.pprint"))
# Functions that give back what they are given, for the loops a model is built in (progress bars).
PASS_THROUGH = frozenset(("tqdm", "tqdm.tqdm", "tqdm.auto.tqdm", "tqdm.notebook.tqdm", "tqdm.auto", "tqdm.notebook"))
HARMLESS_METHODS = frozenset((
    "compile", "fit", "fit_generator", "evaluate", "evaluate_generator", "predict", "predict_generator",
    "predict_on_batch", "train_on_batch", "test_on_batch", "summary", "save", "save_weights", "load_weights",
    "to_json", "to_yaml", "get_config", "count_params", "get_weights", "set_weights", "export", "reset_states",
    "reset_metrics", "compute_output_shape"))


def canonical(path: str) -> str:
    """One spelling per Keras object: tensorflow.keras.layers.Conv2D -> keras.layers.Conv2D."""
    for prefix in KERAS_PREFIXES:
        if path == prefix or path.startswith(prefix + "."):
            return "keras" + path[len(prefix):]
    return path


def layer_class(path: str) -> str | None:
    """The Keras class a `keras.layers.X` path names (the registry's aliases resolved: MaxPool2D), or None."""
    module, _, name = path.rpartition(".")
    if module != "keras.layers" or not name[:1].isupper() or name in NOT_KERAS_LAYERS:
        return None
    return ALIASES.get(name, name)


# The layer classes Python code can make, for "did you mean Conv2D?" after `layers.Conv2d`.
KERAS_LAYERS = tuple(sorted({*ALIASES, *REGISTRY} - NOT_KERAS_LAYERS))

# keras's modules and top-level names, for "`tf.keras` has no `layer`" after `tf.keras.layer.Conv2D`.
KERAS_MODULES = frozenset((
    "layers", "models", "ops", "activations", "backend", "random", "applications", "regularizers", "initializers",
    "constraints", "optimizers", "losses", "metrics", "callbacks", "utils", "datasets", "preprocessing", "config",
    "saving", "mixed_precision", "export", "src", "api", "dtensor", "distribution", "legacy", "quantizers", "tree",
    "visualization", "wrappers", "experimental", "estimator", "Input", "Sequential", "Model"))


def misspelt_module(path: str, node: ast.AST) -> str | None:
    """"`tf.keras` has no `layer` (did you mean `tf.keras.layers`?)" for a call through a keras module that does
    not exist but is close to one that does, as the file spells it; None otherwise."""
    parts = path.split(".")
    if len(parts) < 3 or parts[0] != "keras" or parts[1] in KERAS_MODULES:
        return None
    near = closest(parts[1], KERAS_MODULES)
    if near is None:
        return None
    written = ast.unparse(node.func).split(".") if isinstance(node, ast.Call) else []
    after = len(parts) - 2  # the names written after the misspelt one
    owner = ".".join(written[:-after - 1]) if len(written) > after + 1 and written[-after - 1] == parts[1] else "keras"
    return f"`{owner}` has no `{parts[1]}` (did you mean `{owner}.{near}`?)"


def activation_name(path: str) -> str | None:
    """'relu' for keras.activations.relu or tf.nn.relu; None for anything else."""
    module, _, name = path.rpartition(".")
    return name if module in ACTIVATION_MODULES and name in ACTIVATIONS else None


DTYPES = frozenset(("float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64", "uint8",
                    "uint16", "uint32", "uint64", "bool", "string", "complex64", "complex128"))
DTYPE_MODULES = ("tensorflow", "tensorflow.dtypes", "numpy", "np", "tf", "jax.numpy", "jnp", "torch")


def dtype_name(path: str) -> str | None:
    """'int64' for tf.int64, np.int64 or tf.dtypes.int64: dtype arguments as Keras takes them by name."""
    module, _, name = path.rpartition(".")
    return name if module in DTYPE_MODULES and name in DTYPES else None


def star_import(module: str, name: str) -> bool:
    """Whether `from <module> import *` (module canonical) binds `name`: the Keras names convcalc reads."""
    if module == "keras.layers":
        return layer_class(f"{module}.{name}") is not None or name in MERGE_FUNCTIONS
    if module in ("keras", "keras.models"):
        return f"{module}.{name}" in SEQUENTIAL | MODEL | INPUT or (module == "keras" and name == "layers")
    if module == "keras.activations":
        return name in ACTIVATIONS
    return name in OBJECT_MODULES.get(module, ())


def keras_class(made: UserClass) -> bool:
    """Whether a class of the file derives from one of Keras's (a layer, a model, a regularizer)."""
    return made.framework_base.startswith("keras.")


def model_class(made: UserClass) -> bool:
    """Whether a class of the file is a keras.Model subclass."""
    return made.framework_base in MODEL | SEQUENTIAL


def keras_object_kind(made: UserClass) -> str:
    """"regularizers", "initializers" or "constraints": the Keras objects a class of the file is one of, if any."""
    module = made.framework_base.split(".")
    return module[1] if len(module) == 3 and module[1] in ("regularizers", "initializers", "constraints") else ""


def class_names(value: Any) -> Any:
    """A library class (or a list of them) as the name of the one class it is, for `==` and `in`:
    tf.keras.layers.MaxPool2D is keras.layers.MaxPooling2D."""
    if isinstance(value, Ref):
        path = canonical(value.path)
        kind = layer_class(path)
        return f"<class keras.layers.{kind}>" if kind else f"<class {path}>"
    if isinstance(value, list | tuple) and any(isinstance(item, Ref) for item in value):
        return [class_names(item) for item in value]
    return value
