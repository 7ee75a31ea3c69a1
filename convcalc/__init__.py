"""convcalc: Keras 3 output shapes, parameter counts and costs from a YAML spec, with no ML framework.

    >>> import convcalc
    >>> summary = convcalc.summarize("specs/fashion_mnist.yaml")
    >>> summary.total_params
    243786
"""

from __future__ import annotations

import os

from .engine import compute
from .errors import ConvcalcError, SpecError
from .model import LayerSpec, LayerSummary, ModelSpec, Summary
from .readers import load, parse

__version__ = "0.1.0"
__all__ = ["summarize", "Summary", "LayerSummary", "ModelSpec", "LayerSpec", "ConvcalcError", "SpecError"]


def summarize(path: str | os.PathLike[str] | None = None, *, text: str | None = None,
              name: str = "model") -> Summary:
    """Shapes and parameters of the model in a spec file (`path`, '-' for stdin) or in spec `text`.

    Raises SpecError (a ConvcalcError) with file, line and layer for any mistake in the spec.
    """
    if path is not None and text is None:
        spec = load(os.fspath(path))
    elif text is not None and path is None:
        spec = parse(text, "<spec>", name)
    else:
        raise TypeError("summarize() takes a spec path or text=, not both")
    return compute(spec)
