"""The layer registry: every Keras layer kind convcalc knows, one entry each (see base.py)."""

from . import conv, core, pooling  # noqa: F401  (each module registers its kinds)
from .base import REGISTRY, LayerKind, Weight, lookup, register, snake_case

__all__ = ["REGISTRY", "LayerKind", "Weight", "lookup", "register", "snake_case"]
