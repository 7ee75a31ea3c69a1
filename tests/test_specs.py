"""The course models in specs/: the numbers Keras 3.15 prints, and golden renderings of each."""

from __future__ import annotations

import json

import pytest
from conftest import SPECS

import convcalc
from convcalc.render import json as json_renderer
from convcalc.render import markdown, table

ALL_SPECS = sorted(SPECS.glob("*.yaml"))

# (output shape, params) per layer and the totals line, as Keras 3.15 prints them (issue #2).
KERAS_PRINTS = {
    "fashion_mnist": (
        [((None, 26, 26, 64), 640), ((None, 13, 13, 64), 0), ((None, 11, 11, 64), 36928),
         ((None, 5, 5, 64), 0), ((None, 1600), 0), ((None, 128), 204928), ((None, 10), 1290)],
        " Total params: 243,786 (952.29 KB)"),
    "clothing_3class": (
        [((None, 26, 26, 10), 100), ((None, 6760), 0), ((None, 3), 20283)],
        " Total params: 20,383 (79.62 KB)"),
    "stride2_valid": ([((None, 100, 100, 16), 80)], " Total params: 80 (320.00 B)"),
    "same_padding_quiz": ([((None, 64, 64, 32), 896)], " Total params: 896 (3.50 KB)"),
}


@pytest.mark.parametrize("stem", sorted(KERAS_PRINTS))
def test_course_models_match_keras(stem):
    rows, total_line = KERAS_PRINTS[stem]
    summary = convcalc.summarize(SPECS / f"{stem}.yaml")
    assert [(layer.output_shape, layer.params) for layer in summary.layers] == rows
    assert total_line in table.render(summary, width=88).splitlines()


# The totals Keras 3.15.1 prints for the bigger models, each built layer for layer in Keras (whose whole
# summary text convcalc reproduces); vgg16's are also those of keras.applications.VGG16(weights=None).
KERAS_TOTALS = {
    "vgg16": (" Total params: 138,357,544 (527.79 MB)",
              " Trainable params: 138,357,544 (527.79 MB)",
              " Non-trainable params: 0 (0.00 B)"),
    "resnet_block": (" Total params: 156,522 (611.41 KB)",
                     " Trainable params: 155,690 (608.16 KB)",
                     " Non-trainable params: 832 (3.25 KB)"),
    "unet_small": (" Total params: 116,753 (456.07 KB)",
                   " Trainable params: 116,753 (456.07 KB)",
                   " Non-trainable params: 0 (0.00 B)"),
}


@pytest.mark.parametrize("stem", sorted(KERAS_TOTALS))
def test_bigger_models_match_keras_totals(stem):
    lines = table.render(convcalc.summarize(SPECS / f"{stem}.yaml"), width=88).splitlines()
    assert tuple(lines[-3:]) == KERAS_TOTALS[stem]


@pytest.mark.parametrize("path", ALL_SPECS, ids=lambda p: p.stem)
def test_row_params_add_up_to_totals(path):
    summary = convcalc.summarize(path)
    assert sum(layer.params for layer in summary.layers) == summary.total_params
    assert sum(layer.trainable_params for layer in summary.layers) == summary.trainable_params
    assert summary.trainable_params + summary.non_trainable_params == summary.total_params


@pytest.mark.parametrize("path", ALL_SPECS, ids=lambda p: p.stem)
def test_golden_renderings(path, golden):
    summary = convcalc.summarize(path)
    golden(f"{path.stem}.txt", table.render(summary, width=88))
    golden(f"{path.stem}.trainable.txt", table.render(summary, width=100, show_trainable=True))
    golden(f"{path.stem}.md", markdown.render(summary) + "\n")


@pytest.mark.parametrize("path", ALL_SPECS, ids=lambda p: p.stem)
def test_json_is_one_object_with_the_contract_keys(path):
    summary = convcalc.summarize(path)
    document = json.loads(json_renderer.render(summary))
    assert document["total_params"] == summary.total_params
    assert [layer["output_shape"] for layer in document["layers"]] == [list(row.output_shape) for row in summary.layers]
    for layer in document["layers"]:
        assert {"name", "type", "output_shape", "params", "trainable_params", "non_trainable_params"} <= set(layer)
