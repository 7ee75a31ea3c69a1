"""The fixture of the original model, in tools.keras_oracle's format (its functions are reused)."""

from tools.keras_oracle.records import capture_summary, dedupe, error_record, layer_record, n_weights, spec_label


def record_fixture(model, spec_path, build_warnings):
    import keras
    import numpy as np

    records = [layer_record(layer, layer.output) for layer in model.layers]
    trainable = int(n_weights(model.trainable_weights))
    non_trainable = int(n_weights(model.non_trainable_weights))
    total = int(model.count_params())
    if total != trainable + non_trainable or total != sum(r["params"] for r in records):
        raise AssertionError("Keras's parameter totals do not add up")
    summary, width = capture_summary(model, show_trainable=False)
    summary_t, width_t = capture_summary(model, show_trainable=True)
    return {
        "keras_version": keras.__version__,
        "spec": spec_label(spec_path),
        "refused": False,
        "error": None,
        "name": model.name,
        "layers": records,
        "total_params": total,
        "trainable_params": trainable,
        "non_trainable_params": non_trainable,
        "summary": summary,
        "summary_show_trainable": summary_t,
        "line_length": width,
        "line_length_show_trainable": width_t,
        "runtime": runtime_check(model, records, np),
        "warnings": dedupe(build_warnings),
    }


def runtime_check(model, records, np):
    """Every layer's output for a zero batch of 2 (eagerly); None if an input dimension is unknown."""
    import keras

    if any(d is None for t in model.inputs for d in t.shape[1:]):
        return None
    zeros = [np.zeros((2,) + tuple(t.shape[1:]), dtype="float32") for t in model.inputs]
    # A functional model lists its InputLayers among its layers (a Sequential model does not).
    fed = {t._keras_history[0].name: z for t, z in zip(model.inputs, zeros, strict=False)}
    computed = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    probe = keras.Model(model.inputs, [layer.output for layer in computed])
    try:
        values = probe(zeros)
    except Exception as exc:
        error = error_record(exc, None)
        del error["layer_index"]
        return {"ok": False, "error": error, "layer_index": None}
    by_layer = {**fed, **{layer.name: value for layer, value in zip(computed, values, strict=False)}}
    shapes = [[int(d) for d in by_layer[layer.name].shape] for layer in model.layers]
    for record, shape in zip(records, shapes, strict=False):
        if record["output_shape"][1:] != shape[1:]:
            raise AssertionError(f"{record['name']}: symbolic {record['output_shape']} vs eager {shape}")
    return {"ok": True, "output_shapes": shapes}
