# convcalc: --model Inception --input-size 1,8,16,16
"""A ModuleList of branches concatenated with torch.cat, a ModuleDict, mean over the spatial axes."""
import torch
import torch.nn as nn


class Inception(nn.Module):
    def __init__(self, channels=8, widths=(4, 6, 2)):
        super().__init__()
        self.branches = nn.ModuleList([nn.Conv2d(channels, width, kernel_size=k, padding=k // 2)
                                       for width, k in zip(widths, (1, 3, 5))])
        self.heads = nn.ModuleDict({"act": nn.ReLU(), "norm": nn.BatchNorm2d(sum(widths))})
        self.fc = nn.Linear(sum(widths), 3)

    def forward(self, x):
        outs = [branch(x) for branch in self.branches]
        x = torch.cat(outs, dim=1)
        x = self.heads["act"](self.heads["norm"](x))
        x = x.mean([2, 3])
        return self.fc(x)


model = Inception()
summary_input = torch.zeros(1, 8, 16, 16)
