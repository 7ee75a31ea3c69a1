"""Tensors given by keyword to a layer of the file's classes (`Encoder(...)(source=x, source_mask=x != 0)`).

Keras's Node reads every tensor of a call, the keyword ones after the positional ones in the order of their sorted
names (its tree.flatten of the call's kwargs), so each is one more input of the layer's row, connected in that
order; inside `call` each is a tensor of the shape it was given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .values import Instance, Tensor, Unknown, first_unknown

if TYPE_CHECKING:
    from .keras_calls import Arguments


def keyword_tensors(instance: Instance, arguments: Arguments) -> list[tuple[str, Tensor]] | Unknown:
    """The tensors given by keyword, in Keras's order; an unknown for a keyword value only running gives or a list
    of tensors given by keyword (which convcalc does not read)."""
    named = []
    for key, (given, _) in sorted(arguments.keywords.items()):
        if isinstance(given, Tensor):
            named.append((key, given))
        elif first_unknown(given) is not None or any(isinstance(item, Tensor) for item in (
                given if isinstance(given, list | tuple) else [])):
            return first_unknown(given) or Unknown(
                arguments.node, f"layer {instance.name!r} ({instance.made.node.name}) is called with `{key}=` a list "
                                "of Keras tensors, which convcalc does not read")
    return named


def with_inner_keywords(arguments: Arguments, names: list[str], inner: list[Any]) -> Arguments:
    """The call's arguments with the tensors given by keyword replaced by the call's own inputs."""
    from .keras_calls import Arguments

    copy = Arguments(arguments.node)
    copy.positional = list(arguments.positional)
    copy.keywords = dict(arguments.keywords)
    for name, tensor in zip(names, inner, strict=True):
        copy.keywords[name] = (tensor, arguments.keywords[name][1])
    return copy
