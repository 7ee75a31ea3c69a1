"""Random convolutions of every family, Dense, and layers of a rank that does not fit their input."""

from typing import Any

from .base import MakerBase


class ConvolutionLayers(MakerBase):
    def _window(self, sizes, padding, transposed):
        rank = len(sizes)
        strides, dilation = [1] * rank, [1] * rank
        if self.chance(0.4):
            strides = [self.rng.randint(1, 3) for _ in range(rank)]
            if self.chance(0.7):
                strides = [strides[0]] * rank
        elif self.chance(0.3):
            dilation = [self.rng.randint(1, 3)] * rank
            if rank > 1 and self.chance(0.2):
                dilation = [self.rng.randint(1, 3) for _ in range(rank)]
        kernel = []
        for size, d in zip(sizes, dilation, strict=False):
            if padding == "valid" and not transposed and size is not None:
                limit = max(1, min(5, (size - 1) // d + 1))
            else:
                limit = 5
            kernel.append(self.rng.randint(1, limit))
        if self.chance(0.6):
            kernel = [min(kernel)] * rank
        return kernel, strides, dilation

    def conv(self, dims, fault, family="conv"):
        n = len(dims)
        rank = n - 1
        if fault == "wrong_rank":
            return None
        if not 1 <= rank <= (2 if family in ("depthwise", "separable") else 3):
            return None
        kwargs: dict[str, Any] = {}
        fmt = self.fmt(kwargs)
        spatial, channel_axis = self.axes(n, fmt)
        channels = dims[channel_axis]
        if channels is None:
            return None
        sizes = [dims[a] for a in spatial]
        transposed = family == "conv_transpose"
        paddings = ["valid", "valid", "same", "same"] + (["causal"] if family == "conv" and rank == 1 else [])
        padding = self.rng.choice(paddings)
        if fault == "kernel_too_large":
            padding = "valid"
            if all(s is None for s in sizes):
                return None
        kernel, strides, dilation = self._window(sizes, padding, transposed)
        groups, output_padding, multiplier = 1, None, 1
        filters = self.rng.randint(1, 12)
        if family == "conv" and self.chance(0.15):
            divisors = [g for g in range(2, channels + 1) if channels % g == 0]
            if divisors:
                groups = self.rng.choice(divisors)
                filters = groups * self.rng.randint(1, 4)
        if family in ("depthwise", "separable") and self.chance(0.5):
            multiplier = self.rng.randint(1, 3)
        if transposed and self.chance(0.35):
            output_padding = [self.rng.randrange(s) for s in strides]

        if fault == "kernel_too_large":
            known = [i for i, s in enumerate(sizes) if s is not None]
            axis = self.rng.choice(known)
            dilation = [1] * rank
            kernel = list(kernel)
            kernel[axis] = sizes[axis] + self.rng.randint(1, 3)
            if family == "conv" and self.chance(0.3) and sizes[axis] >= 4 and max(strides) == 1:
                d = self.rng.randint(2, 3)
                dilation = [d] * rank
                kernel = [min(k, 3) for k in kernel]
                kernel[axis] = (sizes[axis] - 1) // d + 2
        elif fault == "strides_with_dilation":
            strides = [self.rng.randint(2, 3)] * rank
            dilation = [self.rng.randint(2, 3)] * rank
            output_padding = None
        elif fault == "groups_vs_channels":
            choices = [g for g in range(2, channels + 2) if channels % g]
            if not choices:
                return None
            groups = self.rng.choice(choices)
            filters = groups * self.rng.randint(1, 3)
        elif fault == "causal_padding":
            if rank == 1:
                return None
            padding = "causal"
        elif fault == "output_padding_vs_strides":
            axis = self.rng.randrange(rank)
            output_padding = [self.rng.randrange(s) for s in strides]
            output_padding[axis] = strides[axis] + self.rng.randint(0, 1)
        elif fault is not None:
            return None

        if family == "depthwise":
            kwargs = {"kernel_size": self.per_dim(kernel), **kwargs}
            if multiplier != 1 or self.chance(0.1):
                kwargs["depth_multiplier"] = multiplier
        else:
            kwargs = {"filters": filters, "kernel_size": self.per_dim(kernel), **kwargs}
            if family == "separable" and (multiplier != 1 or self.chance(0.1)):
                kwargs["depth_multiplier"] = multiplier
        if max(strides) > 1 or self.chance(0.1):
            kwargs["strides"] = self.per_dim(strides)
        if padding != "valid" or self.chance(0.2):
            kwargs["padding"] = padding
        if max(dilation) > 1:
            kwargs["dilation_rate"] = self.per_dim(dilation)
        if groups != 1:
            kwargs["groups"] = groups
        if output_padding is not None:
            kwargs["output_padding"] = self.per_dim(output_padding)
        if self.chance(0.15):
            kwargs["use_bias"] = False
        if self.chance(0.4):
            kwargs["activation"] = self.rng.choice(self.ACTIVATIONS)

        out = list(dims)
        for axis, size, k, s, d, i in zip(spatial, sizes, kernel, strides, dilation, range(rank), strict=False):
            if size is None:
                continue
            k_eff = d * (k - 1) + 1
            if transposed:
                p = None if output_padding is None else output_padding[i]
                if padding == "valid":
                    out[axis] = (size - 1) * s + k_eff + (max(k_eff, s) - k_eff if p is None else p)
                elif p is None:
                    out[axis] = size * s
                else:
                    out[axis] = (size - 1) * s + k_eff % 2 + p
            elif padding == "valid":
                out[axis] = (size - k_eff) // s + 1
            else:
                out[axis] = -(-size // s)
        if fault is None and any(d is not None and d <= 0 for d in out):
            return None
        out[channel_axis] = channels * multiplier if family == "depthwise" else filters
        name = {"conv": f"Conv{rank}D", "conv_transpose": f"Conv{rank}DTranspose",
                "depthwise": f"DepthwiseConv{rank}D", "separable": f"SeparableConv{rank}D"}[family]
        return name, kwargs, out

    def conv_transpose(self, dims, fault):
        return self.conv(dims, fault, "conv_transpose")

    def depthwise(self, dims, fault):
        return self.conv(dims, fault, "depthwise")

    def separable(self, dims, fault):
        return self.conv(dims, fault, "separable")

    def wrong_rank_layer(self, dims, fault):
        """A convolution, pooling, padding or upsampling layer of a rank that does not fit the input."""
        if fault != "wrong_rank":
            return None
        rank = self.rng.choice([r for r in (1, 2, 3) if r != len(dims) - 1])
        kind = self.rng.choice(["Conv", "Conv", "ConvTranspose", "DepthwiseConv", "MaxPooling", "AveragePooling",
                                "ZeroPadding", "UpSampling"])
        if kind == "DepthwiseConv" and rank == 3:
            kind = "Conv"
        if kind in ("Conv", "ConvTranspose"):
            name = f"Conv{rank}D" + ("Transpose" if kind == "ConvTranspose" else "")
            return name, {"filters": self.rng.randint(1, 8), "kernel_size": self.rng.randint(1, 3)}, dims
        if kind == "DepthwiseConv":
            return f"DepthwiseConv{rank}D", {"kernel_size": self.rng.randint(1, 3)}, dims
        if kind == "AveragePooling":
            return f"AveragePooling{rank}D", {"pool_size": 1}, dims
        return f"{kind}{rank}D", {}, dims

    def dense(self, dims, fault):
        if fault is not None or dims[-1] is None or dims[-1] > 4000:
            return None
        kwargs: dict[str, Any] = {"units": self.rng.randint(1, 16)}
        if self.chance(0.5):
            kwargs["activation"] = self.rng.choice(self.ACTIVATIONS)
        if self.chance(0.1):
            kwargs["use_bias"] = False
        if self.chance(0.05):
            kwargs["lora_rank"] = self.rng.randint(1, 3)
        return "Dense", kwargs, dims[:-1] + [kwargs["units"]]
