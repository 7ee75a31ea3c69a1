"""The mistake catalogue of convcalc.quiz: each classic mistake named with the layer's numbers."""

from __future__ import annotations

import pytest
from conftest import SPECS  # pytest puts tests/ on sys.path

import convcalc
from convcalc.quiz.marking import mark
from convcalc.quiz.parts import NotAskable
from convcalc.quiz.questions import ASKS, build_question

# (input_shape, layers, layer asked about, ask, a wrong answer, the diagnosis it gets)
MISTAKES = [
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3, strides: 2}', 'conv2d', 'height', 14,
     "you used ceil(28 / 2) = 14: with padding='valid' the kernel must fit inside the input: floor((28 − 3) / 2) + 1 "
     "= 13"),
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3}', 'conv2d', 'height', 25,
     'you used floor((28 − 3) / 1) = 25: count the first position too (+ 1): floor((28 − 3) / 1) + 1 = 26'),
    ('[27, 27, 1]', 'Conv2D: {filters: 8, kernel_size: 4, strides: 2}', 'conv2d', 'height', 13,
     'you used ceil((27 − 4) / 2) + 1 = 13: a kernel that does not fit whole is dropped: round down: floor((27 − 4) / '
     '2) + 1 = 12'),
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3, strides: 2}', 'conv2d', 'height', 26,
     'you used floor((28 − 3) / 1) + 1 = 26: strides=2 moves the kernel 2 pixels at a time: floor((28 − 3) / 2) + 1 = '
     '13'),
    ('[32, 32, 1]', 'Conv2D: {filters: 8, kernel_size: 3, dilation_rate: 2}', 'conv2d', 'width', 30,
     'you used floor((32 − 3) / 1) + 1 = 30: dilation_rate=2 spreads the kernel over 2·(3 − 1) + 1 = 5 pixels: '
     'floor((32 − 2·(3 − 1) − 1) / 1) + 1 = 28'),
    ('[127, 127, 3]', 'Conv2D: {filters: 8, kernel_size: 3, strides: 2, padding: same}', 'conv2d', 'width', 63,
     "you used ceil((127 − 3 + 1) / 2) = 63: with padding='same' the kernel does not shrink the output: ceil(127 / 2) "
     "= 64"),
    ('[26, 26, 8]', 'MaxPooling2D: {pool_size: 2}', 'max_pooling2d', 'height', 25,
     'you used floor((26 − 2) / 1) + 1 = 25: the strides of a pooling layer default to its pool size, 2: floor((26 − '
     '2) / 2) + 1 = 13'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3}', 'conv2d', 'params', 320,
     'you used 32 × (3 × 3) + 32 = 320: each filter spans all C_in = 3 input channels: filters × (kernel × C_in) + '
     'filters (bias) = 32 × (3 × 3 × 3) + 32 = 896'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3}', 'conv2d', 'params', 288,
     'you used 32 × (3 × 3) = 288: each filter spans all C_in = 3 input channels and has a bias: filters × (kernel × '
     'C_in) + filters (bias) = 32 × (3 × 3 × 3) + 32 = 896'),
    ('[16, 16, 4]', 'Conv2D: {filters: 8, kernel_size: 3, groups: 2}', 'conv2d', 'params', 296,
     'you used 8 × (3 × 3 × 4) + 8 = 296: with groups=2 each filter sees only C_in / groups = 4 / 2 = 2 channels: '
     'filters × (kernel × C_in / groups) + filters (bias) = 8 × (3 × 3 × 2) + 8 = 152'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3, use_bias: false}', 'conv2d', 'params', 896,
     'you used 32 × (3 × 3 × 3) + 32 = 896: use_bias=False: the filters have no bias: filters × (kernel × C_in) = 32 '
     '× (3 × 3 × 3) = 864'),
    ('[1600]', 'Dense: {units: 128}', 'dense', 'params', 204800,
     'you used 1,600 × 128 = 204,800: each unit also has a bias (+ units): D_in × units + units (bias) = 1,600 × 128 '
     '+ 128 = 204,928'),
    ('[1600]', 'Dense: {units: 128}', 'dense', 'params', 204801,
     'you used 1,600 × 128 + 1 = 204,801: each unit has its own bias, not one per layer: D_in × units + units (bias) '
     '= 1,600 × 128 + 128 = 204,928'),
    ('[8, 8, 3]', 'Dense: {units: 4}', 'dense', 'params', 772,
     'you used 192 × 4 + 4 = 772: Dense acts on the last axis only: D_in = 3, the same weights at every position: '
     'D_in × units + units (bias) = 3 × 4 + 4 = 16'),
    ('[16, 16, 32]', 'BatchNormalization', 'batch_normalization', 'params', 64,
     'you used gamma 32 + beta 32 = 64: Keras counts moving_mean and moving_variance too, though they are not '
     'trained: gamma 32 = 32; beta 32 = 32; moving_mean 32 = 32; moving_variance 32 = 32; total 128'),
    ('[16, 16, 32]', 'BatchNormalization', 'batch_normalization', 'trainable_params', 128,
     'you used gamma 32 + beta 32 + moving_mean 32 + moving_variance 32 = 128: moving_mean and moving_variance are '
     'not updated by gradient descent: gamma 32 + beta 32 = 64'),
    ('[16, 16, 32]', 'BatchNormalization', 'batch_normalization', 'non_trainable_params', 0,
     'you used none of its weights = 0: moving_mean and moving_variance are not updated by gradient descent: '
     'moving_mean 32 + moving_variance 32 = 64'),
    ('[16, 16, 32]', 'BatchNormalization', 'batch_normalization', 'non_trainable_params', 128,
     'you used gamma 32 + beta 32 + moving_mean 32 + moving_variance 32 = 128: gamma and beta are trained: '
     'moving_mean 32 + moving_variance 32 = 64'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3}', 'conv2d', 'non_trainable_params', 896,
     'you used kernel 864 + bias 32 = 896: every weight of this layer is trainable: 0 (every weight is trainable)'),
    ('[16, 16, 8]', 'DepthwiseConv2D: {kernel_size: 3, depth_multiplier: 2}', 'depthwise_conv2d', 'depth', 8,
     "you used the input's channels, C_in = 8: each input channel gives depth_multiplier = 2 channels: C_in × "
     "depth_multiplier = 8 × 2 = 16"),
    ('[16, 16, 8]', 'DepthwiseConv2D: {kernel_size: 3}', 'depthwise_conv2d', 'params', 584,
     'you used 8 × (3 × 3 × 8) + 8 = 584: a depthwise kernel sees only its own input channel: kernel 3 × 3 × 8 × 1 = '
     '72; bias 8 = 8; total 80'),
    ('[16, 16, 8]', 'SeparableConv2D: {filters: 16, kernel_size: 3}', 'separable_conv2d', 'params', 1168,
     'you used 16 × (3 × 3 × 8) + 16 = 1,168: a separable convolution is a depthwise kernel per input channel, then a '
     '1 × 1 pointwise kernel mixing them into the filters: depthwise_kernel 3 × 3 × 8 × 1 = 72; pointwise_kernel 1 × '
     '1 × 8 × 16 = 128; bias 16 = 16; total 216'),
    ('[16, 16, 8]', 'SeparableConv2D: {filters: 16, kernel_size: 3}', 'separable_conv2d', 'params', 88,
     'you used 3 × 3 × 8 × 1 + 16 = 88: the 1 × 1 pointwise kernel adds C_in × depth_multiplier × filters = 8 × 16 '
     'weights: depthwise_kernel 3 × 3 × 8 × 1 = 72; pointwise_kernel 1 × 1 × 8 × 16 = 128; bias 16 = 16; total 216'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3, strides: 2, padding: same}', 'conv2d', 'macs', 864,
     'you used 864 weights = 864: each weight is used once at every one of the 4,096 output positions: 864 weights × '
     '4,096 output positions = 3,538,944'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3, strides: 2, padding: same}', 'conv2d', 'macs', 3670016,
     'you used (864 + 32) weights × 4,096 output positions = 3,670,016: a bias is an addition, not a '
     'multiply-accumulate: 864 weights × 4,096 output positions = 3,538,944'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3, strides: 2, padding: same}', 'conv2d', 'macs', 14155776,
     'you used 864 weights × 16,384 input positions = 14,155,776: the kernel is applied once per output position: 864 '
     'weights × 4,096 output positions = 3,538,944'),
    ('[16, 16, 8]', 'Conv2DTranspose: {filters: 4, kernel_size: 3, strides: 2}', 'conv2d_transpose', 'width', 7,
     'you used floor((16 − 3) / 2) + 1 = 7: a transposed convolution grows the size by the strides; it does not '
     'shrink it: 16 · 2 + max(3 − 2, 0) = 33'),
    ('[16, 16, 8]', 'Conv2DTranspose: {filters: 4, kernel_size: 3, strides: 2}', 'conv2d_transpose', 'width', 32,
     "you used 16 · 2 = 32: with padding='valid' the kernel hangs over the edge: + max(k − s, 0): 16 · 2 + max(3 − 2, "
     "0) = 33"),
    ('[16, 16, 8]', 'Conv2DTranspose: {filters: 4, kernel_size: 3, strides: 2, padding: same}', 'conv2d_transpose',
     'width', 33,
     "you used 16 · 2 + max(3 − 2, 0) = 33: with padding='same' the output is exactly n · s: 16 · 2 = 32"),
    ('[16, 16, 8]', 'Conv2DTranspose: {filters: 4, kernel_size: 3, strides: 2}', 'conv2d_transpose', 'params', 40,
     'you used 4 × (3 × 3) + 4 = 40: each filter spans all C_in = 8 input channels: kernel 3 × 3 × 4 × 8 = 288; bias '
     '4 = 4; total 292'),
    ('[16, 16, 8]', 'Conv2DTranspose: {filters: 4, kernel_size: 3, strides: 2}', 'conv2d_transpose', 'macs', 313632,
     'you used 288 weights × 1,089 output positions = 313,632: the kernel is applied once per input position: 288 '
     'weights × 256 input positions = 73,728'),
    ('[5, 5, 64]', 'Flatten', 'flatten', 'output_shape', '(None, 25)',
     'you used 5 × 5 = 25: Flatten keeps every channel: 5 × 5 × 64 = 1,600'),
    ('[8, 8, 64]', 'GlobalAveragePooling2D', 'global_average_pooling2d', 'output_shape', '(None, 4096)',
     "you used 8 × 8 × 64 = 4,096: global pooling keeps one value per channel, over all positions: the input's "
     "channels = 64"),
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3, strides: 2}\n  - Conv2D: {filters: 8, kernel_size: 3}',
     'conv2d_1', 'receptive_field', 5,
     'height: you used 3 + (3 − 1) × 1 = 5: each step of this kernel spans j_in = 2 input pixels, from the strides '
     'before it: 3 + (3 − 1) × 2 = 7'),
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3, strides: 2}\n  - Conv2D: {filters: 8, kernel_size: 3}',
     'conv2d_1', 'receptive_field', 3,
     'height: you used this kernel alone, k = 3: it sees what the layers before it see: r_in = 3: 3 + (3 − 1) × 2 = 7'),
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3, dilation_rate: 2}', 'conv2d', 'receptive_field', 3,
     'height: you used 1 + (3 − 1) × 1 = 3: dilation_rate=2 makes the kernel span 2·(3 − 1) + 1 = 5 pixels: 1 + (5 − '
     '1) × 1 = 5'),
    ('[16, 16, 32]', 'BatchNormalization\n  - Flatten\n  - Dense: {units: 2}', None, 'total_params', 16450,
     'you used only the trainable params = 16,450: the total counts the non-trainable weights too: '
     'batch_normalization 128 + dense 16,386 = 16,514'),
    ('[16, 16, 32]', 'BatchNormalization\n  - Flatten\n  - Dense: {units: 2}', None, 'total_params', 16512,
     'you used batch_normalization 128 + dense 16,384 = 16,512: dense: each unit also has a bias (+ units): '
     'batch_normalization 128 + dense 16,386 = 16,514'),
]


@pytest.mark.parametrize("image, layers, name, ask, wrong, diagnosis", MISTAKES,
                         ids=[f"{m[3]}-{m[4]}-{m[1][:20]}" for m in MISTAKES])
def test_each_classic_mistake_is_named_with_the_layers_numbers(image, layers, name, ask, wrong, diagnosis):
    summary = convcalc.summarize(text=f"input_shape: {image}\nlayers:\n  - {layers}\n")
    layer = next((layer for layer in summary.tensors if layer.name == name), None)
    question = build_question("q", summary, layer, ask)
    assert mark(question, wrong).diagnosis == diagnosis
    assert mark(question, question.key_value()).right


@pytest.mark.parametrize("merge, wrong, diagnosis", [
    ("Concatenate", 16, "you used one input's channels = 16: Concatenate puts its inputs side by side along that "
                        "axis: 16 + 16 = 32"),
    ("Add", 32, "you used 16 + 16 = 32: Add combines values element by element; the channels stay: 16, as in each "
                "input"),
])
def test_merges_depth_mistakes(merge, wrong, diagnosis):
    summary = convcalc.summarize(
        text=f"inputs: {{a: [8, 8, 16], b: [8, 8, 16]}}\nlayers:\n  - {merge}: {{inputs: [a, b]}}\n")
    question = build_question("q", summary, summary.tensors[-1], "depth")
    assert mark(question, wrong).diagnosis == diagnosis


def test_no_mistake_in_the_catalogue_gives_the_right_answer():
    for path in sorted(SPECS.glob("*.yaml")):
        summary = convcalc.summarize(path)
        for layer in summary.tensors[1:]:
            for ask in ASKS[:-1]:
                try:
                    question = build_question("q", summary, layer, ask)
                except NotAskable:
                    continue
                for part in question.parts:
                    assert part.value not in [mistake.value for mistake in part.mistakes], (path, layer.name, ask)
