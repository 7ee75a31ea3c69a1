"""Other names keras.layers exports for the same classes (MaxPool2D is MaxPooling2D).

A spec may use either; the layer is then the class itself, shown and named as Keras shows it
(max_pooling2d (MaxPooling2D)). tests/fixtures/keras_layer_aliases.json is Keras 3.15.1's list.
"""

from __future__ import annotations

from .base import ALIASES

for _pooling in ("Pooling1D", "Pooling2D", "Pooling3D"):
    _short = _pooling.replace("Pooling", "Pool")
    ALIASES[f"Avg{_short}"] = f"Average{_pooling}"
    ALIASES[f"Max{_short}"] = f"Max{_pooling}"
    ALIASES[f"GlobalAvg{_short}"] = f"GlobalAverage{_pooling}"
    ALIASES[f"GlobalMax{_short}"] = f"GlobalMax{_pooling}"
for _rank in ("1D", "2D", "3D"):
    ALIASES[f"Convolution{_rank}"] = f"Conv{_rank}"
    ALIASES[f"Convolution{_rank}Transpose"] = f"Conv{_rank}Transpose"
for _rank in ("1D", "2D"):
    ALIASES[f"SeparableConvolution{_rank}"] = f"SeparableConv{_rank}"
# Keras also exports GroupQueryAttention for GroupedQueryAttention, a layer convcalc does not model.
