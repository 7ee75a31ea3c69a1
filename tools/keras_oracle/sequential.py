"""Recording a Sequential spec: built layer by layer on an Input (to find the layer Keras refuses), then as
keras.Sequential the way a user writes it; both must agree."""

import warnings
from typing import Any

from .records import (
    OracleDisagreement,
    dedupe,
    error_record,
    keras,
    layer_record,
    make_layer,
    new_fixture,
    record_model,
    record_refusal,
)
from .spec_reader import load_spec


def functional_walk(input_shape, layers):
    """Apply the layers one by one to a fresh Input.

    Returns (records, None) or (None, (exception, offending layer index)).
    """
    k = keras()
    k.utils.clear_session()
    if input_shape is None:
        input_shape = layers[0][1]["input_shape"]
        index_if_input_fails = 0  # the shape came from layer 0's kwargs
    else:
        index_if_input_fails = None
    try:
        x = k.Input(shape=input_shape)
    except Exception as exc:
        return None, (exc, index_if_input_fails)
    records = []
    for i, (cls_name, kwargs) in enumerate(layers):
        try:
            layer = make_layer(cls_name, kwargs)
            x = layer(x)
        except Exception as exc:
            return None, (exc, i)
        records.append(layer_record(layer, x))
    return records, None


def build_sequential(name, input_shape, layers):
    """Build the model the way a user writes it. Raises what Keras raises."""
    k = keras()
    k.utils.clear_session()
    head = [] if input_shape is None else [k.Input(shape=input_shape)]
    built = [make_layer(cls_name, kwargs) for cls_name, kwargs in layers]
    return k.Sequential(head + built, name=name)


def runtime_check(model, input_shape):
    """Push zeros through the built layers eagerly; None if a dim is unknown."""
    if any(d is None for d in input_shape):
        return None
    import numpy as np

    x: Any = np.zeros((2,) + tuple(input_shape), dtype="float32")  # then what each Keras layer gives
    shapes = []
    for i, layer in enumerate(model.layers):
        try:
            x = layer(x)
        except Exception as exc:
            err = error_record(exc, i)
            del err["layer_index"]
            return {"ok": False, "error": err, "layer_index": i}
        shapes.append([int(d) for d in x.shape])
    return {"ok": True, "output_shapes": shapes}


def record_sequential_spec(path, crashed=None):
    """Build one Sequential spec with Keras; return the fixture dict.

    ``crashed``: the exit code of a process that died running this model
    eagerly; the model is not run again and its runtime records the crash.
    """
    name, input_shape, layers = load_spec(path)
    fixture = new_fixture(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        walk, failure = functional_walk(input_shape, layers)
        try:
            model = build_sequential(name, input_shape, layers)
            seq_exc = None
        except Exception as exc:
            model, seq_exc = None, exc
    fixture["warnings"] = dedupe(
        f"{w.category.__name__}: {w.message}" for w in caught
    )

    if failure is not None:
        walk_exc, index = failure
        if seq_exc is None:
            raise OracleDisagreement(
                f"{path}: functional walk refused at layer {index} "
                f"({type(walk_exc).__name__}: {walk_exc}) but Sequential built"
            )
        if type(seq_exc) is not type(walk_exc):
            raise OracleDisagreement(
                f"{path}: walk raised {type(walk_exc).__name__}, "
                f"Sequential raised {type(seq_exc).__name__}: {seq_exc}"
            )
        # The message a user sees is the Sequential one (it can differ from
        # the walk's in variable paths such as 'sequential/dense/kernel').
        return record_refusal(fixture, seq_exc, index)
    if seq_exc is not None:
        raise OracleDisagreement(
            f"{path}: functional walk built but Sequential raised "
            f"{type(seq_exc).__name__}: {seq_exc}"
        )

    records = [layer_record(layer, layer.output) for layer in model.layers]
    if records != walk:
        raise OracleDisagreement(
            f"{path}: walk and Sequential disagree:\n{walk}\n{records}"
        )
    return record_model(fixture, path, model, records, crashed,
                        lambda: runtime_check(model, input_shape or layers[0][1]["input_shape"]))
