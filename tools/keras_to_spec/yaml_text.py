"""The spec as YAML text: one layer a line, values in flow style, checked to read back as the spec."""

import json
import math
import re

import yaml

from .arguments import plain
from .model_spec import Unsupported, model_to_spec

_YAML_WORDS = re.compile(r"(?i)(null|true|false|yes|no|on|off|y|n|~|\.?nan|\.?inf)")


def yaml_value(value):
    """One value in flow style; strings are plain only when YAML reads them back as the same string."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_value(k)}: {yaml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value) and not _YAML_WORDS.fullmatch(value):
            return value
        return json.dumps(value, ensure_ascii=False)
    raise Unsupported(f"cannot write {value!r} ({type(value).__name__}) in a spec")


def spec_to_yaml(spec, header=()):
    """The spec's YAML text, one layer a line, preceded by `header` as comments."""
    lines = [f"# {line}".rstrip() for line in header]
    lines.append(f"name: {yaml_value(spec['name'])}")
    if "input_shape" in spec:
        lines.append(f"input_shape: {yaml_value(spec['input_shape'])}")
    else:
        lines.append("inputs:")
        lines += [f"  {yaml_value(name)}: {yaml_value(shape)}" for name, shape in spec["inputs"].items()]
    if "outputs" in spec:
        lines.append(f"outputs: {yaml_value(spec['outputs'])}")
    lines.append("layers:")
    for cls_name, arguments, blank_after in spec["layers"]:
        lines.append(f"  - {cls_name}: {yaml_value(arguments)}")
        if blank_after:
            lines.append("")
    text = "\n".join(lines).rstrip("\n") + "\n"
    _check_round_trip(spec, text)
    return text


def _check_round_trip(spec, text):
    back = yaml.safe_load(text)
    expected = {key: spec[key] for key in ("name", "input_shape", "inputs", "outputs") if key in spec}
    expected["layers"] = [{cls_name: arguments} for cls_name, arguments, _ in spec["layers"]]
    if plain(back) != plain(expected):
        raise AssertionError("the YAML written does not read back as the spec (a bug of this tool)")


def model_to_yaml(model, header=()):
    return spec_to_yaml(model_to_spec(model), header)
