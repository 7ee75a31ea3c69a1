"""The pure-math engine: walks a ModelSpec's shapes through its graph of layers.

It knows the registry's shape and weight rules and Keras's graph ordering (graph_order.py),
nothing of YAML, click or rich. Layers arrive in definition order, each reading
only layers defined before it (the spec reader guarantees that).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from .args import DTYPE_BYTES
from .costs import COMPUTE_BYTES, DEFAULT_COMPUTE_BYTES, NO_COST, RAW, Cost, Field, bias_and_activation, widest
from .errors import FeaturesError, ShapeError, SpecError
from .graph_order import keras_order
from .layers import NO_INPUT, ONE_INPUT, REGISTRY, LayerKind, Weight, snake_case
from .layers.base import (
    DROPS_MASK,
    KEEPS_MASK,
    MAKES_MASK,
    MASKS_UNMODELLED,
    ORS_MASKS,
    READS_AND_DROPS_MASK,
    READS_MASK,
    SEQUENCE_MASK,
    Args,
    Received,
    sequence_mask_rule,
)
from .model import LayerSpec, LayerSummary, ModelSpec, Summary, split_output
from .shapes import MAX_SIZE, Shape, broadcast, format_shape

DEFAULT_DTYPE = "float32"
FLATTENING = ("Flatten", "flatten", "view")  # torch: a module, or an operation, making a Linear's features


def compute(spec: ModelSpec, given_inputs: tuple[tuple[Shape, Field], ...] | None = None) -> Summary:
    """The summary of a model; `given_inputs` (shape and receptive field of each model input) when it is used as
    a layer of another model, whose tensors it then reads instead of its own inputs' shapes."""
    if not spec.built:
        return _unbuilt(spec)
    registry = registry_of(spec.framework)
    model_inputs = [layer.name for layer in spec.layers if registry[layer.kind].arity == NO_INPUT]
    given = dict(zip(model_inputs, given_inputs, strict=True)) if given_inputs is not None else {}
    rows: dict[str, LayerSummary] = {}
    for layer in spec.layers:
        inputs = [rows[split_output(name)[0]] for name in layer.inputs]
        # torch: what a Flatten just before flattened, for an error about the features it made
        flattened = inputs[0].input_shape if spec.framework == "torch" and inputs and inputs[0].type in FLATTENING \
            else None
        rows[layer.name] = _layer_summary(spec, registry[layer.kind], layer, _read(spec, layer, rows),
                                          tuple(row.field for row in inputs), flattened)
        if layer.name in given:
            shape, field = given[layer.name]
            rows[layer.name] = rows[layer.name]._replace(output_shape=shape, field=field)
        if layer.name in spec.shapes_as_tuple:
            rows[layer.name] = rows[layer.name]._replace(shapes_as_tuple=True)

    by_name = {layer.name: layer for layer in spec.layers}
    # A Sequential model's summary lists its layers only; a functional one lists its graph's operations.
    mask_ops, mask_reads = _mask_operations(spec, rows) if spec.functional else ({}, {})
    graph: dict[str, LayerSpec | LayerSummary] = {**by_name, **mask_ops}
    for name, mask in mask_reads.items():
        graph[name] = by_name[name]._replace(inputs=by_name[name].inputs + (mask,))
    order, sequential_like = keras_order(graph, model_inputs, spec.outputs)
    if spec.framework == "torch":  # torch's rows are every module its forward pass calls, in that order, even one
        order = [layer.name for layer in spec.layers]  # whose output the model's does not need
    in_model, input_names = set(order), set(model_inputs)  # sets: lists made this quadratic in the layers
    warnings = tuple(
        SpecError(f"not used by any output ({', '.join(spec.outputs)}); Keras leaves it out of the model",
                  source=spec.source, line=layer.line, layer=layer.name, kind=layer.kind).__str__()
        for layer in spec.layers if layer.name not in in_model)
    hidden = {layer.name for layer in spec.layers if layer.hidden}
    shown = [name for name in order if (spec.functional or name not in input_names) and name not in hidden]
    if hidden:  # torch: a row reads what the operations before it read, back to a module or the input
        by_name = _through_hidden(by_name, hidden)
        graph = dict(by_name)  # a torch model has no mask operations
    calls, shown = _shared_rows(spec, by_name, shown)
    if spec.tracked is not None:  # a subclassed model: the layers it holds, as Keras lists them
        shown, sequential_like = [name for name in spec.tracked if name in calls], True
    table_rows: tuple[LayerSummary, ...] = ()
    if any(name in mask_ops for name in shown) or any(len(called) > 1 for called in calls.values()):
        table_rows = tuple(mask_ops[name] if name in mask_ops else _merged(name, calls[name], rows, graph)
                           for name in shown)
    return Summary(
        name=spec.name,
        source=spec.source,
        layers=tuple(_merged(name, calls[name], rows, by_name) for name in shown if name not in mask_ops),
        tensors=tuple(rows[name] for name in order if name not in mask_ops),
        inputs=tuple((name, rows[name].output_shape) for name in model_inputs),
        outputs=tuple((name, _output(spec, name, rows, spec.layers[-1])) for name in spec.outputs),
        functional=spec.functional,
        # Keras: a layer called more than once in the model makes it a graph, whatever its shape
        sequential_like=spec.tracked is not None or sequential_like and all(
            len(called) == 1 for called in calls.values()),
        warnings=spec.warnings + warnings,
        rows=table_rows,
        framework=spec.framework,
        modules=spec.modules,
    )


def _read(spec: ModelSpec, layer: LayerSpec, rows: Mapping[str, LayerSummary]) -> tuple[Shape, ...]:
    """The shapes a layer reads: each the output of a layer before it (one of several, for "<name>#<index>")."""
    return tuple(_output(spec, name, rows, layer) for name in layer.inputs)


def _output(spec: ModelSpec, reference: str, rows: Mapping[str, LayerSummary], reader: LayerSpec) -> Shape:
    """The shape `reference` names, which `reader` (or the model's outputs) reads."""
    node, index = split_output(reference)
    row = rows[node]
    if row.output_shapes and not spec.functional and spec.framework == "keras" and reader.name != node:
        raise SpecError(f"reads the {len(row.output_shapes)} tensors {node!r} gives, as a list, which a Keras layer "
                        "in a Sequential model cannot take; wire the model with `inputs:` and `outputs:` "
                        f"({node}#1 names its second output)", source=spec.source, line=reader.line,
                        layer=reader.name, kind=reader.kind)
    try:
        return row.output(index)
    except ShapeError as error:
        raise SpecError(str(error), source=spec.source, line=reader.line, layer=reader.name,
                        kind=reader.kind) from None


def _unbuilt(spec: ModelSpec) -> Summary:
    """A model Keras has not built: each layer it holds, with no shape and no weights yet; Keras counts 0 for
    those it built when they were made (pools, dropouts, activations), "0 (unbuilt)" for the others."""
    rows = tuple(LayerSummary(name=layer.name, type=REGISTRY[layer.kind].reported(layer.args), inputs=(),
                              input_shapes=(), output_shape=(), weights=(), trainable=True,
                              bytes_per_param=0, args=layer.args, cost=Cost(None, None), called=False,
                              built=REGISTRY[layer.kind].built_at_init) for layer in spec.layers)
    return Summary(name=spec.name, source=spec.source, layers=rows, tensors=rows, inputs=(), outputs=(),
                   functional=spec.functional, warnings=spec.warnings)


def registry_of(framework: str) -> Mapping[str, LayerKind]:
    """The kinds of a framework's models: Keras's layers, or PyTorch's modules (imported only for torch models)."""
    if framework == "torch":
        from .torch_modules import KINDS

        return KINDS
    return REGISTRY


def _through_hidden(by_name: dict[str, LayerSpec], hidden: set[str]) -> dict[str, LayerSpec]:
    """The layers with the operations (hidden layers) they read replaced by what those read, in turn."""
    sources: dict[str, tuple[str, ...]] = {}
    for layer in by_name.values():  # in definition order: an operation's sources are known before it is read
        sources[layer.name] = tuple(dict.fromkeys(source for name in layer.inputs for source in (
            sources[name] if name in hidden else (name,))))
    return {name: layer._replace(inputs=sources[name]) for name, layer in by_name.items()}


def _shared_rows(spec: ModelSpec, by_name: Mapping[str, LayerSpec], shown: list[str]
                 ) -> tuple[dict[str, list[str]], list[str]]:
    """The calls of each row Keras shows, and the rows: a shared layer once, where its first call in the model
    comes (its row has its weights, the output of its last call and what each of its calls reads)."""
    in_model = set(shown)
    calls: dict[str, list[str]] = {}
    for layer in spec.layers:
        if layer.name in in_model:
            calls.setdefault(layer.shares or layer.name, []).append(layer.name)
    rows_shown: list[str] = []
    for name in shown:
        base = by_name[name].shares or name if name in by_name else name  # a mask operation is not in the spec
        if base not in rows_shown:
            rows_shown.append(base)
    return calls, rows_shown


def _merged(name: str, calls: list[str], rows: dict[str, LayerSummary],
            graph: Mapping[str, LayerSpec | LayerSummary]) -> LayerSummary:
    """A layer's row over its calls in the model: the first one's weights, the last one's output, what every
    call reads. (Every call's row is in the summary's tensors, for what each computes.)"""
    row = rows[calls[0]]._replace(name=name)
    if len(calls) == 1:
        return row._replace(inputs=graph[calls[0]].inputs)
    return row._replace(output_shape=rows[calls[-1]].output_shape,
                        inputs=tuple(reference for call in calls for reference in graph[call].inputs))


def _mask_operations(spec: ModelSpec, rows: dict[str, LayerSummary]
                     ) -> tuple[dict[str, LayerSummary], dict[str, str]]:
    """Keras's mask operations in a functional model, and the layers that read them.

    An Embedding with mask_zero=True gives its output a mask, computed by a NotEqual operation on its
    input; layers that support masking pass it on, merges of masked tensors join the masks with
    LogicalOr operations, and a layer whose call takes the mask (BatchNormalization, Softmax,
    GlobalAveragePooling1D) reads it as one more input. Keras's graph, and so its summary, holds the
    operations such a layer reads. Returns ({operation name: its row}, {layer name: the operation it reads}).
    """
    mask_of: dict[str, str] = {}
    ops: dict[str, LayerSummary] = {}
    reads: dict[str, str] = {}
    counts: dict[str, int] = {}

    def operation(type_name: str, inputs: tuple[str, ...], input_shapes: Sequence[Shape], output_shape: Shape,
                  given_name: str | None = None) -> str:
        prefix = snake_case(type_name)  # Keras's names: not_equal, not_equal_1, ... (no layer class shares them)
        count = counts.get(prefix, 0)
        counts[prefix] = count + 1
        name = given_name or (prefix if count == 0 else f"{prefix}_{count}")
        ops[name] = LayerSummary(name=name, type=type_name, inputs=inputs, input_shapes=tuple(input_shapes),
                                 output_shape=output_shape, weights=(), trainable=True, bytes_per_param=0,
                                 args=MappingProxyType({}), cost=NO_COST)
        return name

    for layer in spec.layers:
        rule = REGISTRY[layer.kind].mask
        if REGISTRY[layer.kind].states is not None and len(layer.inputs) > 1:
            rule = DROPS_MASK  # given its states too, Keras passes it no mask (several tensors, none named *_mask)
        elif rule == SEQUENCE_MASK:
            rule = sequence_mask_rule(layer.args)
        received = [mask_of.get(split_output(name)[0]) for name in layer.inputs]
        mask: str | None = None
        if rule == MAKES_MASK:
            if layer.args["mask_zero"]:
                shape = rows[split_output(layer.inputs[0])[0]].output_shape
                mask = operation("NotEqual", layer.inputs[:1], (shape,), shape, spec.mask_names.get(layer.name))
        elif rule == ORS_MASKS:
            masks = [name for name in received if name is not None]
            if masks and len(masks) == len(received):
                mask = masks[0]
                for other in masks[1:]:
                    shapes = (ops[mask].output_shape, ops[other].output_shape)
                    try:
                        joined = (shapes[0][0],) + broadcast(shapes[0][1:], shapes[1][1:])
                    except ShapeError as error:
                        raise SpecError(f"the masks of its inputs cannot be joined: {error}", source=spec.source,
                                        line=layer.line, layer=layer.name, kind=layer.kind) from None
                    mask = operation("LogicalOr", (mask, other), shapes, joined)
        elif rule == MASKS_UNMODELLED:
            if any(received):
                raise SpecError("convcalc does not model the operations Keras adds to join the masks of its inputs "
                                "(from an Embedding with mask_zero=True); they change Keras's rows and names",
                                source=spec.source, line=layer.line, layer=layer.name, kind=layer.kind)
        elif received and received[0]:
            if rule in (READS_MASK, READS_AND_DROPS_MASK):
                reads[layer.name] = received[0]
            if rule in (KEEPS_MASK, READS_MASK):
                mask = received[0]
        if mask is not None:
            mask_of[layer.name] = mask
    return ops, reads


def _layer_summary(spec: ModelSpec, kind: LayerKind, layer: LayerSpec, input_shapes: tuple[Shape, ...],
                   input_fields: tuple[Field, ...], flattened: Shape | None = None) -> LayerSummary:
    received = input_shapes[0] if kind.arity == ONE_INPUT else input_shapes
    try:
        if kind.states is not None and len(input_shapes) > 1:
            _check_states(kind.states(layer.args, input_shapes[0]), input_shapes[1:])
        elif kind.arity is not None and kind.arity != len(input_shapes):
            raise ShapeError(f"takes {kind.arity or 'no'} input{'s' if kind.arity != 1 else ''}, "
                             f"received {len(input_shapes)}")
        inner = None
        if kind.nested:
            inner = _nested(layer.args["model"], input_shapes, input_fields)
            output_shape, cost = inner.outputs[0][1], inner.cost
            output_shapes = tuple(shape for _, shape in inner.outputs) if len(inner.outputs) > 1 else ()
            weights = kind.weights(layer.args, received) + _nested_weights(inner)  # a layer class's own first
            field = next(row.field for row in inner.tensors if row.name == split_output(inner.outputs[0][0])[0])
        else:
            output_shape = kind.output_shape(layer.args, received)
            output_shapes = (output_shape, *kind.states(layer.args, input_shapes[0])) if (
                kind.states is not None and layer.args.get("return_state")) else ()  # and its last states
            weights = kind.weights(layer.args, received)
            cost = kind.cost(layer.args, received, output_shape, weights) + bias_and_activation(
                layer.args, weights, output_shape)
            field = _field(kind, layer.args, received, output_shape, input_fields)
        _check_sizes(output_shape, weights)
    except ShapeError as error:
        message = error.traced(flattened) if isinstance(error, FeaturesError) and flattened else str(error)
        raise SpecError(message, source=spec.source, line=layer.line, layer=layer.name, kind=layer.kind) from None
    trainable: bool = layer.args.get("trainable", True)
    dtype: str = layer.args.get("dtype") or DEFAULT_DTYPE
    if not trainable:
        weights = tuple(w._replace(trainable=False) for w in weights)
    return LayerSummary(
        name=layer.name,
        type=kind.reported(layer.args),
        inputs=layer.inputs,
        input_shapes=input_shapes,
        output_shape=output_shape,
        weights=weights,
        trainable=trainable,
        bytes_per_param=DTYPE_BYTES.get(dtype, DTYPE_BYTES[DEFAULT_DTYPE]),  # a text input ("string") has no weights
        cost=cost,
        field=field,
        args=MappingProxyType(dict(layer.args)),
        input_fields=input_fields,
        value_bytes=COMPUTE_BYTES.get(dtype, DEFAULT_COMPUTE_BYTES),
        inner=inner,
        hidden=layer.hidden,
        output_shapes=output_shapes,
    )


def _check_states(expected: tuple[Shape, ...], given: tuple[Shape, ...]) -> None:
    """The first states given to a recurrent layer: as many as its cell keeps, each of a state's shape."""
    if len(given) != len(expected):
        raise ShapeError(f"its cell keeps {len(expected)} state{'s' * (len(expected) != 1)}, given "
                         f"{len(given)} by initial_state")
    for state, shape in zip(expected, given, strict=True):
        if len(shape) != len(state) or any(i is not None and j is not None and i != j
                                           for i, j in zip(state, shape, strict=True)):
            raise ShapeError(f"an initial state must have the shape {format_shape(state)}, received "
                             f"{format_shape(shape)}")


def _nested(model: ModelSpec, input_shapes: tuple[Shape, ...], input_fields: tuple[Field, ...]) -> Summary:
    """A model used as a layer, computed on the tensors it reads (its own inputs' shapes give way to them)."""
    expected = sum(1 for layer in model.layers if REGISTRY[layer.kind].arity == NO_INPUT)
    if expected != len(input_shapes):
        raise ShapeError(f"the model {model.name!r} takes {expected} input{'s' * (expected != 1)}, "
                         f"received {len(input_shapes)}")
    return compute(model, tuple(zip(input_shapes, input_fields, strict=True)))


def _nested_weights(inner: Summary) -> tuple[Weight, ...]:
    """Every weight of the inner model, named by its layer, at its layer's dtype."""
    return tuple(weight._replace(name=f"{row.name}/{weight.name}",
                                 bytes_per_param=weight.bytes_per_param or row.bytes_per_param)
                 for row in inner.layers for weight in row.weights)


def _field(kind: LayerKind, args: Args, received: Received, output_shape: Shape,
           input_fields: tuple[Field, ...]) -> Field:
    """The receptive field of the output: the kind's own rule, or kept where the shape is kept."""
    if kind.receptive_field is not None:
        return kind.receptive_field(args, received, input_fields[0] if kind.arity == ONE_INPUT else input_fields)
    if kind.arity == NO_INPUT:
        return RAW
    if kind.arity == ONE_INPUT:
        return input_fields[0] if received == output_shape else None
    if all(len(shape) == len(output_shape) for shape in received):  # a merge of same-rank tensors
        return widest(input_fields)
    return None


def _check_sizes(output_shape: Shape, weights: tuple[Weight, ...]) -> None:
    """Refuse a tensor or weight of more than MAX_SIZE values (say, Flatten of a 10**30-pixel image)."""
    if math.prod(d for d in output_shape if d is not None) > MAX_SIZE:
        raise ShapeError(f"the output {format_shape(output_shape)} would hold more than {MAX_SIZE:.0e} values; "
                         "convcalc refuses sizes that large")
    for weight in weights:
        if weight.size > MAX_SIZE:
            raise ShapeError(f"the weight {weight.name!r} of shape {format_shape(weight.shape)} would hold more than "
                             f"{MAX_SIZE:.0e} values; convcalc refuses sizes that large")
