"""The layer registry: every Keras layer kind convcalc knows, one entry each (see base.py)."""

# Importing a module registers its kinds.
from . import activations, conv, core, inputs, merging, normalization, pooling, regularization, reshaping  # noqa: F401
from .base import ANY_INPUTS, NO_INPUT, ONE_INPUT, REGISTRY, LayerKind, Weight, lookup, register, snake_case

__all__ = ["ANY_INPUTS", "NO_INPUT", "ONE_INPUT", "REGISTRY", "LayerKind", "Weight", "lookup", "register", "snake_case"]
