# convcalc: --model model_ft --input-size 1,3,224,224
"""The PyTorch transfer-learning tutorial's fixed feature extractor: a pretrained resnet18, frozen, a new fc."""
import torch
import torch.nn as nn
from torchvision import models

model_ft = models.resnet18(weights="IMAGENET1K_V1")
for param in model_ft.parameters():
    param.requires_grad = False
num_ftrs = model_ft.fc.in_features
model_ft.fc = nn.Linear(num_ftrs, 2)
device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
model_ft = model_ft.to(device)
