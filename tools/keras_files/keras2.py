"""tf.keras 2.x configs derived from Keras 3 ones (made before real tf.keras 2 was recorded: tf_keras2.py), in
2.x's format: class_name Functional (or Model for old saves), no `module`/`registered_name`/`build_config`, InputLayer's
`batch_input_shape`, dtypes as plain names, Keras objects as {class_name, config}, inbound_nodes as nested
lists of [layer, node index, tensor index, kwargs], and `keras_version`/`backend` at the top.

The oracle is Keras 3's for the same model: the numbers do not depend on the file's format.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

KERAS2_VERSION = "2.15.0"


def _object(value: Any) -> Any:
    """Keras 3 serialized objects as tf.keras 2.x wrote them."""
    if isinstance(value, dict):
        if value.get("class_name") == "DTypePolicy":
            return value["config"]["name"]
        if "module" in value and "class_name" in value and "config" in value:
            return {"class_name": value["class_name"], "config": _object(value["config"])}
        return {key: _object(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_object(item) for item in value]
    return value


def _node(node: dict[str, Any]) -> list[list[Any]]:
    args = node["args"]
    tensors = args[0] if len(args) == 1 and isinstance(args[0], list) else args
    return [[*tensor["config"]["keras_history"], {}] for tensor in tensors]


def _layer(layer: dict[str, Any], top: bool) -> dict[str, Any]:
    config = _object(layer["config"])
    if layer["class_name"] == "InputLayer":
        config["batch_input_shape"] = config.pop("batch_shape")
        config.pop("optional", None)
    converted = {"class_name": layer["class_name"], "config": config}
    if layer["class_name"] in ("Sequential", "Functional"):
        converted["config"] = _model_config(layer["class_name"], layer["config"])
    if top:
        converted["name"] = layer["name"]
        converted["inbound_nodes"] = [_node(node) for node in layer.get("inbound_nodes", [])]
    return converted


def _model_config(class_name: str, config: dict[str, Any]) -> dict[str, Any]:
    functional = class_name != "Sequential"
    converted = {"name": config["name"], "layers": [_layer(layer, functional) for layer in config["layers"]]}
    if functional:
        for key in ("input_layers", "output_layers"):
            value = config[key]
            converted[key] = [value] if value and isinstance(value[0], str) else value
    return converted


def convert(top: dict[str, Any], model_class: str = "Functional") -> dict[str, Any]:
    class_name = top["class_name"] if top["class_name"] == "Sequential" else model_class
    return {"class_name": class_name, "config": _model_config(top["class_name"], top["config"]),
            "keras_version": KERAS2_VERSION, "backend": "tensorflow"}


def write_fixture(model, out_dir: Path, stem: str, group: str = "random") -> None:
    """`stem`.json.gz in the 2.x format, beside a copy of the model's Keras 3 oracle (recorded in `group`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    top = json.loads(model.to_json())
    class_name = "Model" if stem.endswith("_1") else "Functional"  # older tf.keras saved functional models as Model
    (out_dir / f"{stem}.json.gz").write_bytes(gzip.compress(json.dumps(convert(top, class_name)).encode(), mtime=0))
    shutil.copyfile(out_dir.parent / group / f"{stem}.oracle.json.gz", out_dir / f"{stem}.oracle.json.gz")
