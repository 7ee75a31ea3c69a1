# convcalc: --model RNNClassifier --input-size 4,20,8
"""An LSTM with batch_first, its output unpacked, the last step taken by indexing."""
import torch
import torch.nn as nn


class RNNClassifier(nn.Module):
    def __init__(self, input_size=8, hidden_size=32, num_layers=2, num_classes=5):
        super().__init__()
        self.hidden_size = hidden_size
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out, _ = self.lstm(x)
        out = self.fc(out[:, -1, :])
        return out
