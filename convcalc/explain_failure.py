"""`explain` on a model whose sizes reach zero (or another layer Keras would refuse): the working up to that
layer, then its own, ending on the formula that gives zero or less, so a learner sees where the sizes went."""

from __future__ import annotations

from . import engine
from .errors import ConvcalcError, SpecError
from .explain import POOLING, WINDOWED, Explanation, explain, spatial, windowed_shape
from .model import LayerSpec, LayerSummary, ModelSpec
from .shapes import Shape, conv_output_length, format_shape, map_axes, pool_output_length


def until_failure(spec: ModelSpec, error: SpecError) -> tuple[list[Explanation], Explanation] | None:
    """The working of the layers the failing one reads, and the failing layer's; None when the error is not a
    layer's (or a PyTorch model's, whose working is explain_torch's)."""
    failing = next((layer for layer in spec.layers if layer.name == error.layer), None)
    if failing is None or spec.framework != "keras" or not failing.inputs:
        return None
    before = spec.layers[:spec.layers.index(failing)]
    try:
        summary = engine.compute(spec._replace(layers=before, outputs=failing.inputs, tracked=None))
    except ConvcalcError:
        return None
    shapes = tuple(shape for _, shape in summary.outputs)
    lines = [f"input {', '.join(format_shape(shape) for shape in shapes)}"]
    if "(zero or negative)" in error.message and (failing.kind in WINDOWED or failing.kind in POOLING):
        lines += windowed_shape(_unchecked(failing, shapes[0]))[:-1 if failing.kind in WINDOWED else None]
        lines.append("a size of zero or less: no window fits (a smaller kernel, pool or stride, padding='same' or a "
                     "larger input makes it fit)")
    return explain(summary), Explanation(failing.name, failing.kind, tuple(lines))


def _unchecked(layer: LayerSpec, shape: Shape) -> LayerSummary:
    """The failing layer as a row whose output sizes are the formulas' results, zero or negative as they are."""
    args = layer.args
    row = LayerSummary(layer.name, layer.kind, layer.inputs, (shape,), shape, (), True, 4, args)
    _, axes, _ = spatial(row)
    if layer.kind in POOLING:
        strides = args["strides"] or args["pool_size"]
        output = map_axes(shape, axes, lambda i, size: pool_output_length(size, args["pool_size"][i], strides[i],
                                                                          args["padding"]))
    else:
        output = map_axes(shape, axes, lambda i, size: conv_output_length(
            size, args["kernel_size"][i], args["strides"][i], args["padding"], args["dilation_rate"][i]))
    return row._replace(output_shape=output)
