"""The layer registry: every Keras layer kind convcalc knows, one entry each (see base.py)."""

# Importing a module registers its kinds (aliases.py: Keras's other names for them).
from . import (  # noqa: F401
    activations,
    aliases,
    applications,
    attention,
    augmentation,
    conv,
    conv_recurrent,
    core,
    custom,
    declared,
    inputs,
    merging,
    models,
    normalization,
    ops,
    pooling,
    preprocessing,
    recurrent,
    regularization,
    reshaping,
    rnn_cells,
    tensor_ops,
    text,
    tf_ops,
    wrappers,
)
from .base import ALIASES, ANY_INPUTS, NO_INPUT, ONE_INPUT, REGISTRY, LayerKind, Weight, lookup, register, snake_case

__all__ = ["ALIASES", "ANY_INPUTS", "NO_INPUT", "ONE_INPUT", "REGISTRY", "LayerKind", "Weight", "lookup", "register",
           "snake_case"]
