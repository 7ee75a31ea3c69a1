"""A one-layer question asked on the command line: `explain --layer "Conv2D(32, 3, strides=2)" --input 128,128,3`.

The layers are Keras code as a lesson writes them (`Conv2D(...)`, `layers.Conv2D(...)`, several separated by
commas), read by the Python reader as the layers of a Sequential model on that input; errors name `--layer`.
"""

from __future__ import annotations

import ast

from ..errors import SpecError, SpecErrors
from ..model import ModelSpec

SOURCE = "--layer"
_HEAD = "import keras\nimport tensorflow as tf\nfrom keras import layers\nfrom keras.layers import *\n"


def input_shape(text: str) -> list[int | None]:
    """`128,128,3` (brackets and `None` allowed) as the Input's shape, the batch left out."""
    sizes = [size.strip() for size in text.strip().strip("()[]").split(",") if size.strip()]
    try:
        shape = [None if size == "None" else int(size) for size in sizes]
    except ValueError:
        shape = []
    if not shape or any(size is not None and size < 1 for size in shape):
        raise SpecError(f"expected the input's sizes without the batch, like 128,128,3, received {text!r}",
                        source="--input")
    return shape


def parse(layers: str, shape: list[int | None]) -> ModelSpec:
    """The model `keras.Sequential([keras.Input(shape), <layers>])`, read statically as any Python file is."""
    try:
        tree = ast.parse(f"[{layers}]", mode="eval")
    except SyntaxError as error:
        raise SpecError(f"expected Keras layers like Conv2D(32, 3, padding='same'): {error.msg}",
                        source=SOURCE) from None
    if not isinstance(tree.body, ast.List) or not tree.body.elts:
        raise SpecError(f"expected Keras layers like Conv2D(32, 3, padding='same'), received {layers!r}",
                        source=SOURCE)
    from . import python_source

    sizes = ", ".join(str(size) for size in shape) + ("," if len(shape) == 1 else "")
    text = f"{_HEAD}model = keras.Sequential([keras.Input(({sizes})), {layers}])\n"
    try:
        model = python_source.parse(text, SOURCE)
    except SpecErrors as errors:
        raise SpecErrors([_unlocated(error) for error in errors.errors], errors.more) from None
    except SpecError as error:
        raise _unlocated(error) from None
    # The engine's errors name the layer, not a line of the code written around it.
    return model._replace(layers=tuple(layer._replace(line=None, arg_lines={}) for layer in model.layers))


def _unlocated(error: SpecError) -> SpecError:
    """The error without the line and column of the code written around the user's layers."""
    return SpecError(error.message, source=SOURCE, layer=error.layer, kind=error.kind)
