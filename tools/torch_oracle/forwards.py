"""nn.Module classes whose forward passes call torch's functional operations (F.relu, x.view, `+`, torch.cat,
torch.flatten ...), recorded for the TorchModelBuilder's hidden operations: `python -m tools.torch_oracle
--forwards FILE`. tests/test_torch_ops.py builds each with the builder, by hand, and compares torchinfo's text.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F  # noqa: N812
import torchinfo
from torch import nn

UNITS = {"(Units.MEGABYTES)": "(M)", "(Units.GIGABYTES)": "(G)", "(Units.TERABYTES)": "(T)"}


class LeNet(nn.Module):
    """The classic MNIST example: F.relu, F.max_pool2d, x.view(-1, 320), F.dropout, F.log_softmax."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        x = x.view(-1, 320)
        x = F.dropout(F.relu(self.fc1(x)), training=self.training)
        return F.log_softmax(self.fc2(x), dim=1)


class Block(nn.Module):
    """A residual block: its forward returns F.relu(out + identity), an operation."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + x)


class Residual(nn.Module):
    """A stem, two residual blocks and a head reading x.mean([2, 3])."""

    def __init__(self) -> None:
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.blocks = nn.Sequential(Block(8), Block(8))
        self.fc = nn.Linear(8, 5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.blocks(self.stem(x))
        return self.fc(x.mean([2, 3]))


class Mix(nn.Module):
    """Two branches joined by torch.cat along the channels."""

    def __init__(self) -> None:
        super().__init__()
        self.left = nn.Conv2d(4, 6, 1)
        self.right = nn.Conv2d(4, 10, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.left(x), self.right(x)], 1)


class Head(nn.Module):
    """A container whose forward ends with torch.flatten."""

    def __init__(self) -> None:
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.flatten(self.pool(x), 1)


class Concat(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.mix = Mix()
        self.head = Head()
        self.fc = nn.Linear(64, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.head(self.mix(x)))


class Reshapes(nn.Module):
    """F.pad, F.interpolate, permute/transpose, getitem, unsqueeze/squeeze, stack, matmul and a scalar multiply;
    the model's output is an operation's."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(2, 4, 3)
        self.proj = nn.Linear(4, 6)
        self.norm = nn.LayerNorm(6)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(F.pad(x, (1, 2, 0, 1)), scale_factor=2)
        x = self.conv(x)[:, :, 1:]
        seq = x.flatten(2).transpose(1, 2)
        seq = self.proj(seq * 0.5)
        attn = torch.matmul(seq, seq.permute(0, 2, 1))
        pair = torch.stack([attn, attn], 1).squeeze(0).unsqueeze(-1)
        return self.norm(seq).sum(1, keepdim=True) + pair[0, :1, :6, 0].reshape(1, 1, -1)[..., :6]


class Probe(nn.Module):
    """A module whose output the model's does not need: torchinfo still shows its row and counts it."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.side = nn.Conv2d(4, 2, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv(x)
        self.side(F.relu(x))
        return torch.flatten(x, 1)


MODELS: dict[str, tuple[type[nn.Module], list[int]]] = {
    "lenet": (LeNet, [1, 1, 28, 28]),
    "residual": (Residual, [2, 3, 16, 16]),
    "concat": (Concat, [1, 4, 8, 8]),
    "reshapes": (Reshapes, [1, 2, 7, 9]),
    "probe": (Probe, [1, 3, 6, 6]),
}


def record_forwards() -> dict[str, Any]:
    torch.manual_seed(0)
    recorded = {}
    for name, (cls, size) in MODELS.items():
        text = str(torchinfo.summary(cls(), input_size=size, verbose=0))
        for wrong, right in UNITS.items():
            text = text.replace(wrong, right)
        recorded[name] = {"input_size": size, "summary": text, "torch_version": torch.__version__.split("+")[0]}
    return recorded
