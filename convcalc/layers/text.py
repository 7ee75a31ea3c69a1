"""Text and categorical lookups: TextVectorization, StringLookup, IntegerLookup, Hashing.

None has weights Keras counts (the vocabulary is a lookup table, not a variable). Their shapes follow
Keras 3.15's compute_output_shape: int mode keeps the shape (TextVectorization: (batch,
output_sequence_length)); one_hot adds an axis of the vocabulary's size (or replaces a last axis of 1);
multi_hot, count and tf_idf replace the last axis with it. The vocabulary's size comes from the
arguments: a `vocabulary` list (plus the OOV indices, and the mask token in int mode), or max_tokens with
pad_to_max_tokens; when it is only known after adapt(), a shape that needs it is refused, naming the
argument to give. Costs: lookups, none.
"""

from __future__ import annotations

from typing import Any

from .. import args as a
from ..args import REQUIRED, Arg
from ..errors import ArgumentError, ShapeError
from ..shapes import Shape, require_min_rank
from .base import Args, LayerKind, register

LOOKUP_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def _vocabulary(value: Any, name: str) -> Any:
    """A list of tokens, or None (adapt() learns it); a file path cannot be read statically."""
    if value is None or isinstance(value, list | tuple):
        return None if value is None else tuple(value)
    raise ArgumentError(name, f"`{name}` must be a list of tokens (a file of them cannot be read without "
                              f"running Keras), received {value!r}")


def _depth(args: Args, kind: str, mask_token: object) -> int:
    """The vocabulary's size as the encoded axis counts it."""
    if args["pad_to_max_tokens"] and args["max_tokens"] is not None:
        return int(args["max_tokens"])
    if args["vocabulary"] is None:
        raise ShapeError(f"{kind}'s output_mode {args['output_mode']!r} needs the vocabulary's size, known only "
                         f"after adapt(): give `vocabulary` (a list), or `max_tokens` with pad_to_max_tokens: true")
    extra = args.get("num_oov_indices", 1) + (1 if mask_token is not None and args["output_mode"] == "int" else 0)
    return len(args["vocabulary"]) + int(extra)


def _encoded(shape: Shape, depth: int, mode: str) -> Shape:
    if mode == "one_hot":
        return shape[:-1] + (depth,) if len(shape) > 1 and shape[-1] == 1 else shape + (depth,)
    return shape[:-1] + (depth,)


def _lookup_shape(kind: str) -> Any:
    def output_shape(args: Args, shape: Shape) -> Shape:
        if args["output_mode"] == "int":
            return shape
        return _encoded(shape, _depth(args, kind, args["mask_token"]), args["output_mode"])

    return output_shape


def _text_shape(args: Args, shape: Shape) -> Shape:
    """int: (batch, output_sequence_length); encodings: split text gains an axis of tokens, then the lookup's."""
    if args["output_mode"] == "int":
        require_min_rank(shape, 1)
        return (shape[0], args["output_sequence_length"])
    if args["split"] is None:
        shape = shape + (1,) if len(shape) <= 1 else shape
    else:
        shape = shape + (None,)
    return _encoded(shape, _depth(args, "TextVectorization", ""), args["output_mode"])


def _check_text(args: Args) -> None:
    if args["output_sequence_length"] is not None and args["output_mode"] != "int":
        raise ArgumentError("output_sequence_length", "`output_sequence_length` is only for output_mode 'int'")
    if args["pad_to_max_tokens"] and args["max_tokens"] is None:
        raise ArgumentError("pad_to_max_tokens", "pad_to_max_tokens needs `max_tokens`")


def _lookup_args(mask: object, oov: object) -> dict[str, Arg]:
    return {"max_tokens": Arg(None, a.optional(a.positive_int)), "num_oov_indices": Arg(1, a.integer),
            "mask_token": Arg(mask), "oov_token": Arg(oov), "vocabulary": Arg(None, _vocabulary),
            "idf_weights": Arg(None), "invert": Arg(False, a.boolean),
            "output_mode": Arg("int", a.choice(*LOOKUP_MODES, lower=False)),
            "pad_to_max_tokens": Arg(False, a.boolean), "sparse": Arg(False, a.boolean)}


register(LayerKind(
    name="StringLookup",
    args={**_lookup_args(None, "[UNK]"), "encoding": Arg("utf-8"), "salt": Arg(None)},
    output_shape=_lookup_shape("StringLookup"),
    positional=("max_tokens", "num_oov_indices", "mask_token", "oov_token", "vocabulary", "idf_weights", "invert",
                "output_mode", "pad_to_max_tokens", "sparse", "encoding", "name", "salt"),
    doc="no weights; each token becomes its index in the vocabulary (or an encoding of it)",
))
register(LayerKind(
    name="IntegerLookup",
    args={**_lookup_args(None, -1), "vocabulary_dtype": Arg("int64"), "oov_method": Arg(None), "salt": Arg(None)},
    output_shape=_lookup_shape("IntegerLookup"),
    positional=("max_tokens", "num_oov_indices", "mask_token", "oov_token", "vocabulary", "vocabulary_dtype",
                "idf_weights", "invert", "output_mode", "sparse", "pad_to_max_tokens", "oov_method", "salt", "name"),
    doc="no weights; each integer becomes its index in the vocabulary (or an encoding of it)",
))
register(LayerKind(
    name="Hashing",
    args={"num_bins": Arg(REQUIRED, a.positive_int), "mask_value": Arg(None), "salt": Arg(None),
          "output_mode": Arg("int", a.choice("int", "one_hot", "multi_hot", "count", lower=False)),
          "sparse": Arg(False, a.boolean)},
    output_shape=lambda args, shape: shape if args["output_mode"] == "int" else (
        shape[:-1] + (args["num_bins"],) if shape else (args["num_bins"],)),
    doc="no weights; each value hashed into num_bins bins",
))
register(LayerKind(
    name="TextVectorization",
    args={"max_tokens": Arg(None, a.optional(a.positive_int)), "standardize": Arg("lower_and_strip_punctuation"),
          "split": Arg("whitespace"), "ngrams": Arg(None),
          "output_mode": Arg("int", a.choice(*LOOKUP_MODES, lower=False)),
          "output_sequence_length": Arg(None, a.optional(a.positive_int)), "pad_to_max_tokens": Arg(False, a.boolean),
          "vocabulary": Arg(None, _vocabulary), "idf_weights": Arg(None), "sparse": Arg(False, a.boolean),
          "ragged": Arg(False, a.boolean), "encoding": Arg("utf-8"), "name": a.BASE_ARGS["name"]},
    output_shape=_text_shape,
    check_args=_check_text,
    doc="no weights; text split into tokens, each its index in the vocabulary (or an encoding of them)",
))
