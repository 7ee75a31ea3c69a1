# convcalc: --model PatchClassifier --input-size 2,3,32,32
"""Patches by a strided conv, flatten(2).transpose(1, 2) into tokens, LayerNorm, mean over tokens."""
import torch
import torch.nn as nn


class PatchClassifier(nn.Module):
    def __init__(self, patch=4, dim=24, classes=10):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, kernel_size=patch, stride=patch)
        self.norm = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, dim * 2), nn.GELU(), nn.Linear(dim * 2, dim))
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        x = self.proj(x).flatten(2).transpose(1, 2)
        x = x + self.mlp(self.norm(x))
        return self.head(x.mean(dim=1))
