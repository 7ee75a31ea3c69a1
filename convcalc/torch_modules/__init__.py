"""The PyTorch registry: every torch.nn module convcalc knows, one entry each (see base.py), beside Keras's
convcalc.layers. A torch ModelSpec (framework "torch") names its layers' kinds here."""

# Importing a module registers its kinds.
from . import (  # noqa: F401
    activations,
    conv,
    inputs,
    lazy,
    linear,
    normalization,
    pooling,
    recurrent,
    shape,
)
from .base import REGISTRY, lookup

__all__ = ["REGISTRY", "lookup"]
