"""keras.applications models written as specs by tools.keras_to_spec, against Keras and the papers.

Each spec in APPLICATIONS has a Keras fixture in tests/oracle/fixtures/applications/, recorded from
the keras.applications model itself by the same tool in tools.keras_oracle's format;
tests/test_oracle.py checks convcalc against it (every layer's name, type, output shape and
parameters, the totals and the exact summary text). Here: that every such spec has its fixture, and
that convcalc's figures are those the papers publish, or differ from them for a known reason.
"""

from __future__ import annotations

import functools
import json

import pytest
from conftest import ORACLE, ROOT, SPECS

import convcalc

FIXTURES = ORACLE / "fixtures" / "applications"

# spec stem -> the keras.applications function it was written from.
APPLICATIONS = {
    "resnet50": "ResNet50",
    "mobilenet_v1": "MobileNet",
    "mobilenet_v2": "MobileNetV2",
    "densenet121": "DenseNet121",
    "xception": "Xception",
    "inception_v3": "InceptionV3",
    "efficientnet_b0": "EfficientNetB0",
}

# Kernel weights × output positions summed over every layer with a kernel, computed with Keras from the
# keras.applications models themselves (their weights' shapes and their layers' output shapes).
KERAS_KERNEL_MACS = {
    "resnet50": 3_857_973_248,
    "mobilenet_v1": 568_740_352,
    "mobilenet_v2": 300_774_272,
    "densenet121": 2_834_161_664,
    "xception": 8_357_403_496,
    "inception_v3": 5_713_216_096,
    "efficientnet_b0": 385_814_752,
}


@functools.cache
def summary_of(stem):
    return convcalc.summarize(SPECS / f"{stem}.yaml")


def bn_params(summary):
    return sum(layer.params for layer in summary.layers if layer.type == "BatchNormalization")


def test_every_generated_spec_is_listed():
    generated = {path.stem for path in SPECS.glob("*.yaml")
                 if "written by tools.keras_to_spec" in path.read_text(encoding="utf-8")}
    assert generated == set(APPLICATIONS)


@pytest.mark.parametrize("stem", sorted(APPLICATIONS))
def test_each_spec_has_its_keras_fixture(stem):
    """tests/test_oracle.py compares convcalc with every fixture; this makes sure the fixture is there."""
    fixture = json.loads((FIXTURES / f"{stem}.json").read_text(encoding="utf-8"))
    assert fixture["spec"] == f"specs/{stem}.yaml"
    assert (ROOT / fixture["spec"]).is_file()
    assert not fixture["refused"] and fixture["runtime"]["ok"]
    header = (SPECS / f"{stem}.yaml").read_text(encoding="utf-8").split("\nname:")[0]
    assert f"keras.applications.{APPLICATIONS[stem]}(weights=None" in header
    assert f"Keras prints {fixture['total_params']:,} parameters" in header
    summary = summary_of(stem)
    assert summary.name == fixture["name"]
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (
        fixture["total_params"], fixture["trainable_params"], fixture["non_trainable_params"])
    assert [(layer.name, list(layer.output_shape)) for layer in summary.layers] == [
        (layer["name"], layer["output_shape"]) for layer in fixture["layers"]]


@pytest.mark.parametrize("stem", sorted(KERAS_KERNEL_MACS))
def test_macs_are_kernel_weights_times_output_positions(stem):
    assert summary_of(stem).macs == KERAS_KERNEL_MACS[stem]


def test_resnet50_against_the_paper():
    summary = summary_of("resnet50")
    # ~25.6 M is the figure usually quoted (He et al. 2016 give FLOPs, not parameters). Keras counts
    # more than torchvision's 25,557,032: a bias on every convolution (26,560; the paper's convolutions
    # have none, being followed by BatchNormalization) and BN's moving mean and variance (53,120,
    # non-trainable). 25,636,712 - 26,560 - 53,120 = 25,557,032.
    assert summary.total_params == 25_636_712
    assert round(summary.total_params / 1e6, 1) == 25.6
    conv_biases = sum(w.size for layer in summary.layers if layer.type == "Conv2D"
                      for w in layer.weights if w.name == "bias")
    assert summary.total_params - conv_biases - summary.non_trainable_params == 25_557_032
    # The paper's Table 1 gives 3.8 × 10^9 FLOPs (multiply-adds) for the 50-layer net; convcalc counts
    # 3.86 G: the same convolutions and fc layer (biases, BatchNormalization, ReLU, pooling and the
    # additions are not multiply-adds of a kernel; convcalc reports them in flops, not macs). Keras's
    # ResNet50 strides in the first 1×1 convolution of a stage, as the paper does; the "v1.5" variant
    # that strides in the 3×3 convolution instead costs about 4.1 G.
    assert 3.8e9 <= summary.macs <= 4.2e9


def test_mobilenet_v2_against_the_paper():
    summary = summary_of("mobilenet_v2")
    # Sandler et al. 2018, Table 4: 3.4 M parameters for MobileNetV2 1.0/224. Keras's 3,538,984 adds
    # BatchNormalization's gamma, beta, moving mean and variance (68,224); without them it is
    # 3,470,760, the 3.47 M of the reference implementation, which the paper's table truncates.
    assert summary.total_params == 3_538_984
    assert round(summary.total_params / 1e6, 1) == 3.5
    assert summary.total_params - bn_params(summary) == 3_470_760
    # Same table: 300 M multiply-adds; convcalc counts 300.77 M (the paper rounds).
    assert abs(summary.macs - 300e6) < 0.01 * 300e6


def test_mobilenet_v1_against_the_paper():
    summary = summary_of("mobilenet_v1")
    # Howard et al. 2017, Table 8: 1.0 MobileNet-224 has 4.2 M parameters and 569 M mult-adds.
    # Keras's 4,253,864 adds BatchNormalization's 4 × C per layer (43,776); without it, 4,210,088.
    # (Keras's classifier is a 1×1 convolution with a bias, the paper's a fully connected layer:
    # the same weights and multiply-adds.)
    assert summary.total_params == 4_253_864
    assert round(summary.total_params / 1e6, 1) == 4.3
    assert round((summary.total_params - bn_params(summary)) / 1e6, 1) == 4.2
    assert round(summary.macs / 1e6) == 569


def test_xception_against_the_paper():
    summary = summary_of("xception")
    # Chollet 2017, Table 3: Xception has 22,855,952 parameters: exactly Keras's trainable ones (the
    # paper leaves out BatchNormalization's moving mean and variance, 54,528 non-trainable).
    assert summary.trainable_params == 22_855_952
    assert summary.non_trainable_params == 54_528


def test_efficientnet_b0_against_the_paper():
    summary = summary_of("efficientnet_b0")
    # Tan & Le 2019, Table 2: EfficientNet-B0 has 5.3 M parameters and 0.39 B FLOPs (multiply-adds).
    # Keras's total includes BatchNormalization (84,032) and Normalization's mean, variance and count (7).
    assert round(summary.total_params / 1e6, 1) == 5.3
    assert round(summary.macs / 1e9, 2) == 0.39
