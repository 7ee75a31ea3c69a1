# convcalc: --model Backbone --input-size 2,1,64,64
"""A torchvision model held by the learner's own module, fed one-channel images through a 1×1 convolution."""
import torch.nn as nn
from torchvision.models import mobilenet_v2


class Backbone(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Conv2d(1, 3, kernel_size=1)
        self.net = mobilenet_v2(num_classes=classes)

    def forward(self, x):
        return self.net(self.stem(x))
