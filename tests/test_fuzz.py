"""Hostile input never crashes convcalc (issue 7): property-based tests over random specs.

Hypothesis builds specs from every layer kind in the registry with arguments of every type
(sensible values, zeros, negatives, 10**30, booleans, floats, strings, nulls, nested junk), then
breaks some of them at the YAML level (truncation, tabs, duplicate keys, random characters or
bytes). Whatever comes in, convcalc either succeeds with a sound summary or raises a
ConvcalcError; the CLI exits 0 or 2 with one "Error: " line per bad file, never a traceback.

CONVCALC_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py  runs a longer campaign;
an input that ever broke convcalc goes into tests/corpus/ (see test_hostile.py).
"""

from __future__ import annotations

import json
import os
import re
import tempfile

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import convcalc
from convcalc.args import REQUIRED
from convcalc.cli import cli
from convcalc.layers import REGISTRY
from convcalc.render import json as json_renderer
from convcalc.render import markdown, table

EXAMPLES = int(os.environ.get("CONVCALC_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KINDS = sorted(REGISTRY)
WORDS = ["valid", "same", "causal", "full", "channels_last", "channels_first", "relu", "softmax", "zeros",
         "glorot_uniform", "l2", "float16", "mixed_float16", "bilinear", "nearest", "x", "input_layer", "dense",
         "conv2d", "", " ", "yes", "null", "~", "1e5", "0x10", "-", "a/b", "a\nb", "é", "\u2028", "😀"]


def percent(chance: int):
    """True about `chance` times in a hundred; hypothesis's simplest draw (0) gives the likelier outcome."""
    return st.integers(0, 99).map(lambda n: n < chance if chance >= 50 else n >= 100 - chance)


numbers = st.one_of(
    st.integers(min_value=-3, max_value=8),
    st.sampled_from([0, -1, 16, 28, 64, 2**31, 2**63, 10**30, -10**30, 10**200]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 0.5, 1.0, 1.5, -0.5, 2.0]),
)
scalars = st.one_of(numbers, st.booleans(), st.none(), st.sampled_from(WORDS), st.text(max_size=6))
junk = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=4), inner, max_size=3),
), max_leaves=8)

small = st.integers(min_value=1, max_value=4)
tuples = small | st.lists(small, min_size=1, max_size=3)
amounts = st.integers(0, 2) | st.lists(st.integers(0, 2) | st.lists(st.integers(0, 2), min_size=2, max_size=2),
                                       min_size=1, max_size=3)
# Values Keras could accept for each argument name, so that specs get past the checkers and reach
# the shape rules; any argument may still receive junk.
PLAUSIBLE = {
    **dict.fromkeys(["filters", "units", "n", "output_dim", "input_dim", "depth_multiplier", "lora_rank"],
                    st.integers(1, 8)),
    **dict.fromkeys(["kernel_size", "pool_size", "strides", "dilation_rate", "size"], tuples),
    **dict.fromkeys(["padding", "cropping"], st.sampled_from(["valid", "same", "causal"]) | amounts),
    **dict.fromkeys(["rate", "stddev", "l1", "l2", "epsilon", "momentum", "scale", "offset", "alpha",
                     "negative_slope", "max_value", "threshold"], st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.0])),
    **dict.fromkeys(["axis", "shared_axes"], st.integers(-3, 3) | st.lists(st.integers(-3, 3), max_size=3)),
    "output_padding": st.none() | st.integers(0, 2),
    "groups": st.sampled_from([-1, 1, 2, 3]),
    "activation": st.sampled_from(["relu", "softmax", None]),
    "data_format": st.sampled_from(["channels_last", "channels_first", None]),
    "dtype": st.sampled_from(["float32", "float16", "mixed_float16", "bfloat16", None]),
    "target_shape": st.lists(st.integers(-1, 8), min_size=1, max_size=3),
    "dims": st.permutations([1, 2, 3]) | st.just([1]) | st.just([2, 1]),
    "shape": st.lists(st.integers(1, 8), max_size=3),
    "batch_shape": st.lists(st.none() | st.integers(1, 8), max_size=4),
    "interpolation": st.sampled_from(["nearest", "bilinear"]),
    "name": st.sampled_from(["a", "b", "dense", "conv2d"]),
}
SUFFIXES = {"_initializer": st.sampled_from(["zeros", "he_normal"]), "_regularizer": st.sampled_from(["l2", None]),
            "_constraint": st.sampled_from(["non_neg", None])}
BOOLEAN_ARGS = {name for kind in REGISTRY.values() for name, arg in kind.all_args.items()
                if isinstance(arg.default, bool)}
dims = st.integers(min_value=1, max_value=32) | st.sampled_from([None, 0, -1, 10**30])
shapes = percent(80).flatmap(lambda good: st.lists(st.integers(min_value=1, max_value=32), min_size=1, max_size=4)
                             if good else st.one_of(st.lists(dims, max_size=5), junk))


def argument(name: str):
    plausible: st.SearchStrategy[object]
    if name in BOOLEAN_ARGS:
        plausible = st.booleans()
    elif name in PLAUSIBLE:
        plausible = PLAUSIBLE[name]
    else:
        plausible = next((values for suffix, values in SUFFIXES.items() if name.endswith(suffix)), junk)
    return percent(85).flatmap(lambda good: plausible if good else junk)


@st.composite
def layer_entries(draw, names, graph):
    """One `layers:` entry: a registry kind (rarely an unknown one) with its required and a few other arguments."""
    kind = draw(st.sampled_from(["Conv2d", "Nope"]) if draw(percent(3)) else st.sampled_from(KINDS))
    all_args = REGISTRY[kind].all_args if kind in REGISTRY else {}
    chosen = [arg for arg, spec in all_args.items() if spec.default is REQUIRED and not draw(percent(3))]
    chosen += draw(st.lists(st.sampled_from(sorted(all_args)), max_size=3, unique=True)) if all_args else []
    if draw(percent(2)):
        chosen.append("bogus")
    args = {arg: draw(argument(arg)) for arg in dict.fromkeys(chosen)}
    if graph and kind in REGISTRY:
        args["name"] = f"l{len(names)}"
        if names and (REGISTRY[kind].arity != 1 or draw(percent(30))):
            count = 1 if REGISTRY[kind].arity == 1 else draw(st.integers(1, 3))
            args["inputs"] = draw(st.lists(st.sampled_from(names), min_size=count, max_size=count))
    if not args and draw(st.booleans()):
        return kind  # a bare class name
    return {kind: args or draw(st.sampled_from([None, {}]))}


@st.composite
def specs(draw):
    """A spec as plain data: sequential (`input_shape:`) or a graph (`inputs:`, `inputs:` references)."""
    spec, names = {}, []
    graph = draw(percent(40))
    if graph:
        spec["inputs"] = draw(st.dictionaries(st.sampled_from(["x", "y"]), shapes, min_size=1, max_size=2))
        names += list(spec["inputs"])
    else:
        spec["input_shape"] = draw(shapes)
    if draw(percent(10)):
        spec["name"] = draw(argument("name"))
    spec["layers"] = []
    for _ in range(draw(st.integers(min_value=0 if draw(percent(3)) else 1, max_value=6))):
        entry = draw(layer_entries(names, graph))
        spec["layers"].append(entry)
        if graph and isinstance(entry, dict) and entry[next(iter(entry))]:
            names.append(entry[next(iter(entry))].get("name"))
    if graph and len(names) > 1 and draw(percent(30)):
        spec["outputs"] = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2))
    if draw(percent(3)):
        spec[draw(st.sampled_from(["bogus", "layer", "description"]))] = draw(junk)
    return spec


def dump(spec, flow: bool) -> str:
    return yaml.safe_dump(spec, default_flow_style=flow, allow_unicode=True, sort_keys=False)


YAML_SNIPPETS = ["&a ", "*a", "<<: *a", "&a {<<: *a}", "&a [*a]", "!!python/name:os", "!!binary", "!!int ",
                 "!!float ", "2001-13-45", "1:60:70", "0x_", "---\n", "...\n", "{", "]", "'", "%YAML 1.1\n",
                 "? ", "- - - - ", "\\ud800", "\ufeff", "\x85", "9" * 400]


@st.composite
def spec_texts(draw):
    """The YAML text of a random spec, sometimes broken the ways files break."""
    text = dump(draw(specs()), draw(st.booleans()))
    if draw(percent(60)):
        return text
    breakage = draw(st.sampled_from(["truncate", "tab", "duplicate", "insert", "replace", "text"]))
    if breakage == "truncate":
        text = text[:draw(st.integers(0, len(text)))]
    elif breakage == "tab":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + "\t" + text[at:]
    elif breakage == "duplicate":  # repeat a line: duplicate keys, or a layer twice
        lines = text.splitlines(keepends=True)
        if lines:
            at = draw(st.integers(0, len(lines) - 1))
            lines.insert(at, lines[at])
        text = "".join(lines)
    elif breakage in ("insert", "replace"):
        at = draw(st.integers(0, len(text)))
        junk_text = draw(st.text(min_size=1, max_size=4) | st.sampled_from(YAML_SNIPPETS))
        text = text[:at] + junk_text + text[at + (len(junk_text) if breakage == "replace" else 0):]
    elif breakage == "text":
        text = draw(st.text(max_size=40))
    return text


def check_summary(summary) -> None:
    """What every successful summary must satisfy, whatever the spec."""
    for layer in summary.layers:
        assert all(dim is None or (isinstance(dim, int) and dim > 0) for dim in layer.output_shape), layer
    document = json.loads(json_renderer.render(summary))
    assert document == json.loads(json.dumps(summary.to_dict()))
    assert sum(row["params"] for row in document["layers"]) == document["total_params"]
    assert sum(row["trainable_params"] for row in document["layers"]) == document["trainable_params"]
    assert document["trainable_params"] + document["non_trainable_params"] == document["total_params"]
    assert document["trainable_bytes"] + document["non_trainable_bytes"] == document["total_bytes"]
    for row in document["layers"]:
        assert row["trainable_params"] + row["non_trainable_params"] == row["params"] >= 0
    markdown.render(summary)
    table.render(summary, width=120)


@FUZZ
@given(spec_texts())
def test_summarize_succeeds_soundly_or_raises_a_convcalc_error(text):
    try:
        summary = convcalc.summarize(text=text)
    except convcalc.ConvcalcError as error:
        assert str(error) and len(str(error).splitlines()) == 1
        with pytest.raises(convcalc.ConvcalcError) as again:
            convcalc.summarize(text=text)
        assert str(again.value) == str(error)
        return
    check_summary(summary)
    assert convcalc.summarize(text=text).to_dict() == summary.to_dict()


@FUZZ
@given(specs())
def test_well_formed_yaml_of_random_layers(spec):
    """Unbroken YAML reaches the layer rules more often: the same properties, in flow and block style."""
    for flow in (False, True):
        try:
            summary = convcalc.summarize(text=dump(spec, flow))
        except convcalc.ConvcalcError:
            continue
        check_summary(summary)


def file_contents():
    """Bytes of a spec file: a random spec's YAML, maybe broken, or raw bytes (invalid UTF-8, NULs)."""
    return st.one_of(spec_texts().map(lambda text: text.encode("utf-8")), st.binary(max_size=64),
                     spec_texts().map(lambda text: text.encode("utf-16")))


@settings(FUZZ, max_examples=max(EXAMPLES // 3, 10))
@given(st.lists(file_contents(), min_size=1, max_size=3), st.sampled_from(["table", "json", "jsonl", "markdown"]))
def test_cli_exits_0_or_2_with_error_lines_naming_each_bad_file(contents, fmt):
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, data in enumerate(contents):
            path = os.path.join(folder, f"spec{index}.yaml")
            with open(path, "wb") as handle:
                handle.write(data)
            paths.append(path)
        result = CliRunner().invoke(cli, ["summary", *paths, "--format", fmt])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 2)
    errors = [line for line in result.stderr.splitlines()
              if not line.startswith("Warning: ") and not re.fullmatch(r"Error: \.\.\. and \d+ more", line)]
    assert all(line.startswith(tuple("Error: " + path for path in paths)) for line in errors), result.stderr
    bad = [path for path in paths if any(line.startswith(f"Error: {path}:") for line in errors)]
    assert (result.exit_code == 2) == bool(errors)
    if fmt == "json":  # one document: the object of a single good spec, else an array of the good ones
        document = json.loads(result.stdout) if result.stdout else None
        if len(paths) == 1:
            assert (document is None) == bool(bad)
        else:
            assert document is not None and len(document) == len(paths) - len(bad)
    if fmt == "jsonl":
        assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [
            path for path in paths if path not in bad]
