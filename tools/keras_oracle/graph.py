"""Recording a graph spec: keras.Input for each input, the layers applied in spec order, then
keras.Model(inputs, outputs), as a user writes it."""

import warnings

from .records import (
    dedupe,
    error_record,
    keras,
    layer_record,
    make_layer,
    new_fixture,
    record_model,
    record_refusal,
)
from .spec_reader import INPUT_CLASSES, PREVIOUS, SpecError, load_graph_spec


class GraphBuild:
    """What building a graph spec left: the model, and each applied layer
    with its entry index and what it read (for the eager run)."""

    def __init__(self):
        self.tensors = {}  # layer or input name -> its output tensor
        self.inputs = []  # model inputs, in spec order
        self.steps = []  # (entry index, layer, reads)
        self.model = None


def _input_name(tensor):
    return tensor._keras_history[0].name


def _read(build, reads, path, where):
    names = [reads] if isinstance(reads, str) else reads
    for name in names:
        if name not in build.tensors:
            raise SpecError(f"{path}: {where} reads {name!r}, which Keras has not built "
                            f"(known: {', '.join(build.tensors)})")
    return names


POSITIONAL_CALLS = ("MultiHeadAttention",)


def build_graph(path, name, inputs, layers, outputs):
    """Build the graph as a user writes it. Returns (GraphBuild, None) or
    (GraphBuild, (exception, index of the offending entry in layers or None))."""
    k = keras()
    k.utils.clear_session()
    build = GraphBuild()
    previous = None
    for input_name, shape in inputs:
        try:
            tensor = k.Input(shape=shape, name=input_name) if input_name else k.Input(shape=shape)
        except Exception as exc:
            return build, (exc, None)
        build.tensors[_input_name(tensor)] = tensor
        build.inputs.append(tensor)
        previous = _input_name(tensor)
    for i, (cls_name, kwargs, reads) in enumerate(layers):
        if cls_name in INPUT_CLASSES:
            try:
                if cls_name == "Input":
                    tensor = k.Input(**kwargs)
                else:
                    tensor = k.layers.InputLayer(**kwargs).output
            except Exception as exc:
                return build, (exc, i)
            build.tensors[_input_name(tensor)] = tensor
            build.inputs.append(tensor)
            previous = _input_name(tensor)
            continue
        if reads is PREVIOUS:
            if previous is None:  # the first layer carries input_shape (or input_dim)
                shape = kwargs.get("input_shape") or (kwargs["input_dim"],)
                try:
                    tensor = k.Input(shape=shape)
                except Exception as exc:
                    return build, (exc, i)
                build.tensors[_input_name(tensor)] = tensor
                build.inputs.append(tensor)
                previous = _input_name(tensor)
            elif i == 0 and len(inputs) > 1:
                raise SpecError(f"{path}: layers[0] has no inputs: but the model has several")
            reads = previous
        names = _read(build, reads, path, f"layers[{i}]")
        received = [build.tensors[n] for n in names]
        cls = getattr(k.layers, cls_name, None)
        merge = isinstance(cls, type) and issubclass(cls, _merge_base())
        if isinstance(reads, str) or (len(received) == 1 and not merge):
            received = received[0]  # a list of one is one tensor, except for a merge
        try:
            layer = make_layer(cls_name, kwargs)
            # MultiHeadAttention is called on its tensors, mha(query, value), not on a list of them.
            positional = cls_name in POSITIONAL_CALLS and isinstance(received, list)
            output = layer(*received) if positional else layer(received)
        except Exception as exc:
            return build, (exc, i)
        build.tensors[layer.name] = output
        build.steps.append((i, layer, reads))
        previous = layer.name
    if outputs is None:
        outputs = previous
    out_names = _read(build, outputs, path, "outputs:")
    out_tensors = [build.tensors[n] for n in out_names]
    try:
        build.model = k.Model(
            inputs=build.inputs[0] if len(build.inputs) == 1 else list(build.inputs),
            outputs=out_tensors[0] if isinstance(outputs, str) else out_tensors,
            name=name,
        )
    except Exception as exc:
        return build, (exc, None)
    return build, None


def _merge_base():
    from keras.src.layers.merging.base_merge import Merge

    return Merge


def _batch(shape, dtype):
    """Zeros, or a short text in every place of a string input (TextVectorization, StringLookup)."""
    import numpy as np

    return np.full(shape, "a b", dtype=object) if dtype == "string" else np.zeros(shape, dtype=dtype)


def graph_runtime_check(build):
    """Push zeros through the model's layers eagerly, in spec order; None if
    an input dimension is unknown. output_shapes follow model.layers."""

    model = build.model
    if any(d is None for t in build.inputs for d in t.shape[1:]):
        return None
    values = {
        _input_name(t): _batch((2,) + tuple(t.shape[1:]), t.dtype) for t in build.inputs
    }
    in_model = {layer.name for layer in model.layers}
    for i, layer, reads in build.steps:
        if layer.name not in in_model:
            continue
        names = [reads] if isinstance(reads, str) else reads
        received = [values[n] for n in names]
        if isinstance(reads, str) or (len(received) == 1 and not isinstance(layer, _merge_base())):
            received = received[0]
        try:
            values[layer.name] = layer(received)
        except Exception as exc:
            err = error_record(exc, i)
            del err["layer_index"]
            return {"ok": False, "error": err, "layer_index": i}
    return {"ok": True, "output_shapes": [[int(d) for d in values[layer.name].shape] for layer in model.layers]}


def record_graph_spec(path, crashed=None):
    """Build one graph spec with Keras; return the fixture dict (same format)."""
    name, inputs, layers, outputs = load_graph_spec(path)
    fixture = new_fixture(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build, failure = build_graph(path, name, inputs, layers, outputs)
    fixture["warnings"] = dedupe(
        f"{w.category.__name__}: {w.message}" for w in caught
    )
    if failure is not None:
        exc, index = failure
        return record_refusal(fixture, exc, index)
    records = [layer_record(layer, layer.output) for layer in build.model.layers]
    return record_model(fixture, path, build.model, records, crashed, lambda: graph_runtime_check(build))
