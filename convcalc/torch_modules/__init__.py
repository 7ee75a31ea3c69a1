"""The PyTorch registry: every torch.nn module convcalc knows, one entry each (see base.py), beside Keras's
convcalc.layers; and torch's functional operations (functional.py), in a registry of their own. A torch ModelSpec
(framework "torch") names its layers' kinds in one or the other (KINDS: both)."""

# Importing a module registers its kinds.
from . import (  # noqa: F401
    activations,
    conv,
    functional,
    inputs,
    lazy,
    linear,
    normalization,
    pooling,
    recurrent,
    shape,
)
from .base import REGISTRY, lookup
from .functional import FUNCTIONAL

KINDS = {**REGISTRY, **FUNCTIONAL}  # every kind a torch ModelSpec's layer may name

__all__ = ["FUNCTIONAL", "KINDS", "REGISTRY", "lookup"]
