"""Validation of layer argument values, the way Keras's constructors validate them.

Each checker takes the raw value (plain Python data: int, str, list, dict, None)
and returns the normalized value or raises ArgumentError. Unlike Keras, a bool
is never accepted where a number is expected (`True` is an int in Python, and a
YAML `yes` should not silently become a kernel size of 1).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple, TypeAlias, TypeGuard

from .errors import ArgumentError, did_you_mean

REQUIRED = object()

# A checker takes the raw value (whatever YAML held) and the argument's name; it returns the value normalized.
Checker: TypeAlias = Callable[[object, str], object]

# Names `keras.activations.get`, `keras.initializers.get`, ... accept in Keras 3.15.
ACTIVATIONS = frozenset((
    "celu elu exponential gelu glu hard_shrink hard_sigmoid hard_silu hard_swish hard_tanh leaky_relu "
    "linear log_sigmoid log_softmax mish relu relu6 selu sigmoid silu soft_shrink softmax softplus softsign "
    "sparse_plus sparse_sigmoid sparsemax squareplus swish tanh tanh_shrink threshold").split())
INITIALIZERS = frozenset((
    "Constant GlorotNormal GlorotUniform HeNormal HeUniform Identity IdentityInitializer LecunNormal "
    "LecunUniform Ones Orthogonal OrthogonalInitializer RandomNormal RandomUniform STFT STFTInitializer "
    "TruncatedNormal VarianceScaling Zeros constant glorot_normal glorot_uniform he_normal he_uniform identity "
    "lecun_normal lecun_uniform normal one ones orthogonal random_normal random_uniform stft truncated_normal "
    "uniform variance_scaling zero zeros").split())
REGULARIZERS = frozenset("L1 L1L2 L2 OrthogonalRegularizer l1 l1l2 l2 orthogonal_regularizer".split())
CONSTRAINTS = frozenset("MaxNorm MinMaxNorm NonNeg UnitNorm max_norm min_max_norm non_neg unit_norm".split())

# Bytes per weight for each Keras dtype policy (mixed policies keep float32 variables).
DTYPE_BYTES = {
    "float16": 2, "bfloat16": 2, "float32": 4, "float64": 8,
    "mixed_float16": 4, "mixed_bfloat16": 4,
    "int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "int32": 4, "uint32": 4, "int64": 8, "uint64": 8,
}


class Arg(NamedTuple):
    """One constructor argument: its default (or REQUIRED) and its checker (None: kept as given)."""

    default: object = None
    check: Checker | None = None


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def tuple_advice(text: str) -> str:
    """For Python's tuple syntax in YAML (`kernel_size: (3,3)` is the text "(3,3)"; in `{kernel_size: (3, 3)}`
    the comma splits it into `kernel_size: (3` and an argument `3)`): how to write it."""
    stripped = text.strip()
    if not (stripped.startswith("(") or stripped.endswith(")")):
        return ""
    numbers = [part.strip() for part in stripped.strip("()").split(",") if part.strip()]
    if not numbers or not all(n.isdigit() for n in numbers):
        numbers = ["3", "3"]
    example = f"[{', '.join(numbers * 2 if len(numbers) == 1 else numbers)}]"
    return f" (YAML has no tuples: write a list, {example})"


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{value!r} (a boolean; YAML reads yes/no/on/off as booleans)"
    if isinstance(value, str):
        return repr(value) + tuple_advice(value)
    return repr(value) if not isinstance(value, list | dict) else str(value)


def positive_int(value: object, name: str) -> int:
    if not _is_int(value) or value <= 0:
        raise ArgumentError(name, f"`{name}` must be a positive integer, received {_describe(value)}")
    return value


def int_tuple(n: int, *, allow_zero: bool = False) -> Checker:
    """An int or a list of `n` ints, normalized to a tuple (Keras's standardize_tuple)."""
    least = 0 if allow_zero else 1

    def check(value: object, name: str) -> tuple[int, ...]:
        items = [value] * n if _is_int(value) else value
        if not isinstance(items, list | tuple) or len(items) != n or not all(_is_int(v) for v in items):
            raise ArgumentError(name, f"`{name}` must be an integer or a list of {n} integers, "
                                      f"received {_describe(value)}")
        if any(v < least for v in items):
            bound = ">= 0" if allow_zero else "> 0"
            raise ArgumentError(name, f"`{name}` values must be {bound}, received {_describe(value)}")
        return tuple(items)

    return check


def optional(checker: Checker) -> Checker:
    def check(value: object, name: str) -> object:
        return None if value is None else checker(value, name)

    return check


def choice(*options: str, lower: bool = True) -> Checker:
    def check(value: object, name: str) -> object:
        text = value.lower() if lower and isinstance(value, str) else value
        if text not in options:
            expected = ", ".join(repr(o) for o in options)
            raise ArgumentError(name, f"`{name}` must be one of {expected}, received {_describe(value)}"
                                + (did_you_mean(value, options) if isinstance(value, str) else ""))
        return text

    return check


def data_format(value: object, name: str) -> object:
    """None means Keras's default image data format, channels_last."""
    return "channels_last" if value is None else choice("channels_last", "channels_first")(value, name)


def boolean(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ArgumentError(name, f"`{name}` must be true or false, received {_describe(value)}")
    return value


def integer(value: object, name: str) -> int:
    if not _is_int(value):
        raise ArgumentError(name, f"`{name}` must be an integer, received {_describe(value)}")
    return value


def fraction(value: object, name: str) -> float:
    """A number in [0, 1], as Dropout's rate."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ArgumentError(name, f"`{name}` must be a number between 0 and 1, received {_describe(value)}")
    return value


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def number(value: object, name: str) -> float:
    if not _is_number(value):
        raise ArgumentError(name, f"`{name}` must be a number, received {_describe(value)}")
    return value


def non_negative(value: object, name: str) -> float:
    """A number >= 0, as ReLU's max_value and threshold (`not >=` also refuses NaN)."""
    if not _is_number(value) or not value >= 0:
        raise ArgumentError(name, f"`{name}` must be a number >= 0, received {_describe(value)}")
    return value


def penalty(value: object, name: str) -> float:
    """A finite number >= 0: an L1 or L2 factor, as keras.regularizers checks it."""
    if not _is_number(value) or not 0 <= value < math.inf:
        raise ArgumentError(name, f"`{name}` must be a finite number >= 0, received {_describe(value)}")
    return value


def group_count(value: object, name: str) -> int:
    """GroupNormalization's groups: a positive integer, or -1 for one group per channel."""
    if not _is_int(value) or (value <= 0 and value != -1):
        raise ArgumentError(name, f"`{name}` must be a positive integer or -1 (one group per channel), "
                                  f"received {_describe(value)}")
    return value


def axes(value: object, name: str) -> int | tuple[int, ...]:
    """An axis or a list of axes (negative ones count from the end); a list becomes a tuple."""
    if _is_int(value):
        return value
    if isinstance(value, list | tuple) and all(_is_int(v) for v in value):
        return tuple(value)
    raise ArgumentError(name, f"`{name}` must be an integer or a list of integers, received {_describe(value)}")


def pairs(rank: int) -> Checker:
    """Padding or cropping amounts, normalized to one (before, after) pair per spatial axis.

    As Keras reads them: in 1D an int or [before, after]; in 2D and 3D an int, a list of `rank`
    ints (each symmetric) or a list of `rank` [before, after] pairs. Amounts must be >= 0.
    """
    if rank == 1:
        forms = "an integer or a list [before, after] of 2 integers"
    else:
        forms = f"an integer, a list of {rank} integers, or a list of {rank} [before, after] pairs"

    def pair(entry: object, name: str, value: object) -> tuple[int, int]:
        if _is_int(entry):
            entry = (entry, entry)
        if not isinstance(entry, list | tuple) or len(entry) != 2 or not all(_is_int(v) for v in entry):
            raise ArgumentError(name, f"`{name}` must be {forms}, received {_describe(value)}")
        if min(entry) < 0:
            raise ArgumentError(name, f"`{name}` values must be >= 0, received {_describe(value)}")
        return tuple(entry)

    def check(value: object, name: str) -> tuple[tuple[int, int], ...]:
        entries = [value] if rank == 1 else [value] * rank if _is_int(value) else value
        if not isinstance(entries, list | tuple) or len(entries) != rank:
            raise ArgumentError(name, f"`{name}` must be {forms}, received {_describe(value)}")
        return tuple(pair(entry, name, value) for entry in entries)

    return check


def target_shape(value: object, name: str) -> tuple[int | None, ...]:
    """Reshape's target: integers >= 0, at most one -1 (inferred from the size), or null (unknown)."""
    if not isinstance(value, list | tuple) or not all(v is None or _is_int(v) for v in value):
        raise ArgumentError(name, f"`{name}` must be a list of integers, received {_describe(value)}")
    if any(v is not None and v < -1 for v in value) or list(value).count(-1) > 1:
        raise ArgumentError(name, f"`{name}` dimensions must be >= 0, with at most one -1 (inferred), "
                                  f"received {_describe(value)}")
    return tuple(value)


def permutation(value: object, name: str) -> tuple[int, ...]:
    """Permute's dims: each axis 1..n once (the batch axis 0 stays first)."""
    if (not isinstance(value, list | tuple) or not all(_is_int(v) for v in value)
            or sorted(value) != list(range(1, len(value) + 1))):
        raise ArgumentError(name, f"`{name}` must list each of the axes 1..n exactly once (e.g. [2, 1]), "
                                  f"received {_describe(value)}")
    return tuple(value)


def array_shape(value: object) -> tuple[int, ...] | None:
    """numpy's shape of a number or nested list of numbers; None if it is ragged or holds anything else."""
    if _is_number(value):
        return ()
    if not isinstance(value, list | tuple):
        return None
    shapes = {array_shape(item) for item in value}
    inner = shapes.pop() if len(shapes) == 1 else () if not shapes else None
    return None if inner is None else (len(value),) + inner


def array(value: object, name: str) -> object:
    """A constant tensor: a number or a rectangular nested list of numbers, not empty (an empty constant broadcasts
    a tensor to an axis of size 0)."""
    shape = array_shape(value)
    if shape is None:
        raise ArgumentError(name, f"`{name}` must be a number or a (nested) list of numbers of equal lengths, "
                                  f"received {_describe(value)}")
    if 0 in shape:
        raise ArgumentError(name, f"`{name}` must not be empty, received {_describe(value)}")
    return value


def named(kind: str, names: frozenset[str]) -> Checker:
    """A Keras object given by name (e.g. an activation) or as a serialized config mapping."""

    def check(value: object, name: str) -> object:
        if value is None or isinstance(value, dict):
            return value
        if not isinstance(value, str) or value not in names:
            raise ArgumentError(name, f"`{name}` must name a Keras {kind}, received {_describe(value)}"
                                + (did_you_mean(value, names) if isinstance(value, str) else ""))
        return value

    return check


activation = named("activation", ACTIVATIONS)
initializer = named("initializer", INITIALIZERS)
regularizer = named("regularizer", REGULARIZERS)
constraint = named("constraint", CONSTRAINTS)


# Keras 3's short names (keras.src.backend.common.dtypes.PYTHON_DTYPES_MAP), as the JAX backend reads them.
SHORT_DTYPES = {"int": "int32", "float": "float32"}


def dtype(value: object, name: str) -> object:
    if isinstance(value, str):
        value = SHORT_DTYPES.get(value, value)
    return None if value is None else choice(*DTYPE_BYTES, lower=False)(value, name)


def layer_name(value: object, name: str) -> str:
    """tf.keras 2 allows '/' in names (DenseNet's 'conv1/conv'); "<name>/<digits>" stays a shared layer's later
    call (model.call_name)."""
    if not isinstance(value, str) or not value or value.endswith("/") or (
            "/" in value and value.rpartition("/")[2].isdigit()):
        raise ArgumentError(name, f"`{name}` must be a non-empty string not ending in '/' or '/<digits>', received "
                                  f"{_describe(value)}")
    return value


def input_dims(value: object, name: str) -> tuple[int | None, ...]:
    """A shape without the batch axis: positive ints or null (unknown)."""
    if _is_int(value):
        value = [value]
    if not isinstance(value, list | tuple) or not all(v is None or (_is_int(v) and v > 0) for v in value):
        raise ArgumentError(name, f"`{name}` must be a list of positive integers or null, received {_describe(value)}")
    return tuple(value)


# Arguments every Keras layer accepts (keras.layers.Layer.__init__).
BASE_ARGS = {
    "name": Arg(None, optional(layer_name)),
    "trainable": Arg(True, boolean),
    "dtype": Arg(None, dtype),
    "autocast": Arg(True, boolean),
    "activity_regularizer": Arg(None, regularizer),
    "input_shape": Arg(None, optional(input_dims)),
    "input_dim": Arg(None, optional(positive_int)),
}

def weight_args(prefix: str, default_initializer: str = "glorot_uniform") -> dict[str, Arg]:
    """`<prefix>_initializer`, `_regularizer` and `_constraint`: how Keras configures one weight."""
    return {
        f"{prefix}_initializer": Arg(default_initializer, initializer),
        f"{prefix}_regularizer": Arg(None, regularizer),
        f"{prefix}_constraint": Arg(None, constraint),
    }


# Arguments of layers with a bias and an activation (every convolution, Dense).
BIAS_ARGS = {
    "activation": Arg(None, activation),
    "use_bias": Arg(True, boolean),
    **weight_args("bias", "zeros"),
}

# Arguments of layers with a kernel and a bias (Conv*, Dense).
KERNEL_ARGS = {
    **BIAS_ARGS,
    **weight_args("kernel"),
    "lora_rank": Arg(None, optional(positive_int)),
    "lora_alpha": Arg(None),
}
