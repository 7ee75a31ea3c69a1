"""explain's working for PyTorch models (`framework: torch`): PyTorch's formulas, argument names and shapes.

explain.py hands a torch model's layers here and keeps the Keras working to itself. Each module kind has its
shape and parameter formulas in the tables SHAPES and PARAMS, keyed by the module's name (the class torchinfo
shows, a Lazy module's included); a kind not in them gets the generic lines (the shape unchanged, each
parameter tensor's size). Shapes are written as torchinfo's table writes them, [1, 32, 26, 26], batch included.
The results are always the row's own (its output shape, its weights, its cost), so the working ends on the
summary's numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from .explain_torch_field import field_lines
from .model import LayerSummary, split_call
from .shapes import Dim
from .torch_modules.fields import padding_before as padded
from .torch_modules.pooling import stride_of, window_count
from .torch_modules.recurrent import GATES

NOTE = ("PyTorch's conventions: shapes as torchinfo prints them, [N, C, H, W] (channels first, the batch "
        "included); sizes and parameters by PyTorch's formulas; MACs for one sample, weights only (torchinfo's "
        "Total mult-adds also counts the biases and the batch); receptive fields with PyTorch's padding")
AXES = {1: ("L",), 2: ("H", "W"), 3: ("D", "H", "W")}
CONV = tuple(f"Conv{rank}d" for rank in (1, 2, 3))
TRANSPOSED = tuple(f"ConvTranspose{rank}d" for rank in (1, 2, 3))
POOLS = tuple(f"{mode}Pool{rank}d" for mode in ("Max", "Avg") for rank in (1, 2, 3))
ADAPTIVE = tuple(f"Adaptive{mode}Pool{rank}d" for mode in ("Max", "Avg") for rank in (1, 2, 3))
BATCH_NORMS = tuple(f"BatchNorm{rank}d" for rank in (1, 2, 3))
WINDOWED = CONV + TRANSPOSED + POOLS


def n(value: int | None) -> str:
    return "None" if value is None else f"{value:,}"


def shape(dims: Sequence[Dim]) -> str:
    """A shape as torchinfo's Output Shape column writes it: [1, 32, 26, 26]."""
    return "[" + ", ".join(str(d) for d in dims) + "]"


def rank_of(layer: LayerSummary) -> int:
    return int(layer.type[-2])  # Conv2d, MaxPool3d, ...: the digit before "d"


def spatial(layer: LayerSummary) -> list[tuple[str, int, int]]:
    """(axis name, input size, output size) of each spatial axis: the last `rank` of (N, C, *spatial)."""
    rank = rank_of(layer)
    sizes = layer.input_shapes[0][-rank:]
    return [(label, int(size or 0), int(out or 0))
            for label, size, out in zip(AXES[rank], sizes, layer.output_shape[-rank:], strict=True)]


def conv_size(size: int, k: int, s: int, p: int, d: int) -> str:
    """floor((H + 2p − d(k − 1) − 1) / s) + 1 with the numbers in it, before its result."""
    return f"floor(({n(size)} + 2×{p} − {d}×({k} − 1) − 1) / {s}) + 1"


def _conv_axes(layer: LayerSummary) -> list[str]:
    args = layer.args
    pads = padded(args, rank_of(layer))  # on each side; 'same': the side before
    if args["padding"] == "same":
        return [f"floor(({n(size)} + {d * (k - 1)} − {d}×({k} − 1) − 1) / 1) + 1 = {n(out)}, padded "
                f"{p} before and {d * (k - 1) - p} after" for (_, size, out), k, d, p
                in zip(spatial(layer), args["kernel_size"], args["dilation"], pads, strict=True)]
    return [f"{conv_size(size, k, s, p, d)} = {n(out)}" for (_, size, out), k, s, p, d
            in zip(spatial(layer), args["kernel_size"], args["stride"], pads, args["dilation"], strict=True)]


def _transposed_axes(layer: LayerSummary) -> list[str]:
    args = layer.args
    return [f"({n(size)} − 1) × {s} − 2×{p} + {d}×({k} − 1) + {op} + 1 = {n(out)}"
            for (_, size, out), k, s, p, d, op in zip(spatial(layer), args["kernel_size"], args["stride"],
                                                      args["padding"], args["dilation"], args["output_padding"],
                                                      strict=True)]


def _pool_axes(layer: LayerSummary) -> list[str]:
    args = layer.args
    windows = zip(spatial(layer), args["kernel_size"], stride_of(args), args["padding"],
                  args.get("dilation", (1,) * rank_of(layer)), strict=True)
    if not args["ceil_mode"]:
        return [f"{conv_size(size, k, s, p, d)} = {n(out)}" for (_, size, out), k, s, p, d in windows]
    lines = []
    for (_, size, out), k, s, p, d in windows:
        ceiled = window_count(size, k, s, p, d, ceil_mode=True)  # before the last-window rule
        working = f"ceil(({n(size)} + 2×{p} − {d}×({k} − 1) − 1) / {s}) + 1 = {n(ceiled)}"
        if ceiled != out:
            working += f", and ({n(ceiled)} − 1) × {s} ≥ {n(size)} + {p}: its last window is dropped, {n(out)}"
        lines.append(working)
    return lines


AXES_WORKING: dict[str, Callable[[LayerSummary], list[str]]] = {
    **dict.fromkeys(CONV, _conv_axes), **dict.fromkeys(TRANSPOSED, _transposed_axes),
    **dict.fromkeys(POOLS, _pool_axes),
}


def axes_working(layer: LayerSummary) -> dict[int, str]:
    """Each spatial output axis's size worked out, by its index in the output shape (a quiz quotes one)."""
    if layer.type not in AXES_WORKING:
        return {}
    rank = rank_of(layer)
    return {len(layer.output_shape) - rank + i: line for i, line in enumerate(AXES_WORKING[layer.type](layer))}


def _labelled(layer: LayerSummary) -> list[str]:
    return [f"  {label}: {line}" for (label, _, _), line in zip(spatial(layer), AXES_WORKING[layer.type](layer),
                                                                   strict=True)]


def _conv_shape(layer: LayerSummary) -> list[str]:
    args = layer.args
    if args["padding"] == "same":
        header = ("padding='same' (torch allows it only at stride 1): torch pads d(k − 1) in all, the smaller half "
                  "before, so floor((H + d(k − 1) − d(k − 1) − 1) / 1) + 1 = H")
    else:
        header = f"each size: floor((H + 2p − d(k − 1) − 1) / s) + 1, with padding={_arg(args['padding'])}"
    return [header, *_labelled(layer), f"  channels: out_channels = {n(args['out_channels'])}"]


def _transposed_shape(layer: LayerSummary) -> list[str]:
    return ["a transposed convolution grows each size: (H − 1) × s − 2p + d(k − 1) + output_padding + 1",
            *_labelled(layer), f"  channels: out_channels = {n(layer.args['out_channels'])}"]


def _pool_shape(layer: LayerSummary) -> list[str]:
    default = "" if layer.args["stride"] else " (stride defaults to kernel_size)"
    if not layer.args["ceil_mode"]:
        return [f"each size: floor((H + 2p − d(k − 1) − 1) / s) + 1{default}", *_labelled(layer)]
    return [f"ceil_mode=True: each size is ceil((H + 2p − d(k − 1) − 1) / s) + 1{default}, less a last window "
            "that would start in the right padding ((out − 1) × s ≥ H + p)", *_labelled(layer)]


def _adaptive_shape(layer: LayerSummary) -> list[str]:
    return [f"an adaptive pool's output is its output_size={_arg(layer.args['output_size'])} (None keeps the "
            "input's size), whatever the input; the windows are sized to fit"]


def _linear_shape(layer: LayerSummary) -> list[str]:
    args = layer.args
    return [f"Linear acts on the last axis: in_features = {n(layer.input_shapes[0][-1])} → out_features = "
            f"{n(args['out_features'])}"]


def _flatten_shape(layer: LayerSummary) -> list[str]:
    args, dims = layer.args, layer.input_shapes[0]
    start, end = args["start_dim"] % max(len(dims), 1), args["end_dim"] % max(len(dims), 1)
    joined = dims[start:end + 1]
    return [f"Flatten(start_dim={args['start_dim']}, end_dim={args['end_dim']}) joins axes {start} to {end} "
            f"into one: {' × '.join(n(d) for d in joined)} = {n(math.prod(d or 0 for d in joined))}"]


def _recurrent_shape(layer: LayerSummary) -> list[str]:
    args = layer.args
    layout = "[N, L, H_in] (batch_first)" if args["batch_first"] else "[L, N, H_in]"
    out = args.get("proj_size") or args["hidden_size"]
    directions = 2 if args["bidirectional"] else 1
    what = "proj_size" if args.get("proj_size") else "hidden_size"
    state = "h_n and c_n" if layer.type == "LSTM" else "h_n"
    return [f"{layer.type} reads {layout}; torchinfo's row is its output, beside which it returns {state}, with "
            f"D × {what} = {directions} × {n(out)} = {n(directions * out)} features per step"]


def _axes_of(rank: int, dims: Sequence[Dim]) -> list[tuple[str, int]]:
    """(name, size) of the last `rank` axes."""
    return [(label, int(size or 0)) for label, size in zip(AXES[rank], dims[-rank:], strict=True)]


def _upsample_shape(layer: LayerSummary) -> list[str]:
    args, rank = layer.args, len(layer.output_shape) - 2
    if args["size"] is not None:
        return [f"Upsample(size={_arg(args['size'])}) sets each spatial size, whatever the input's"]
    factors = args["scale_factor"] if isinstance(args["scale_factor"], tuple) else (args["scale_factor"],) * rank
    return ["each size: floor(H × scale_factor)"] + [
        f"  {label}: floor({n(size)} × {factor}) = {n(out)}" for (label, size), factor, out
        in zip(_axes_of(rank, layer.input_shapes[0]), factors, layer.output_shape[-rank:], strict=True)]


def _shuffle_shape(layer: LayerSummary) -> list[str]:
    (c, h, w), out = layer.input_shapes[0][-3:], layer.output_shape[-3:]
    if layer.type == "PixelShuffle":
        r = layer.args["upscale_factor"]
        return [f"PixelShuffle moves r² = {r * r} channels into an r × r block: C / r² = {n(c)} / {r * r} = "
                f"{n(out[0])}, H × r = {n(h)} × {r} = {n(out[1])}, W × r = {n(w)} × {r} = {n(out[2])}"]
    r = layer.args["downscale_factor"]
    return [f"PixelUnshuffle moves each r × r block into r² = {r * r} channels: C × r² = {n(c)} × {r * r} = "
            f"{n(out[0])}, H / r = {n(h)} / {r} = {n(out[1])}, W / r = {n(w)} / {r} = {n(out[2])}"]


def _pad_shape(layer: LayerSummary) -> list[str]:
    pads, rank = layer.args["padding"], rank_of(layer)
    lines = [f"padding={_arg(pads)} is read as F.pad reads it: (left, right) of the last axis first, then the one "
             "before it"]
    for i, ((label, size), out) in enumerate(zip(_axes_of(rank, layer.input_shapes[0])[::-1],
                                                 layer.output_shape[::-1], strict=False)):
        lines.append(f"  {label}: {n(size)} + {pads[2 * i]} + {pads[2 * i + 1]} = {n(out)}")
    return lines


def _unflatten_shape(layer: LayerSummary) -> list[str]:
    args = layer.args
    axis = args["dim"] % len(layer.input_shapes[0])
    return [f"Unflatten(dim={args['dim']}, unflattened_size={list(args['unflattened_size'])}) splits axis {axis}, "
            f"of size {n(layer.input_shapes[0][axis])}, into "
            f"{' × '.join(n(d) for d in layer.output_shape[axis:axis + len(args['unflattened_size'])])}"]


def _embedding_shape(layer: LayerSummary) -> list[str]:
    return [f"each index becomes a vector of embedding_dim = {n(layer.args['embedding_dim'])} values: a new last axis"]


SHAPES: dict[str, Callable[[LayerSummary], list[str]]] = {
    "Upsample": _upsample_shape, "PixelShuffle": _shuffle_shape, "PixelUnshuffle": _shuffle_shape,
    **{f"{kind}Pad{rank}d": _pad_shape for kind in ("Zero", "Constant", "Reflection", "Replication")
       for rank in (1, 2, 3)},
    "Unflatten": _unflatten_shape, "Embedding": _embedding_shape,
    **dict.fromkeys(CONV, _conv_shape), **dict.fromkeys(TRANSPOSED, _transposed_shape),
    **dict.fromkeys(POOLS, _pool_shape), **dict.fromkeys(ADAPTIVE, _adaptive_shape),
    "Linear": _linear_shape, "Flatten": _flatten_shape, **dict.fromkeys(GATES, _recurrent_shape),
}


def _arg(value: object) -> str:
    """An argument as it is usually written: 3 for (3, 3), (2, 1), 'same'."""
    if isinstance(value, tuple) and value and all(item == value[0] for item in value):
        return repr(value[0])
    return repr(value)


def _conv_params(layer: LayerSummary) -> str:
    args = layer.args
    rank = rank_of(layer)
    transposed = layer.type in TRANSPOSED
    c_in = int(layer.input_shapes[0][-rank - 1] or 0)  # a Lazy module's in_channels is the input's
    groups, kernel = args["groups"], " × ".join(str(k) for k in args["kernel_size"])
    if transposed:
        formula = "in_channels × (out_channels / groups) × kernel_size"
        worked = f"{n(c_in)} × {n(args['out_channels'] // groups)} × {kernel}"
    else:
        formula = "out_channels × (in_channels / groups) × kernel_size"
        worked = f"{n(args['out_channels'])} × {n(c_in // groups)} × {kernel}"
    if args["bias"]:
        formula += " + out_channels (bias)"
        worked += f" + {n(args['out_channels'])}"
    return f"{formula} = {worked} = {n(layer.params)}"


def _linear_params(layer: LayerSummary) -> str:
    args, d_in = layer.args, layer.input_shapes[0][-1]
    bias = f" + {n(args['out_features'])}" if args["bias"] else ""
    return f"in_features × out_features{' + out_features (bias)' if bias else ''} = " \
           f"{n(d_in)} × {n(args['out_features'])}{bias} = {n(layer.params)}"


def _batch_norm_params(layer: LayerSummary) -> str:
    args = layer.args
    c = layer.input_shapes[0][1]
    counted = f"2 × num_features (weight, bias) = 2 × {n(c)} = {n(layer.params)}" if args["affine"] else \
        "0 (affine=False: no weight nor bias)"
    if not args["track_running_stats"]:
        return counted + "; track_running_stats=False: no running buffers"
    return counted + f"; its buffers running_mean and running_var ({n(c)} each) and num_batches_tracked are not " \
                     "parameters (torch and torchinfo do not count them)"


def _recurrent_params(layer: LayerSummary) -> list[str]:
    args = layer.args
    gates, hidden = GATES[layer.type], args["hidden_size"]
    proj = args.get("proj_size") or 0
    out = proj or hidden
    directions = 2 if args["bidirectional"] else 1
    formula = f"per layer and direction, {gates} × hidden_size × (features in + " \
              f"{'proj_size' if proj else 'hidden_size'})" + (f" + 2 × {gates} × hidden_size (bias_ih, bias_hh)"
                                                              if args["bias"] else "") \
        + (" + proj_size × hidden_size (weight_hr)" if proj else "")
    lines, totals = [formula], []
    for index in range(args["num_layers"]):
        features = args["input_size"] if index == 0 else directions * out
        each = gates * hidden * (features + out) + (2 * gates * hidden if args["bias"] else 0) + proj * hidden
        worked = f"{gates} × {n(hidden)} × ({n(features)} + {n(out)})" \
            + (f" + 2 × {gates} × {n(hidden)}" if args["bias"] else "") \
            + (f" + {n(proj)} × {n(hidden)}" if proj else "")
        lines.append(f"  layer {index}: {worked} = {n(each)}"
                     + (f", × 2 directions = {n(2 * each)}" if directions == 2 else ""))
        totals.append(directions * each)
    if len(totals) > 1:
        lines.append(f"  total {' + '.join(n(t) for t in totals)} = {n(layer.params)}")
    return lines


def _norm_params(layer: LayerSummary) -> str:
    """LayerNorm, GroupNorm, InstanceNorm: a weight and a bias of the normalized size, when affine."""
    if not layer.weights:
        return "0 (no affine weight nor bias)"
    what = {"LayerNorm": "prod(normalized_shape)", "GroupNorm": "num_channels"}.get(layer.type, "num_features")
    size = layer.weights[0].size
    names = " and ".join(w.name for w in layer.weights)
    return f"{len(layer.weights)} × {what} ({names}) = {len(layer.weights)} × {n(size)} = {n(layer.params)}" + \
        ("; its running buffers are not parameters" if layer.args.get("track_running_stats") else "")


def _embedding_params(layer: LayerSummary) -> str:
    args = layer.args
    return f"num_embeddings × embedding_dim = {n(args['num_embeddings'])} × {n(args['embedding_dim'])} = " \
           f"{n(layer.params)}"


PARAMS: dict[str, Callable[[LayerSummary], str | list[str]]] = {
    "LayerNorm": _norm_params, "GroupNorm": _norm_params, "Embedding": _embedding_params,
    **{f"InstanceNorm{rank}d": _norm_params for rank in (1, 2, 3)},
    **dict.fromkeys(CONV + TRANSPOSED, _conv_params), "Linear": _linear_params,
    **dict.fromkeys(BATCH_NORMS, _batch_norm_params), **dict.fromkeys(GATES, _recurrent_params),
}


def params_working(layer: LayerSummary) -> list[str]:
    """A module's parameter count worked out: its formula (and its steps), or each parameter tensor's size."""
    if layer.type in PARAMS:
        found = PARAMS[layer.type](layer)
        return [found] if isinstance(found, str) else found
    if not layer.weights:
        return ["0 (no parameters)"]
    parts = [f"{w.name} {' × '.join(n(d) for d in w.shape)} = {n(w.size)}" for w in layer.weights]
    return [f"{'; '.join(parts)}; total {n(layer.params)}"]


def macs_line(layer: LayerSummary) -> str:
    """MACs for one sample: each weight once per position it is applied at (a transposed convolution's: the input's)."""
    weights = sum(w.size for w in layer.weights if not w.name.startswith("bias"))
    if layer.type in GATES:
        return f"MACs: {n(weights)} weights × {n(layer.input_shapes[0][1 if layer.args['batch_first'] else 0])} " \
               f"time steps = {n(layer.macs)}"
    positions = (layer.macs or 0) // weights if weights else 0
    where = "input" if layer.type in TRANSPOSED else "output"
    return f"MACs: {n(weights)} weights × {n(positions)} {where} position{'s' if positions != 1 else ''} " \
           f"= {n(layer.macs)}"


def sections(layer: LayerSummary) -> dict[str, list[str]]:
    """The working of one module in parts, as explain.sections gives a Keras layer's: shape, params, macs, field."""
    lines = SHAPES[layer.type](layer) if layer.type in SHAPES else \
        ["the shape is unchanged"] if layer.input_shapes == (layer.output_shape,) else []
    module, call = split_call(layer.name)
    first, *steps = params_working(layer)
    params = [f"params: {first}", *steps] if not call else \
        [f"params: those of {module}, called again: torchinfo's (recursive) row, counted once in Total params"]
    if layer.weights and layer.non_trainable_params:
        params.append(f"  trainable {n(layer.trainable_params)}, non-trainable {n(layer.non_trainable_params)}")
    return {"shape": lines + [f"output {shape(layer.output_shape)}"], "params": params,
            "macs": [macs_line(layer)] if layer.macs else [], "field": field_lines(layer)}


def working(layer: LayerSummary) -> list[str]:
    """Every line of a module's working, its input first."""
    parts = sections(layer)
    return [f"input {', '.join(shape(s) for s in layer.input_shapes)}"] + [line for part in parts.values()
                                                                           for line in part]
