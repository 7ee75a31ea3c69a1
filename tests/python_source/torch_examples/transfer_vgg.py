# convcalc: --model vgg --input-size 1,3,224,224
"""A course's fine-tuning of VGG16: the last classifier layer replaced, read from its neighbour by index."""
import torch.nn as nn
import torchvision

vgg = torchvision.models.vgg16(pretrained=True)
vgg.classifier[-1] = nn.Linear(vgg.classifier[6].in_features, 5)
