# convcalc: --model model --input-size 2,3,32,32
"""nn.Sequential three ways: positional, an OrderedDict, add_module; nested."""
from collections import OrderedDict

import torch
from torch import nn

features = nn.Sequential(OrderedDict([
    ("conv1", nn.Conv2d(3, 16, kernel_size=3, padding=1)),
    ("bn1", nn.BatchNorm2d(16)),
    ("relu1", nn.ReLU(inplace=True)),
    ("pool1", nn.MaxPool2d(2)),
]))
classifier = nn.Sequential()
classifier.add_module("flatten", nn.Flatten())
classifier.add_module("fc", nn.Linear(16 * 16 * 16, 10))
model = nn.Sequential(features, nn.Dropout(0.2), classifier)
