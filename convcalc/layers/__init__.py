"""The layer registry: every Keras layer kind convcalc knows, one entry each (see base.py)."""

# Importing a module registers its kinds.
from . import (  # noqa: F401
    activations,
    applications,
    conv,
    core,
    declared,
    inputs,
    merging,
    models,
    normalization,
    ops,
    pooling,
    regularization,
    reshaping,
)
from .base import ANY_INPUTS, NO_INPUT, ONE_INPUT, REGISTRY, LayerKind, Weight, lookup, register, snake_case

__all__ = ["ANY_INPUTS", "NO_INPUT", "ONE_INPUT", "REGISTRY", "LayerKind", "Weight", "lookup", "register", "snake_case"]
