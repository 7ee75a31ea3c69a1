# convcalc: --model autoencoder --input-size 1,1,28,28
"""A conv autoencoder: encoder and decoder Sequentials, ConvTranspose2d with output_padding, F.interpolate."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class AutoEncoder(nn.Module):
    def __init__(self, code=8):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(True),
            nn.Conv2d(16, code, 3, stride=2, padding=1), nn.ReLU(True),
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(code, 16, 3, stride=2, padding=1, output_padding=1), nn.ReLU(True),
            nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1),
        )

    def forward(self, x):
        z = self.encoder(x)
        y = self.decoder(z)
        y = F.interpolate(y, size=(28, 28))
        return torch.sigmoid(y)


autoencoder = AutoEncoder(code=4)
