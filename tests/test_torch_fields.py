"""Receptive fields and costs of torch modules, by PyTorch's padding: each figure worked out by hand from
r_out = r_in + (d(k − 1) + 1 − 1)·j_in, j_out = j_in·s and the centre moving by ((k' − 1) / 2 − p)·j_in, with
'same' padding the smaller half of d(k − 1) before; shown by `--columns rf,...` and `explain`."""

from __future__ import annotations

from fractions import Fraction

from click.testing import CliRunner

import convcalc
from convcalc.cli import cli
from convcalc.costs import AxisField

SPEC = """framework: torch
input_size: [2, 3, 32, 32]
layers:
  - Conv2d: {in_channels: 3, out_channels: 8, kernel_size: 3, dilation: 2, padding: 2}
  - MaxPool2d: {kernel_size: 2, stride: 2, ceil_mode: true}
  - Conv2d: {in_channels: 8, out_channels: 8, kernel_size: 3, padding: same}
  - ConvTranspose2d: {in_channels: 8, out_channels: 4, kernel_size: 4, stride: 2, padding: 1}
  - ZeroPad2d: {padding: [1, 2, 3, 4]}
  - BatchNorm2d: {num_features: 4}
  - ReLU
  - AdaptiveAvgPool2d: {output_size: 1}
"""


def axis(size, jump, start):
    return AxisField(Fraction(size), Fraction(jump), Fraction(start))


def test_fields_follow_pytorch_padding():
    summary = convcalc.summarize(text=SPEC)
    fields = {layer.name: layer.field for layer in summary.layers}
    assert fields["0"] == (axis(5, 1, 0),) * 2  # dilated window 2×(3 − 1) + 1 = 5, centred on pixel 2 − 2
    assert fields["1"] == (axis(6, 2, Fraction(1, 2)),) * 2  # ceil_mode: one output more, the same field
    assert fields["2"] == (axis(10, 2, Fraction(1, 2)),) * 2  # 'same' pads 1 before: the centre stays
    assert fields["3"] == (axis(12, 1, 1),) * 2  # 10 + (ceil(4 / 2) − 1)·2, jump 2 / 2, moved by padding 1
    assert fields["4"] == (axis(12, 1, -2), axis(12, 1, 0))  # (left 1, right 2, top 3, bottom 4): H by 3, W by 1
    assert fields["5"] == fields["6"] == fields["4"]
    assert fields["7"] is None  # the spatial axes are pooled away


def test_lazy_modules_have_the_field_of_what_they_become():
    lazy = SPEC.replace("Conv2d: {in_channels: 3, out_channels: 8,", "LazyConv2d: {out_channels: 8,")
    assert [layer.field for layer in convcalc.summarize(text=lazy).layers] == [
        layer.field for layer in convcalc.summarize(text=SPEC).layers]


def test_costs_per_sample():
    layers = {layer.name: layer for layer in convcalc.summarize(text=SPEC).layers}
    assert layers["0"].macs == 8 * 3 * 3 * 3 * 32 * 32  # one sample of the batch of 2
    assert layers["1"].flops == (4 - 1) * 8 * 16 * 16  # max: k − 1 comparisons per output value
    assert layers["3"].macs == 8 * 4 * 4 * 4 * 16 * 16  # a transposed convolution's: at each input position
    assert layers["5"].flops == 2 * 4 * 39 * 35  # BatchNorm: scale and shift, its bias the shift
    assert layers["6"].flops == 4 * 39 * 35
    assert layers["7"].flops == 4 * 39 * 35  # adaptive pooling: 1 per input value


def test_the_command_line_shows_them(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text(SPEC, encoding="utf-8")
    result = CliRunner().invoke(cli, ["summary", str(path), "--columns", "rf,jump,rf_start"])
    assert result.exit_code == 0, result.stderr
    rows = [line.split()[-3:] for line in result.stdout.splitlines() if line.startswith("├─")]
    assert rows[4] == ["12×12", "1×1", "-2×0"]
    assert "Convention: convcalc's figures, by PyTorch's formulas" in result.stdout
    explained = CliRunner().invoke(cli, ["explain", str(path), "--layer", "1"]).stdout
    assert "H: 5 + (2 − 1) × 1 = 6, jump 1 × 2 = 2, padding 0 before" in explained
    assert "ceil_mode adds a last output" in explained
    transposed = CliRunner().invoke(cli, ["explain", str(path), "--layer", "3"]).stdout
    assert "H: 10 + (ceil(4 / 2) − 1) × 2 = 12, jump 2 / 2 = 1" in transposed


def test_upsample_makes_the_field_denser():
    text = ("framework: torch\ninput_size: [1, 1, 8, 8]\nlayers:\n  - MaxPool2d: {kernel_size: 2}\n"
            "  - Upsample: {scale_factor: 2}\n  - Upsample: {size: [24, 4]}\n")
    fields = [layer.field for layer in convcalc.summarize(text=text).layers]
    assert fields[0] == (axis(2, 2, Fraction(1, 2)),) * 2
    assert fields[1] == (axis(2, 1, 0),) * 2  # jump 2 / 2; the centre moves by (2 − 1) / 2 back
    assert fields[2] == (axis(2, Fraction(1, 3), Fraction(-1, 3)), axis(2, 2, Fraction(1, 2)))  # 8 → 24, 8 → 4


def test_check_budgets_a_torch_model_s_costs_and_field(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text(SPEC + "budgets:\n  max_macs: 1000000\n  min_receptive_field: 20\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    rows = {}
    for line in result.stdout.splitlines():
        words = line.split()
        for budget in ("max_macs", "min_receptive_field"):
            if budget in words:
                rows[budget] = words[words.index(budget) + 1:]
    assert rows["max_macs"][0] == f"{8 * 27 * 1024 + 8 * 72 * 256 + 8 * 64 * 256:,}" and rows["max_macs"][-1] == "pass"
    assert rows["min_receptive_field"][:2] == ["12", "20"] and rows["min_receptive_field"][-1] == "fail"
