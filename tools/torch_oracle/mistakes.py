"""The most common shape mistakes, each a YAML spec, recorded with the error torch itself raises (at construction
or at the forward pass) and the module it comes from: `python -m tools.torch_oracle --mistakes`."""

from __future__ import annotations

from typing import Any

import torch
import yaml

from .generate import build_one

HEAD = "framework: torch\ninput_size: {size}\nlayers:\n"
MNIST_CNN = [
    "  - Conv2d: {in_channels: 1, out_channels: 16, kernel_size: 3, padding: 1}",
    "  - ReLU",
    "  - MaxPool2d: {kernel_size: 2}",
    "  - Conv2d: {in_channels: 16, out_channels: 32, kernel_size: 3, padding: 1}",
    "  - ReLU",
    "  - MaxPool2d: {kernel_size: 2}",
]
MISTAKES = {
    "linear_in_features": ([1, 1, 28, 28], MNIST_CNN + ["  - Flatten", "  - Linear: {in_features: 1050, "
                                                                      "out_features: 10}"]),
    "linear_without_flatten": ([1, 1, 28, 28], MNIST_CNN + ["  - Linear: {in_features: 1568, out_features: 10}"]),
    "rgb_into_grayscale_conv": ([1, 3, 28, 28], MNIST_CNN),
    "conv_in_channels_chain": ([1, 1, 28, 28], MNIST_CNN[:3] + [
        "  - Conv2d: {in_channels: 32, out_channels: 64, kernel_size: 3}"]),
    "kernel_larger_than_input": ([1, 3, 8, 8], [
        "  - Conv2d: {in_channels: 3, out_channels: 8, kernel_size: 3}",
        "  - MaxPool2d: {kernel_size: 2}", "  - Conv2d: {in_channels: 8, out_channels: 8, kernel_size: 5}"]),
    "pooled_to_nothing": ([1, 3, 8, 8], ["  - MaxPool2d: {kernel_size: 2}"] * 3 + ["  - MaxPool2d: {kernel_size: 2}"]),
    "batchnorm_features": ([1, 3, 32, 32], ["  - Conv2d: {in_channels: 3, out_channels: 16, kernel_size: 3}",
                                            "  - BatchNorm2d: {num_features: 32}"]),
    "same_padding_strided": ([1, 3, 32, 32], [
        "  - Conv2d: {in_channels: 3, out_channels: 16, kernel_size: 3, stride: 2, padding: \"same\"}"]),
    "groupnorm_groups": ([1, 6, 8, 8], ["  - GroupNorm: {num_groups: 4, num_channels: 6}"]),
    "conv_groups": ([1, 6, 8, 8], ["  - Conv2d: {in_channels: 6, out_channels: 8, kernel_size: 3, groups: 4}"]),
    "layernorm_shape": ([1, 10, 16], ["  - LayerNorm: {normalized_shape: 10}"]),
    "conv1d_on_images": ([1, 3, 32, 32], ["  - Conv1d: {in_channels: 3, out_channels: 8, kernel_size: 3}"]),
}


def spec_text(size: list[int], lines: list[str]) -> str:
    return HEAD.format(size=size) + "".join(line + "\n" for line in lines)


def record_mistake(size: list[int], lines: list[str]) -> dict[str, Any]:
    """Build and run the modules one by one: the first torch refuses, and its error."""
    text = spec_text(size, lines)
    entries = [next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
               for entry in yaml.safe_load(text)["layers"]]
    x = torch.rand(*size)
    for index, (name, args) in enumerate(entries):
        try:
            module = build_one((name, args or {}))
        except Exception as error:  # noqa: BLE001 - torch's own refusal is what is recorded
            return {"spec": text, "module": str(index), "stage": "construct",
                    "torch_error": f"{type(error).__name__}: {error}"}
        try:
            with torch.no_grad():
                x = module.eval()(x)
        except Exception as error:  # noqa: BLE001
            return {"spec": text, "module": str(index), "stage": "forward",
                    "torch_error": f"{type(error).__name__}: {str(error).splitlines()[0]}"}
    raise AssertionError(f"torch accepts {text}")
