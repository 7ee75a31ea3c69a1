# convcalc: --model model --input-size 1,3,16,16
"""Transfer learning by hand: every parameter frozen, a new head, one BatchNorm thawed."""
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.features(x), 1))


model = Net()
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(8, 2)
model.features[1].requires_grad_(True)
