"""MACs, FLOPs, memory and receptive fields: one row per rule, published figures, the CLI around them."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner
from conftest import SPECS

import convcalc
from convcalc.cli import cli
from convcalc.explain import explain


def one_layer(entry: str, input_shape) -> convcalc.LayerSummary:
    text = f"input_shape: {list(input_shape)}\nlayers:\n  - {entry}\n".replace("None", "null")
    return convcalc.summarize(text=text).layers[0]


COSTS = [
    # entry, input shape, MACs, element-wise FLOPs (bias, activation, pooling, normalisation)
    ("Conv2D: {filters: 32, kernel_size: 3, strides: 2, padding: same}", (128, 128, 3),
     (3 * 3 * 3 * 32) * (64 * 64), 64 * 64 * 32),
    ("Conv2D: {filters: 32, kernel_size: 3, strides: 2, padding: same, activation: relu}", (128, 128, 3),
     (3 * 3 * 3 * 32) * (64 * 64), 2 * 64 * 64 * 32),
    ("Conv2D: {filters: 4, kernel_size: 3, groups: 2, use_bias: false}", (6, 6, 4), (3 * 3 * 2 * 4) * 16, 0),
    ("Conv1D: {filters: 8, kernel_size: 5, padding: causal, dilation_rate: 2}", (100, 3), 5 * 3 * 8 * 100, 800),
    ("Dense: {units: 128, activation: relu}", (1600,), 1600 * 128, 128 + 128),
    ("Dense: {units: 10, use_bias: false}", (4, 6, 3), 3 * 10 * 4 * 6, 0),
    ("DepthwiseConv2D: {kernel_size: 3, depth_multiplier: 2, use_bias: false}", (8, 8, 4), 3 * 3 * 4 * 2 * 36, 0),
    ("SeparableConv2D: {filters: 8, kernel_size: 3, use_bias: false}", (8, 8, 4), (3 * 3 * 4 + 4 * 8) * 36, 0),
    ("Conv2DTranspose: {filters: 4, kernel_size: 2, strides: 2, use_bias: false}", (5, 5, 3), 2 * 2 * 4 * 3 * 25, 0),
    ("MaxPooling2D: {pool_size: 2}", (26, 26, 64), 0, 13 * 13 * 64 * 3),
    ("AveragePooling2D: {pool_size: 2}", (26, 26, 64), 0, 13 * 13 * 64 * 4),
    ("GlobalAveragePooling2D", (7, 7, 8), 0, 7 * 7 * 8),
    ("BatchNormalization", (13, 13, 64), 0, 2 * 13 * 13 * 64),
    ("Activation: {activation: softmax}", (10,), 0, 10),
    ("Flatten", (5, 5, 64), 0, 0),
    ("LayerNormalization", (6, 8), 0, 5 * 48),
    ("UnitNormalization", (6, 8), 0, 3 * 48),
    ("Rescaling: {scale: 0.5}", (6, 8), 0, 2 * 48),
    ("ReLU", (6, 8), 0, 48),
    ("Embedding: {input_dim: 100, output_dim: 8}", (5,), 0, 0),
    ("UpSampling2D", (4, 4, 3), 0, 0),
]


@pytest.mark.parametrize("entry, input_shape, macs, elementwise", COSTS, ids=[c[0].split(":")[0] + str(i)
                                                                            for i, c in enumerate(COSTS)])
def test_cost_rule(entry, input_shape, macs, elementwise):
    layer = one_layer(entry, input_shape)
    assert (layer.macs, layer.cost.elementwise, layer.flops) == (macs, elementwise, 2 * macs + elementwise)


def test_unknown_dimensions_make_costs_unknown_not_wrong():
    layer = one_layer("Conv1D: {filters: 2, kernel_size: 3}", (None, 4))
    assert (layer.macs, layer.flops, layer.activations) == (None, None, None)
    document = layer.to_dict()
    assert (document["macs"], document["activation_bytes"]) == (None, None)


def test_vgg16_macs_are_the_usual_figure():
    summary = convcalc.summarize(SPECS / "vgg16.yaml")
    # 15,470,264,320 is the figure usually quoted for VGG16 at 224×224 with the classifier: one MAC per
    # kernel weight per output position, biases not counted as MACs.
    assert summary.macs == 15_470_264_320
    assert summary.macs is not None and summary.cost.elementwise is not None
    assert summary.flops == 2 * summary.macs + summary.cost.elementwise
    # The receptive field of VGG16's last pooling output is 212 pixels, as usually quoted.
    assert [(axis.size, axis.jump) for axis in summary.receptive_field or ()] == [(Fraction(212), Fraction(32))] * 2


def test_layer_costs_add_up_to_the_totals():
    for path in sorted(SPECS.glob("*.yaml")):
        summary = convcalc.summarize(path)
        macs = [layer.macs for layer in summary.tensors]
        if summary.macs is not None:
            assert None not in macs and sum(m or 0 for m in macs) == summary.macs, path.name


RECEPTIVE_FIELDS = [
    # layers, input shape, (size, jump, start) of the last layer along its first spatial axis
    (["Conv2D: {filters: 1, kernel_size: 3}"] * 2, (9, 9, 1), (5, 1, 2)),
    (["Conv1D: {filters: 1, kernel_size: 3, dilation_rate: 2}"], (9, 1), (5, 1, 2)),
    # causal pads k − 1 before: the first output sees pixels −2..0, centred on −1.
    (["Conv1D: {filters: 1, kernel_size: 3, padding: causal}"], (9, 1), (3, 1, -1)),
    # 'same' with stride 2 on an even size pads 0 before and 1 after, as TensorFlow splits it.
    (["Conv2D: {filters: 1, kernel_size: 3, strides: 2, padding: same}"], (128, 128, 1), (3, 2, 1)),
    (["Conv2D: {filters: 1, kernel_size: 3, strides: 2}", "MaxPooling2D: {pool_size: 2}"], (9, 9, 1), (5, 4, 2)),
    (["Conv2D: {filters: 1, kernel_size: 3}", "UpSampling2D", "Conv2D: {filters: 1, kernel_size: 3}"],
     (9, 9, 1), (4, 0.5, 1.25)),
]


@pytest.mark.parametrize("entries, input_shape, expected", RECEPTIVE_FIELDS)
def test_receptive_field(entries, input_shape, expected):
    text = f"input_shape: {list(input_shape)}\nlayers:\n" + "".join(f"  - {e}\n" for e in entries)
    field = convcalc.summarize(text=text).layers[-1].field
    assert field is not None
    axis = field[0]
    assert (axis.size, axis.jump, axis.start) == expected


@pytest.mark.parametrize("merge, flops_per_value", [("Add", 2), ("Average", 3), ("Maximum", 2), ("Concatenate", 0)])
def test_merge_costs(merge, flops_per_value):
    text = f"inputs: {{x: [4, 4, 2]}}\nlayers:\n  - {merge}: {{inputs: [x, x, x]}}\n"
    layer = convcalc.summarize(text=text).layers[-1]
    assert layer.cost.elementwise == flops_per_value * layer.activations


def test_a_merge_sees_its_widest_branch():
    text = """inputs: {x: [16, 16, 1]}
layers:
  - Conv2D: {name: wide, filters: 1, kernel_size: 5, padding: same, inputs: x}
  - Conv2D: {name: narrow, filters: 1, kernel_size: 1, inputs: x}
  - Add: {inputs: [narrow, wide]}
"""
    field = convcalc.summarize(text=text).layers[-1].field
    assert field is not None and field[0].size == 5


def test_memory_figures():
    summary = convcalc.summarize(SPECS / "fashion_mnist.yaml")
    values = 28 * 28 + 26 * 26 * 64 + 13 * 13 * 64 + 11 * 11 * 64 + 5 * 5 * 64 + 1600 + 128 + 10
    assert summary.activation_bytes() == 4 * values
    assert summary.activation_bytes(2) == 2 * values
    assert summary.param_bytes(1) == 243_786
    assert summary.training_bytes(32) == 32 * 4 * values + 243_786 * 4 * 4


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_json_carries_the_cost_figures():
    result = invoke("summary", str(SPECS / "fashion_mnist.yaml"), "--format", "json", "--dtype", "float16",
                    "--batch-size", "8")
    document = json.loads(result.stdout)
    assert document["macs"] == sum(layer["macs"] for layer in document["layers"])
    assert document["layers"][0]["receptive_field"] == [{"size": 3, "jump": 1, "start": 1},
                                                        {"size": 3, "jump": 1, "start": 1}]
    assert document["memory"]["param_bytes"] == 2 * 243_786
    assert document["memory"]["activation_bytes_per_batch"] == 8 * document["memory"]["activation_bytes_per_sample"]


def test_costs_totals_and_convention_under_the_table():
    result = invoke("summary", str(SPECS / "vgg16.yaml"), "--costs", "--width", "88")
    lines = result.stdout.splitlines()
    assert " Total MACs: 15,470,264,320 (15.47 G)" in lines
    assert any(line.startswith(" MACs count multiply-accumulates with weights; FLOPs = 2 × MACs") for line in lines)


def test_chosen_columns():
    result = invoke("summary", str(SPECS / "same_padding_quiz.yaml"), "--columns", "layer,kernel_shape,macs,rf,jump")
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "conv2d" in line)
    assert [cell.strip() for cell in row.strip("│").split("│")] == [
        "conv2d (Conv2D)", "(3, 3, 3, 32)", "3,538,944", "3×3", "2×2"]


def test_unknown_column_is_a_usage_error():
    result = invoke("summary", str(SPECS / "fashion_mnist.yaml"), "--columns", "layer,mac")
    assert result.exit_code == 2
    assert "unknown column 'mac' (did you mean 'macs'?)" in result.stderr


def test_explain_shows_the_working_for_the_quiz_layer():
    [item] = explain(convcalc.summarize(SPECS / "same_padding_quiz.yaml"), "conv2d")
    assert item.lines == (
        "input (None, 128, 128, 3)",
        "padding='same': the kernel does not shrink the output (the input is padded), so each size is ceil(n / s)",
        "  height: ceil(128 / 2) = 64",
        "  width: ceil(128 / 2) = 64",
        "  channels: filters = 32",
        "output (None, 64, 64, 32)",
        "params: filters × (kernel × C_in) + filters (bias) = 32 × (3 × 3 × 3) + 32 = 896",
        "  all 896 trainable",
        "MACs: 864 weights × 4,096 output positions = 3,538,944",
        "receptive field: r_out = r_in + (k − 1) · j_in, j_out = j_in · s",
        "  height: 1 + (3 − 1) × 1 = 3, jump 1 × 2 = 2, 'same' pads 0 before",
        "  width: 1 + (3 − 1) × 1 = 3, jump 1 × 2 = 2, 'same' pads 0 before",
    )


def test_explain_ends_on_the_summary_numbers_for_every_spec():
    for path in sorted(SPECS.glob("*.yaml")):
        summary = convcalc.summarize(path)
        tensors = {layer.name: layer for layer in summary.tensors}
        for item in explain(summary):
            layer = tensors[item.name]
            assert f"output {convcalc.shapes.format_shape(layer.output_shape)}" in item.lines or not layer.input_shapes
            assert any(f"{layer.params:,}" in line for line in item.lines if line.startswith("params")) or \
                not layer.input_shapes


def test_explain_cli_errors():
    result = invoke("explain", str(SPECS / "fashion_mnist.yaml"), "--layer", "hiden")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: no layer named 'hiden' in {SPECS / 'fashion_mnist.yaml'} "
                             "(did you mean 'hidden'?)\n")


def test_a_model_used_as_a_layer_costs_what_its_layers_cost():
    """Costs, activation memory and the receptive field look inside a nested Sequential (ConvNeXt's stem)."""
    layers = ("    - Conv2D: {filters: 16, kernel_size: 4, strides: 4}\n"
              "    - LayerNormalization: {epsilon: 0.000001}\n")
    flat = convcalc.summarize(text="inputs: {image: [64, 64, 3]}\nlayers:\n" + layers.replace("    -", "  -")
                              + "  - DepthwiseConv2D: {kernel_size: 7, padding: same}\n")
    nested = convcalc.summarize(text="inputs: {image: [64, 64, 3]}\nlayers:\n  - Sequential:\n      layers:\n"
                                + layers.replace("    -", "        -")
                                + "  - DepthwiseConv2D: {kernel_size: 7, padding: same}\n")
    assert [layer.type for layer in nested.layers] == ["InputLayer", "Sequential", "DepthwiseConv2D"]
    assert nested.layers[1].params == 16 * 4 * 4 * 3 + 16 + 2 * 16
    for figure in ("macs", "flops", "receptive_field", "total_params", "trainable_params"):
        assert getattr(nested, figure) == getattr(flat, figure)
    assert nested.activation_bytes() == flat.activation_bytes() == 4 * (64 * 64 * 3 + 3 * 16 * 16 * 16)
    assert nested.training_bytes(8) == flat.training_bytes(8)
