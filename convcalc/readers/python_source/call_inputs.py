"""Tensors given to a layer beyond its first argument: to one of the file's classes, by position
(`DistanceLayer()(anchor, positive, negative)`) or by keyword (`Encoder(...)(source=x, source_mask=x != 0)`), or to
Keras's own (`gru(x, initial_state=s)`, `mha(query=x, value=x, key=x)`).

Keras's Node reads every tensor of a call, the positional ones in order, then the keyword ones in the order of
their sorted names (its tree.flatten of the call's args and kwargs), so each is one more input of the layer's row,
connected in that order; inside `call` each is a tensor of the shape it was given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...layers import REGISTRY
from ...layers.recurrent import STATES
from .values import FunctionalModel, Instance, Layer, Tensor, Unknown, first_unknown, located

if TYPE_CHECKING:
    from .arguments import Arguments


def more_tensors(instance: Instance, arguments: Arguments) -> list[tuple[int | str, Tensor]] | Unknown:
    """The tensors given after the first argument, by position (their index) then by keyword (their name), in
    Keras's order; an unknown for a keyword value only running gives or a list of tensors given by keyword (which
    convcalc does not read)."""
    more: list[tuple[int | str, Tensor]] = [(index, value) for index, (value, _) in enumerate(arguments.positional)
                                            if index and isinstance(value, Tensor)]
    for key, (given, _) in sorted(arguments.keywords.items()):
        if isinstance(given, Tensor):
            more.append((key, given))
        elif first_unknown(given) is not None or any(isinstance(item, Tensor) for item in (
                given if isinstance(given, list | tuple) else [])):
            return first_unknown(given) or Unknown(
                arguments.node, f"layer {instance.name!r} ({instance.made.node.name}) is called with `{key}=` a list "
                                "of Keras tensors, which convcalc does not read")
    return more


def with_inner_tensors(arguments: Arguments, keys: list[int | str], inner: list[Any]) -> Arguments:
    """The call's arguments with the tensors after the first replaced by the call's own inputs."""
    from .arguments import Arguments

    copy = Arguments(arguments.node)
    copy.positional = list(arguments.positional)
    copy.keywords = dict(arguments.keywords)
    for key, tensor in zip(keys, inner, strict=True):
        if isinstance(key, int):
            copy.positional[key] = (tensor, arguments.positional[key][1])
        else:
            copy.keywords[key] = (tensor, arguments.keywords[key][1])
    return copy


# Keras layers whose call takes its tensors by name: the order their kind reads them in.
_TENSOR_PARAMETERS = {"MultiHeadAttention": ("query", "value", "key")}


def keras_layer_inputs(source: str, layer: Layer, arguments: Arguments, inside_call: bool) -> list[Any] | None:
    """The tensors a Keras layer reads when some are given by keyword, in the order its kind reads them: a
    recurrent layer's sequence then its `initial_state=` states; MultiHeadAttention's query, value, key (its
    `attention_mask=` changes no shape: left out inside a layer class's call, whose rows Keras does not show).
    None when no tensor is given by keyword."""
    given = {key: value for key, (value, _) in arguments.keywords.items() if _holds_tensors(value)}
    if not given:
        return None
    positional = [value for value, _ in arguments.positional]
    kind = REGISTRY.get(layer.kind)
    if kind is not None and kind.states is not None and set(given) == {"initial_state"} and len(positional) == 1:
        states = given["initial_state"]
        return [positional[0], *(states if isinstance(states, list | tuple) else [states])]
    names = _TENSOR_PARAMETERS.get(layer.kind, ())
    bound = dict(zip(names, positional, strict=False))
    for key in given:
        if key not in names and key != "attention_mask" or key in bound:
            raise located(source, arguments.keywords[key][1], f"layer {layer.name!r} is called with `{key}=` a Keras "
                                                              "tensor, which convcalc does not read (Keras connects "
                                                              "it as another input)")
    bound.update((key, value) for key, value in given.items() if key in names)
    if "query" not in bound or "value" not in bound:
        raise located(source, arguments.node, f"layer {layer.name!r} needs its query and value tensors")
    inputs = [bound[name] for name in names if name in bound]
    drawn = positional + [given[key] for key in sorted(given)]  # Keras's Node: keyword tensors by sorted name
    if not inside_call and [id(item) for item in drawn] != [id(item) for item in inputs]:
        raise located(source, arguments.node, f"layer {layer.name!r} is called with tensors by keyword that Keras "
                                              "connects in another order (by name) or with an attention mask, which "
                                              "convcalc does not draw; give query and value by position")
    return inputs


def _holds_tensors(value: Any) -> bool:
    return isinstance(value, Tensor) or isinstance(value, list | tuple) and any(
        isinstance(item, Tensor) for item in value)


def layer_outputs(layer: Layer, tensor: Tensor) -> Tensor | list[Tensor]:
    """What calling a Keras layer gives: its output, or the list of its outputs for a recurrent layer with
    return_state=True (the sequence or last output, then each last state) and a functional model with several."""
    model = layer.given.get("model")
    if isinstance(model, FunctionalModel) and len(model.outputs) > 1:
        return tensor.outputs(len(model.outputs))
    if layer.kind not in STATES or layer.given.get("return_state") is not True:
        return tensor
    return tensor.outputs(1 + STATES[layer.kind])


def call_results(result: Any) -> list[Tensor] | None:
    """The outputs a layer class's call gives: one Keras tensor, or a list or tuple of them; None otherwise."""
    if isinstance(result, Tensor):
        return [result]
    if isinstance(result, list | tuple) and result and all(isinstance(item, Tensor) for item in result):
        return list(result)
    return None
