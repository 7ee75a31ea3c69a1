"""Checks before writing: Keras rebuilds the same model from the spec text, and convcalc reads it."""

import warnings

import yaml

import convcalc
from convcalc.errors import ConvcalcError
from tools.keras_oracle.records import capture_summary

from .arguments import keras_kwargs, plain
from .model_spec import flat_tensors


def build_from_yaml(text):
    """A Keras model built from spec text (either form), as a user of the spec would build it."""
    import keras

    data = yaml.safe_load(text)

    def make(cls_name, arguments):
        return getattr(keras.layers, cls_name)(**keras_kwargs(arguments or {}))

    entries = [next(iter(e.items())) if isinstance(e, dict) else (e, {}) for e in data["layers"]]
    if "input_shape" in data:
        layers = [keras.Input(shape=tuple(data["input_shape"]))] + [make(c, a) for c, a in entries]
        return keras.Sequential(layers, name=data["name"])
    tensors = {name: keras.Input(shape=tuple(shape), name=name) for name, shape in data["inputs"].items()}
    previous = list(tensors)[-1]
    for cls_name, arguments in entries:
        reads = (arguments or {}).get("inputs", previous)
        layer = make(cls_name, arguments)
        received = [tensors[r] for r in reads] if isinstance(reads, list) else tensors[reads]
        tensors[layer.name] = layer(received)
        previous = layer.name
    outputs = data.get("outputs", previous)
    outputs = [tensors[o] for o in outputs] if isinstance(outputs, list) else tensors[outputs]
    return keras.Model(list(tensors[name] for name in data["inputs"]), outputs, name=data["name"])


def _links(model):
    import keras

    links: dict[str, list[str] | None] = {}
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer) or isinstance(model, keras.Sequential):
            links[layer.name] = None
        else:
            node = layer._inbound_nodes[0]
            links[layer.name] = [t._keras_history[0].name for t in flat_tensors(node.arguments.args)]
    return links


def compare_rebuilt(original, text):
    """Differences between the model and the one rebuilt from its spec text; [] if none."""
    import keras

    keras.utils.clear_session()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rebuilt = build_from_yaml(text)
    problems = []
    ours = {layer.name: layer for layer in rebuilt.layers}
    if [layer.name for layer in original.layers] != [layer.name for layer in rebuilt.layers]:
        problems.append("the layers are not the same, or not in the same order")
    for layer in original.layers:
        other = ours.get(layer.name)
        if other is None:
            continue
        if type(other) is not type(layer):
            problems.append(f"{layer.name}: {type(layer).__name__} rebuilt as {type(other).__name__}")
        elif plain(other.get_config()) != plain(layer.get_config()):
            a, b = plain(layer.get_config()), plain(other.get_config())
            changed = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            problems.append(f"{layer.name}: config differs in {changed}")
    if _links(original) != _links(rebuilt):
        problems.append("the layers read different inputs")
    for show_trainable in (False, True):
        if capture_summary(original, show_trainable) != capture_summary(rebuilt,
                                                                                                  show_trainable):
            problems.append(f"model.summary(show_trainable={show_trainable}) prints differently")
    return problems


def convcalc_agreement(text, fixture):
    """convcalc's reading of the spec against Keras's figures: (refusal or None, [disagreements])."""
    try:
        summary = convcalc.summarize(text=text)
    except ConvcalcError as exc:
        return str(exc), []
    ours = [(layer.name, list(layer.output_shape), layer.params, layer.trainable_params)
            for layer in summary.layers]
    theirs = [(r["name"], r["output_shape"], r["params"], r["trainable_params"]) for r in fixture["layers"]]
    notes = [f"{t[0]}: Keras {t[1:]}, convcalc {o[1:]}" for o, t in zip(ours, theirs, strict=False) if o != t]
    if len(ours) != len(theirs):
        notes.append(f"{len(theirs)} layers in Keras, {len(ours)} in convcalc")
    totals = (summary.total_params, summary.trainable_params, summary.non_trainable_params)
    keras_totals = (fixture["total_params"], fixture["trainable_params"], fixture["non_trainable_params"])
    if totals != keras_totals:
        notes.append(f"totals: Keras {keras_totals}, convcalc {totals}")
    return None, notes
