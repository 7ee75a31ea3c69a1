"""StringLookup and IntegerLookup asked for their vocabulary in the file (`len(lookup.get_vocabulary())`,
`lookup.vocabulary_size()`, which lessons use for an Embedding's input_dim): known when the vocabulary is a list
the file gives, as Keras lists it (the mask token, the OOV tokens, then the words)."""

from __future__ import annotations

import ast
from typing import Any

from ...errors import ConvcalcError
from ...layers import REGISTRY
from .values import Layer, Unknown

LOOKUPS = frozenset(("StringLookup", "IntegerLookup"))
VOCABULARY_METHODS = frozenset(("get_vocabulary", "vocabulary_size"))


def lookup_method(layer: Layer, name: str, node: ast.AST) -> Any:
    try:
        args = REGISTRY[layer.kind].bind(layer.given)
    except ConvcalcError:
        return Unknown(node)
    vocabulary = args["vocabulary"]
    if not isinstance(vocabulary, list | tuple):  # adapted on data, or read from a file
        return Unknown(node, f"the vocabulary of {layer.name!r} is known only from the data")
    words = ([args["mask_token"]] if args["mask_token"] is not None else []) + (
        [args["oov_token"]] * args["num_oov_indices"]) + list(vocabulary)
    return words if name == "get_vocabulary" else len(words)
