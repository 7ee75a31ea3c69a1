"""convcalc: Keras 3 output shapes, parameter counts and costs from a YAML spec, with no ML framework.

    >>> import convcalc
    >>> summary = convcalc.summarize("specs/fashion_mnist.yaml")
    >>> summary.total_params
    243786
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from .engine import compute
from .errors import ConvcalcError, SpecError, SpecErrors
from .model import LayerSpec, LayerSummary, ModelSpec, Summary
from .readers import load, parse, parse_mapping
from .readers.files import INPUT_SIZE

__version__ = "0.1.0"
__all__ = ["summarize", "Summary", "LayerSummary", "ModelSpec", "LayerSpec", "ConvcalcError", "SpecError",
           "SpecErrors"]


def summarize(spec: str | os.PathLike[str] | Mapping[str, Any] | None = None, *, text: str | None = None,
              name: str | None = None, model: str | None = None, settings: Mapping[str, str] | None = None,
              input_size: Sequence[int] | None = None) -> Summary:
    """Shapes and parameters of the model in a spec file (a path, '-' for stdin: a YAML spec, a Keras file, Keras or
    PyTorch code), in spec `text`, or in a spec given as a mapping (`{"input_shape": [28, 28, 1], "layers": [...]}`).

    The model's name is the spec's `name:`, else the file's stem, else `name`, else Keras's default
    (`sequential`, or `functional` for a graph), as for standard input. For Python code, `model` picks one of the
    file's models (as --model), `settings` gives names their values (as --set NAME=VALUE, the values Python
    expressions) and `input_size` a PyTorch model's input, batch included (as --input-size).
    Raises SpecError (a ConvcalcError) with file, line and layer for a mistake in the spec; SpecErrors, a
    SpecError, when there are several (each in `.errors`).
    """
    if (spec is None) == (text is None):
        raise TypeError("summarize() takes one spec: a path or a mapping, or text=")
    if text is not None:
        if not isinstance(text, str):
            raise TypeError(f"summarize(text=...) takes the spec's YAML as str, not {type(text).__name__}")
        return compute(parse(text, "<spec>", name))
    if isinstance(spec, Mapping):
        return compute(parse_mapping(spec, "<dict>", name))
    if not isinstance(spec, str | os.PathLike):
        raise TypeError(f"summarize() takes a spec file's path (str or os.PathLike) or a mapping, "
                        f"not {type(spec).__name__}; for YAML text use summarize(text=...)")
    given = dict(settings or {})
    if input_size is not None:
        given[INPUT_SIZE] = ",".join(str(size) for size in input_size)
    return compute(load(os.fspath(spec), model=model, settings=given or None))
