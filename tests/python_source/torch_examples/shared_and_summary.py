# convcalc: --model model
# truth-input: 2,3,24,24
"""A module called twice (torchinfo's recursive row), the input size from the file's own torchinfo call."""
import torch
import torch.nn as nn
from torchinfo import summary


class Twice(nn.Module):
    def __init__(self, width=16):
        super().__init__()
        self.stem = nn.Conv2d(3, width, 3, padding=1)
        self.block = nn.Conv2d(width, width, 3, padding=1)
        self.act = nn.ReLU()
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(width, 4))

    def forward(self, x):
        x = self.act(self.stem(x))
        for _ in range(2):
            x = self.act(self.block(x))
        return self.head(x)


model = Twice(width=8)
summary(model, input_size=(2, 3, 24, 24))
