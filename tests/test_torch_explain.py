"""`explain` on PyTorch models: each formula family's working, with the user's numbers, evaluated here and compared
with sizes and counts worked out in this file by PyTorch's documented formulas (and, over the recorded random
models, with what torch itself gave); no Keras words in the torch path; a quiz from a torch spec in torch's terms."""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, invoke, recorded_torch_summary

import convcalc
from convcalc.cli import cli
from convcalc.explain import explain, sections
from convcalc.explain_torch import PARAMS
from convcalc.torch_modules.recurrent import GATES

FIXTURES = sorted((ROOT / "tests" / "torch_oracle" / "fixtures").glob("*.json"))
KERAS_WORDS = ("filters", "units", "Dense", "use_bias", "data_format", "channels_last",
               "input (", "output (", "kernel ×", "D_in", "pool_size", "strides")  # and Keras's shapes


def torch_spec(input_size, *layers):
    return yaml.safe_dump({"framework": "torch", "input_size": list(input_size), "layers": list(layers)})


def working_of(text, name):
    """The lines of one module's working."""
    [found] = [item for item in explain(convcalc.summarize(text=text)) if item.name == name]
    return found.lines


def evaluate(expression):
    """A working's arithmetic as written (×, −, floor, ceil, 1,234), computed exactly."""
    python = re.sub(r"(?<=\d),(?=\d{3})", "", expression).replace("×", "*").replace("−", "-")
    python = re.sub(r"(\d+(?:\.\d+)?)", r"Fraction('\1')", python)
    return eval(python, {"Fraction": Fraction, "floor": math.floor, "ceil": math.ceil})  # our own text


def axis_results(lines):
    """{axis: (the formula's value, the stated result)} for each `  H: formula = result` line; with ceil_mode's
    dropped last window, the value after it is the one stated last. The receptive field's axis lines, after
    them, are tests/test_torch_fields.py's."""
    results = {}
    for line in lines:
        if line.startswith("receptive field"):
            break
        match = re.fullmatch(r" {2}([LDHW]): (.+?) = ([\d,]+)(.*)", line)
        if match:
            axis, formula, stated, rest = match.groups()
            dropped = re.search(r"dropped, ([\d,]+)$", rest)
            results[axis] = (evaluate(formula), int(stated.replace(",", "")),
                             int(dropped.group(1).replace(",", "")) if dropped else None)
    return results


def params_result(lines):
    """The params line's `formula = a × b + c = result`: the middle evaluated, and the result."""
    [line] = [line for line in lines if line.startswith("params: ")]
    *_, worked, stated = line.split(" = ")
    return evaluate(worked.split(";")[0]), int(stated.split(";")[0].replace(",", ""))


def conv_out(size, k, s=1, p=0, d=1):
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


CONV_CASES = [  # input_size, module, expected spatial sizes by torch's formula, expected params
    ([1, 3, 32, 30], {"Conv2d": {"in_channels": 3, "out_channels": 8, "kernel_size": [5, 3], "stride": [2, 1],
                                 "padding": [2, 0], "dilation": [1, 2]}},
     (conv_out(32, 5, 2, 2, 1), conv_out(30, 3, 1, 0, 2)), 8 * 3 * 5 * 3 + 8),
    ([2, 4, 17], {"Conv1d": {"in_channels": 4, "out_channels": 6, "kernel_size": 4, "stride": 3, "groups": 2,
                             "bias": False}}, (conv_out(17, 4, 3),), 6 * 2 * 4),
    ([1, 2, 9, 10, 11], {"Conv3d": {"in_channels": 2, "out_channels": 4, "kernel_size": 3, "padding": 1}},
     (9, 10, 11), 4 * 2 * 27 + 4),
    ([1, 2, 12], {"Conv1d": {"in_channels": 2, "out_channels": 3, "kernel_size": 4, "padding": "same",
                             "dilation": 3}}, (12,), 3 * 2 * 4 + 3),
]


@pytest.mark.parametrize(("input_size", "module", "sizes", "params"), CONV_CASES)
def test_convolutions_work_out_torchs_formula(input_size, module, sizes, params):
    lines = working_of(torch_spec(input_size, module), "0")
    results = axis_results(lines)
    assert [value for value, _, _ in results.values()] == list(sizes)
    assert [stated for _, stated, _ in results.values()] == list(sizes)
    assert params_result(lines) == (params, params)
    [kind] = module
    channels = module[kind]["out_channels"]
    assert f"  channels: out_channels = {channels}" in lines
    assert f"output [{', '.join(map(str, [input_size[0], channels, *sizes]))}]" in lines
    if module[kind].get("padding") == "same":
        assert any("stride 1" in line for line in lines)
    else:
        assert "each size: floor((H + 2p − d(k − 1) − 1) / s) + 1" in lines[1]
    assert not [word for word in KERAS_WORDS if any(word in line for line in lines)]


def test_the_transposed_convolution_adds_output_padding():
    module = {"ConvTranspose2d": {"in_channels": 4, "out_channels": 2, "kernel_size": [3, 4], "stride": [2, 3],
                                  "padding": [1, 0], "output_padding": [1, 2], "dilation": [2, 1]}}
    lines = working_of(torch_spec([1, 4, 7, 5], module), "0")
    expected = ((7 - 1) * 2 - 2 * 1 + 2 * (3 - 1) + 1 + 1, (5 - 1) * 3 - 0 + 1 * (4 - 1) + 2 + 1)
    assert [(value, stated) for value, stated, _ in axis_results(lines).values()] == [(size, size) for size in expected]
    assert "output_padding" in lines[1]
    assert params_result(lines) == (4 * 2 * 12 + 2, 4 * 2 * 12 + 2)  # weight (in, out / groups, *k)
    assert any(line.startswith(f"MACs: 96 weights × {7 * 5} input positions") for line in lines)


def test_ceil_mode_and_its_last_window_rule():
    # 3 + 2 padding, kernel 2, stride 2: ceil gives 3 windows, but the third would start in the right padding
    module = {"MaxPool2d": {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True}}
    lines = working_of(torch_spec([1, 1, 3, 8], module), "0")
    results = axis_results(lines)
    ceiled = math.ceil((3 + 2 - 1 - 1) / 2) + 1
    assert results["H"] == (ceiled, ceiled, ceiled - 1)  # dropped: (3 − 1) × 2 ≥ 3 + 1
    kept = math.ceil((8 + 2 - 1 - 1) / 2) + 1
    assert results["W"] == (kept, kept, None)  # (5 − 1) × 2 < 8 + 1: the last window stays
    assert "output [1, 1, 2, 5]" in lines


def test_pools_default_their_stride_to_the_kernel():
    lines = working_of(torch_spec([1, 2, 11], {"AvgPool1d": {"kernel_size": 3}}), "0")
    assert "(stride defaults to kernel_size)" in lines[1]
    assert axis_results(lines)["L"][:2] == (conv_out(11, 3, 3),) * 2
    assert "params: 0 (no parameters)" in lines


def test_linear_names_in_and_out_features():
    lines = working_of(torch_spec([4, 3, 20], {"Linear": {"in_features": 20, "out_features": 7}}), "0")
    assert "Linear acts on the last axis: in_features = 20 → out_features = 7" in lines
    assert params_result(lines) == (20 * 7 + 7, 20 * 7 + 7)
    assert "output [4, 3, 7]" in lines


def test_batch_norm_counts_2c_and_names_its_buffers():
    text = torch_spec([2, 12, 5, 5], {"BatchNorm2d": {"num_features": 12}},
                      {"BatchNorm2d": {"num_features": 12, "affine": False, "track_running_stats": False}})
    first, second = working_of(text, "0"), working_of(text, "1")
    assert any(f"2 × num_features (weight, bias) = 2 × 12 = {2 * 12}" in line for line in first)
    assert any("running_mean and running_var" in line and "not parameters" in line for line in first)
    assert any("affine=False" in line and "no running buffers" in line for line in second)
    assert convcalc.summarize(text=text).total_params == 24  # the buffers are not counted


@pytest.mark.parametrize(("start", "end", "shape"), [(1, -1, [2, 3 * 4 * 5]), (2, 3, [2, 3, 20]),
                                                     (0, 1, [6, 4, 5])])
def test_flatten_names_start_and_end_dim(start, end, shape):
    lines = working_of(torch_spec([2, 3, 4, 5], {"Flatten": {"start_dim": start, "end_dim": end}}), "0")
    [line] = [line for line in lines if line.startswith("Flatten(")]
    assert line.startswith(f"Flatten(start_dim={start}, end_dim={end})")
    assert evaluate(line.split(": ")[1].split(" = ")[0]) == math.prod([2, 3, 4, 5][start:end % 4 + 1])
    assert f"output [{', '.join(map(str, shape))}]" in lines


@pytest.mark.parametrize(("kind", "gates", "args"), [
    ("LSTM", 4, {"num_layers": 2, "bidirectional": True, "batch_first": True}),
    ("GRU", 3, {"num_layers": 3}),
    ("RNN", 1, {"bias": False}),
    ("LSTM", 4, {"proj_size": 3}),
])
def test_recurrent_parameters_per_layer_and_direction(kind, gates, args):
    hidden, features = 6, 5
    module = {kind: {"input_size": features, "hidden_size": hidden, **args}}
    text = torch_spec([2, 7, features], module)
    lines = working_of(text, "0")
    directions = 2 if args.get("bidirectional") else 1
    out = args.get("proj_size") or hidden
    bias = 2 * gates * hidden if args.get("bias", True) else 0
    expected = []
    for layer in range(args.get("num_layers", 1)):
        reads = features if layer == 0 else directions * out
        expected.append(gates * hidden * (reads + out) + bias + out * hidden * bool(args.get("proj_size")))
    steps = [line for line in lines if line.startswith("  layer ")]
    assert len(steps) == len(expected)
    for line, each in zip(steps, expected, strict=True):
        worked, stated = line.removeprefix("  layer ").split(": ", 1)[1].split(", ×")[0].split(" = ")
        assert evaluate(worked) == int(stated.replace(",", "")) == each
        assert (", × 2 directions" in line) == (directions == 2)
    assert convcalc.summarize(text=text).total_params == directions * sum(expected)


def test_the_cli_says_whose_conventions_and_keras_models_are_unchanged(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text(torch_spec([1, 1, 28, 28], {"Conv2d": {"in_channels": 1, "out_channels": 32, "kernel_size": 3}},
                               "ReLU", {"MaxPool2d": {"kernel_size": 2}}, "Flatten",
                               {"Linear": {"in_features": 32 * 13 * 13, "out_features": 10}}), encoding="utf-8")
    result = invoke("explain", path)
    assert result.exit_code == 0
    assert result.stdout.startswith("PyTorch's conventions")
    assert "0 (Conv2d)\n  input [1, 1, 28, 28]\n" in result.stdout
    keras = invoke("explain", ROOT / "specs" / "same_padding_quiz.yaml")
    assert keras.exit_code == 0 and "PyTorch" not in keras.stdout and "[" not in keras.stdout


@pytest.mark.parametrize("fixture_path", FIXTURES, ids=lambda path: path.stem)
def test_every_formula_ends_on_what_torch_gave(fixture_path):
    """On torch's own recorded models: each written formula, evaluated, is the size or count torch reported."""
    recorded = json.loads(fixture_path.read_text(encoding="utf-8"))
    summary = convcalc.summarize(text=recorded["spec"])
    torch_shapes = {tuple(row["output_shape"]) for row in recorded["rows"]}
    for item in explain(summary):
        layer = next(layer for layer in summary.layers if layer.name == item.name)
        assert tuple(layer.output_shape) in torch_shapes
        for value, stated, dropped in axis_results(item.lines).values():
            assert value == stated and (dropped or stated) in layer.output_shape
        if layer.type in PARAMS and layer.type not in GATES and layer.params:  # RNNs: per layer, above
            worked, stated = params_result(item.lines)
            assert worked == stated == layer.params
        assert not [word for word in KERAS_WORDS if any(word in line for line in item.lines)]
        assert sections(layer, "torch")["shape"][-1] == f"output {list(layer.output_shape)}"


QUIZ_SPEC = torch_spec([1, 3, 32, 32],
                       {"Conv2d": {"in_channels": 3, "out_channels": 16, "kernel_size": 5, "stride": 2, "padding": 1}},
                       {"BatchNorm2d": {"num_features": 16}}, "ReLU", {"MaxPool2d": {"kernel_size": 3, "stride": 2}},
                       {"Sequential": [{"Flatten": {}}, {"Linear": {"in_features": 16 * 7 * 7, "out_features": 10}}]})


def test_a_quiz_from_a_torch_spec_speaks_pytorch(tmp_path):
    spec = tmp_path / "net.yaml"
    spec.write_text(QUIZ_SPEC, encoding="utf-8")
    summary = convcalc.summarize(spec)
    handout = invoke("quiz", "new", "--seed", 5, "--from", spec, "--level", "hard", "--questions", 12,
                     "--format", "markdown")
    assert handout.exit_code == 0, handout.stderr
    text = handout.stdout
    assert "model = nn.Sequential(" in text and "    nn.Sequential(  # 4" in text
    assert "nn.Linear(in_features=784, out_features=10),  # 4.1" in text
    assert "summary(model, input_size=(1, 3, 32, 32))" in text and "shapes like [1, 32, 26, 26]" in text
    assert "keras" not in text.lower() and "input_shape" not in text and "(None" not in text
    assert "module `0` (Conv2d)" in text

    quiz, key = tmp_path / "quiz.yaml", tmp_path / "key.yaml"
    assert invoke("quiz", "new", "--seed", 5, "--from", spec, "--level", "hard", "--questions", 12,
                  "--out", quiz, "--key", key).exit_code == 0
    questions = yaml.safe_load(quiz.read_text(encoding="utf-8"))["questions"]
    answers = yaml.safe_load(key.read_text(encoding="utf-8"))
    layers = {layer.name: layer for layer in summary.layers}
    axes = {"depth": 1, "height": 2, "width": 3}  # channels first, as torch orders them
    for question in questions:  # each key answer, worked out here from the summary
        ask = question["ask"]
        if ask == "total_params":
            assert answers[question["id"]] == summary.total_params
            continue
        layer = layers[question["layer"]]
        expected = str(list(layer.output_shape)) if ask == "output_shape" else \
            layer.output_shape[axes[ask]] if ask in axes else getattr(layer, ask)
        assert answers[question["id"]] == expected, question
    assert {"width", "depth", "params", "macs", "output_shape"} <= {q["ask"] for q in questions}

    # against a class's answer key: a torch shape's batch may be left out, as in the quiz
    (tmp_path / "roster.txt").write_text("Ann Lee\n", encoding="utf-8")
    class_key = tmp_path / "class_key.yaml"
    assert invoke("quiz", "new", "--seed", 5, "--from", spec, "--level", "hard", "--questions", 12, "--students",
                  tmp_path / "roster.txt", "--out", tmp_path / "quizzes", "--key", class_key).exit_code == 0
    ann = yaml.safe_load(class_key.read_text(encoding="utf-8"))["Ann Lee"]
    shapes = {qid: value for qid, value in ann.items() if isinstance(value, str)}
    assert shapes and all(value.startswith("[1, ") for value in shapes.values())
    given = {qid: "[" + value.removeprefix("[1, ") for qid, value in shapes.items()}  # the batch left out
    given |= {qid: value.replace("]", "0]") for qid, value in list(given.items())[:1]}  # and one wrong
    sheet = tmp_path / "ann_lee.yaml"
    sheet.write_text(yaml.safe_dump(given), encoding="utf-8")
    checked = invoke("quiz", "check", class_key, sheet).stdout
    assert [qid for qid in shapes if f"✓ {qid}" in checked] == list(shapes)[1:]

    # a classic slip is recognised and told with PyTorch's working
    wrong = {q["id"]: answers[q["id"]] for q in questions}
    [bn] = [q for q in questions if q.get("layer") == "1" and q["ask"] == "params"]
    wrong[bn["id"]] = 4 * 16  # the running buffers counted as parameters
    answers_path = tmp_path / "ann.yaml"
    answers_path.write_text(yaml.safe_dump(wrong), encoding="utf-8")
    checked = invoke("quiz", "check", quiz, answers_path)
    assert f"{len(questions) - 1} of {len(questions)} right" in checked.stdout
    assert "running_mean and running_var are buffers, not parameters: 2 × num_features (weight, bias) = 2 × 16 = 32" \
        in checked.stdout


def test_the_docs_show_what_explain_prints(tmp_path):
    readme = (ROOT / "docs" / "pytorch.md").read_text(encoding="utf-8")
    section = readme[readme.index("## PyTorch YAML specs"):]
    spec = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = section.split("`convcalc explain` shows", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "model.yaml"
    path.write_text(spec, encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", str(path)], env={"COLUMNS": "120"})
    assert result.stdout.startswith(shown)


def test_pads_upsample_shuffles_and_norms():
    text = torch_spec([1, 8, 6, 5], {"ZeroPad2d": {"padding": [1, 2, 0, 3]}}, {"Upsample": {"scale_factor": 1.5}},
                      {"PixelShuffle": {"upscale_factor": 2}}, {"GroupNorm": {"num_groups": 2, "num_channels": 2}},
                      {"LayerNorm": {"normalized_shape": [26, 24]}})
    pad = axis_results(working_of(text, "0"))
    assert {axis: value for axis, (value, _, _) in pad.items()} == {"W": 5 + 1 + 2, "H": 6 + 0 + 3}
    up = axis_results(working_of(text, "1"))
    assert {axis: value for axis, (value, _, _) in up.items()} == {"H": math.floor(9 * 1.5), "W": 8 * 1.5}
    [shuffle] = [line for line in working_of(text, "2") if line.startswith("PixelShuffle")]
    assert "C / r² = 8 / 4 = 2, H × r = 13 × 2 = 26, W × r = 12 × 2 = 24" in shuffle
    assert params_result(working_of(text, "3")) == (2 * 2, 2 * 2)
    assert params_result(working_of(text, "4")) == (2 * 26 * 24, 2 * 26 * 24)


def test_a_module_called_again_points_to_its_parameters():
    recorded = json.loads((ROOT / "tests" / "torch_oracle" / "shared.json").read_text(encoding="utf-8"))
    summary = recorded_torch_summary(recorded["conv_block_twice"])
    items = {item.name: item for item in explain(summary)}
    again = [name for name in items if "/" in name]
    assert len(again) == 3 and all(items[name].title.endswith("call 2") for name in again)
    for name in again:
        module = name.split("/")[0]
        [params] = [line for line in items[name].lines if line.startswith("params: ")]
        assert params.startswith(f"params: those of {module}, called again: torchinfo's (recursive) row")
        assert axis_lines(items[name].lines) == axis_lines(items[module].lines)
        if module == "0":  # the convolution called again sees farther: its field grows from its input's
            assert axis_lines(items[name].lines, field=True) != axis_lines(items[module].lines, field=True)


def axis_lines(lines, field=False):
    """The `  H: ...` lines of the shape's working, or (field) of the receptive field's after them."""
    ends = [at for at, line in enumerate(lines) if line.startswith("receptive field")] or [len(lines)]
    part = lines[ends[0]:] if field else lines[:ends[0]]
    return [line for line in part if line.startswith("  H: ")]
