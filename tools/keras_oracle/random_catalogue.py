"""``random-catalogue``: chains of 1-6 layers drawn from every kind that reads one tensor."""

import random
from typing import Any

from .layer_maker import LayerMaker

# Layer kinds whose constructor takes only some of Keras's base Layer arguments
_NO_TRAINABLE_ARG = ("SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D")


class CatalogueSpec:
    """A random chain of 1-6 layers over every registered kind that reads one
    tensor.  About 20% of the cases get one fault at a random position;
    case i depends only on (seed, i).
    """

    FAULT_RATE = 0.2
    WEIGHTS = {
        "conv": 6, "conv_transpose": 4, "depthwise": 3, "separable": 3, "pool": 4, "global_pool": 3,
        "zero_padding": 2, "cropping": 2, "upsampling": 2, "spatial_dropout": 1,
        "flatten": 2, "dense": 3, "batch_norm": 2, "layer_norm": 2, "group_norm": 2, "unit_norm": 1,
        "normalization": 2, "rescaling": 1, "relu": 1, "leaky_relu": 1, "prelu": 2, "elu": 1,
        "softmax": 1, "activation": 1, "dropout": 1, "gaussian_noise": 1, "gaussian_dropout": 1,
        "activity_regularization": 1, "reshape": 2, "permute": 2, "repeat_vector": 2,
    }
    SIZE_RANGE = {0: (2, 64), 1: (4, 40), 2: (3, 24), 3: (3, 9)}
    maker: LayerMaker  # set by generate()

    def __init__(self, seed, index):
        self.rng = random.Random(f"keras_oracle:random-catalogue:{seed}:{index}")
        self.index = index

    def chance(self, p):
        return self.rng.random() < p

    def common_kwargs(self, cls_name, kwargs, position):
        if self.chance(0.04) and cls_name not in _NO_TRAINABLE_ARG:
            kwargs["trainable"] = False
        if self.chance(0.03):
            kwargs["dtype"] = self.rng.choice(["float16", "mixed_float16", "bfloat16"])
        if self.chance(0.06):
            kwargs["name"] = f"layer_{position}"
            if self.chance(0.3):
                kwargs["name"] = f"a_rather_long_layer_name_for_the_summary_table_{position}"
        return kwargs

    def input_dims(self):
        rng = self.rng
        rank = rng.choices([0, 1, 2, 3], [15, 30, 40, 15])[0]
        lo, hi = self.SIZE_RANGE[rank]
        if rank == 0:
            return [rng.randint(lo, hi)]
        first = rng.randint(lo, hi)
        spatial: list[int | None] = [first if self.chance(0.6) else rng.randint(lo, hi) for _ in range(rank)]
        if self.chance(0.08):
            spatial[rng.randrange(rank)] = None
        channels = rng.randint(1, 8)
        return [channels] + spatial if self.maker.channels_first else spatial + [channels]

    def generate(self):
        rng = self.rng
        self.maker = LayerMaker(rng, channels_first=self.chance(0.2))
        remaining = rng.randint(1, 6)
        layers = []
        spec: dict[str, Any] = {}
        if self.chance(0.08):
            # Embedding first, on integer indices
            dims = [rng.randint(2, 12)] + ([rng.randint(2, 4)] if self.chance(0.3) else [])
            output_dim = rng.randint(1, 12)
            kwargs = {"input_dim": rng.randint(5, 200), "output_dim": output_dim}
            if self.chance(0.4):
                kwargs["mask_zero"] = True
            if self.chance(0.5):
                # keras.Input(dtype="int32") as an entry: a graph (a chain), with its InputLayer row
                layers.append(("Input", {"shape": list(dims), "dtype": "int32"}))
            else:
                spec["input_shape"] = list(dims)
            layers.append(("Embedding", self.common_kwargs("Embedding", kwargs, len(layers))))
            dims = dims + [output_dim]
            remaining -= 1
        else:
            dims = self.input_dims()
            spec["input_shape"] = list(dims)
        fault_at = len(layers) + rng.randrange(remaining) if remaining and self.chance(self.FAULT_RATE) else None
        intent = "valid"
        kinds, weights = list(self.WEIGHTS), list(self.WEIGHTS.values())
        for _ in range(remaining):
            made = None
            if len(layers) == fault_at:
                options = self.maker.applicable_faults(dims)
                rng.shuffle(options)
                for kind, fault in options:
                    made = self.maker.make(kind, dims, fault)
                    if made:
                        intent = f"refused ({fault} in {made[0]} at layer {len(layers)})"
                        break
            for _ in range(50):
                if made:
                    break
                made = self.maker.make(rng.choices(kinds, weights)[0], dims)
            cls_name, kwargs, dims = made or self.maker.make("activation", dims)
            layers.append((cls_name, self.common_kwargs(cls_name, kwargs, len(layers))))
        spec["layers"] = layers
        if self.chance(0.5):
            spec = {"name": f"random_catalogue_{self.index:03d}", **spec}
        return spec, intent
