"""Random layers for random-catalogue and random-graphs: LayerMaker, made of one mixin module per family
of kinds (a kind is the name of its method)."""

import math

from .activations import ActivationLayers
from .base import known_product
from .convolution import ConvolutionLayers
from .normalization import NormalizationLayers
from .pooling import PoolingLayers
from .regularization import RegularizationLayers
from .reshaping import ReshapingLayers


class LayerMaker(ConvolutionLayers, PoolingLayers, ReshapingLayers, NormalizationLayers, ActivationLayers,
                 RegularizationLayers):
    """Random layers of every kind that reads one tensor, on a tensor of known
    non-batch dims (ints, or None for an unknown size).

    ``make(kind, dims, fault)`` returns ``(class_name, kwargs, output dims)``,
    or None when the kind does not fit these dims.  With a fault the layer is
    meant to be refused and the output dims are the input's (the generator
    carries on as if the layer were not there).  The shape arithmetic is the
    generator's own, kept simple; Keras's verdict in the fixture is what counts.
    """

    MAX_VALUES = 40_000  # per sample, so that Keras builds quickly and weights stay small
    SPATIAL = ("conv", "conv_transpose", "depthwise", "separable", "pool", "global_pool",
               "zero_padding", "cropping", "upsampling", "spatial_dropout")
    # kind -> the faults it can carry
    FAULTS = {
        "conv": ("kernel_too_large", "strides_with_dilation", "groups_vs_channels", "causal_padding"),
        "conv_transpose": ("output_padding_vs_strides", "strides_with_dilation"),
        "depthwise": ("kernel_too_large",),
        "separable": ("kernel_too_large",),
        "pool": ("pool_too_large",),
        "cropping": ("crop_whole_axis",),
        "reshape": ("reshape_count",),
        "batch_norm": ("axis_out_of_range",),
        "layer_norm": ("axis_out_of_range",),
        "unit_norm": ("axis_out_of_range",),
        "normalization": ("axis_out_of_range", "mean_vs_axis"),
        "group_norm": ("groups_vs_channels",),
        "prelu": ("shared_axes_out_of_range",),
        "permute": ("wrong_rank",),
        "repeat_vector": ("wrong_rank",),
        "global_pool": ("wrong_rank",),
        "spatial_dropout": ("wrong_rank",),
        "wrong_rank_layer": ("wrong_rank",),
    }

    def fits(self, dims):
        return all(d is not None for d in dims) and math.prod(dims) <= self.MAX_VALUES or (
            None in dims and known_product(dims) <= self.MAX_VALUES // 8)

    def make(self, kind, dims, fault=None):
        made = getattr(self, kind)(list(dims), fault)
        if made is None:
            return None
        cls_name, kwargs, out = made
        if fault is None and not self.fits(out):
            return None
        return cls_name, kwargs, (list(dims) if fault else out)

    def applicable_faults(self, dims):
        n = len(dims)
        faults = []
        for kind, kind_faults in self.FAULTS.items():
            if kind in self.SPATIAL and kind not in ("global_pool", "spatial_dropout") and not 2 <= n <= 4:
                continue
            for fault in kind_faults:
                faults.append((kind, fault))
        return faults
