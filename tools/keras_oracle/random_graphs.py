"""``random-graphs``: branching models with merges, several outputs and unused layers."""

import random
import re
from typing import Any

from .layer_maker import LayerMaker


def snake_case(class_name):
    """Keras's naming.to_snake_case, which gives unnamed layers their names."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


class GraphSpec:
    """A random branching model: 1-2 named inputs, 3-12 layers, skip connections
    merged by Add/Subtract/Multiply/Average/Maximum/Minimum/Concatenate, several
    outputs or unused layers sometimes, named and auto-named layers mixed.
    About 20% of the cases get a fault (most often merged shapes that do not
    fit); case i depends only on (seed, i).

    Merges always read at least two tensors: a merge of one (`inputs: [a]`) is
    accepted by Keras but refused by convcalc on purpose (see docs/spec-format.md).
    """

    FAULT_RATE = 0.2
    INPUT_NAMES = ("image", "aux", "features", "signal", "mask_in", "context")
    MERGES = ("Add", "Add", "Concatenate", "Concatenate", "Subtract", "Multiply", "Average", "Maximum", "Minimum")
    UNARY = {"conv": 8, "separable": 1, "depthwise": 1, "conv_transpose": 1, "pool": 3, "global_pool": 1,
             "batch_norm": 3, "activation": 2, "relu": 1, "leaky_relu": 1, "prelu": 1, "dropout": 1,
             "zero_padding": 1, "cropping": 1, "upsampling": 1, "layer_norm": 1, "dense": 1, "flatten": 1}
    # layers for sequences of embedded tokens, most of which pass a mask on (or read it)
    TEXT_UNARY = {"conv": 2, "dense": 3, "batch_norm": 3, "layer_norm": 2, "softmax": 2, "dropout": 2,
                  "activation": 1, "relu": 1, "global_pool": 1, "pool": 1, "gaussian_noise": 1}

    # set by generate(): the layers so far, each tensor's dims, how often it is read, ...
    text: bool
    maker: LayerMaker
    merges: tuple[str, ...]
    layers: list[tuple[str, dict[str, Any]]]
    tensors: dict[str, list[Any]]  # name -> dims (ints, None for unknown)
    read_by: dict[str, int]
    auto: dict[str, int]
    named: int
    last: Any  # the name of the newest tensor (None before the first)
    inputs: dict[str, list[Any]]
    input_entries: set[str]

    def __init__(self, seed, index):
        self.rng = random.Random(f"keras_oracle:random-graphs:{seed}:{index}")
        self.index = index

    def chance(self, p):
        return self.rng.random() < p

    # -- bookkeeping

    def name_layer(self, cls_name, kwargs):
        if self.chance(0.45):
            self.named += 1
            name = f"{snake_case(cls_name).split('_')[0]}_n{self.named}"
            if self.chance(0.05):
                name = f"a_long_name_that_the_summary_cuts_short_{self.named}"
            kwargs = {"name": name, **kwargs}
        else:
            count = self.auto.get(cls_name, 0)
            self.auto[cls_name] = count + 1
            name = snake_case(cls_name) + (f"_{count}" if count else "")
        return name, kwargs

    def add(self, cls_name, kwargs, reads, dims):
        """Append a layer reading `reads` (a name or a list); returns its name."""
        name, kwargs = self.name_layer(cls_name, kwargs)
        implicit = isinstance(reads, str) and reads == self.last and (bool(self.layers) or len(self.inputs) == 1)
        if not (implicit and self.chance(0.7)):
            kwargs = {**kwargs, "inputs": reads}
        self.layers.append((cls_name, kwargs))
        self.tensors[name] = dims
        self.read_by.setdefault(name, 0)
        for r in [reads] if isinstance(reads, str) else reads:
            self.read_by[r] = self.read_by.get(r, 0) + 1
        self.last = name
        return name

    def unary(self, source, kinds=None, fault=None):
        dims = self.tensors[source]
        table = kinds or (self.TEXT_UNARY if self.text else self.UNARY)
        for _ in range(40):
            kind = self.rng.choices(list(table), list(table.values()))[0]
            made = self.maker.make(kind, dims, fault)
            if made:
                cls_name, kwargs, out = made
                return self.add(cls_name, kwargs, source, out)
        return None

    def same_shape_layer(self, source):
        """A layer keeping the shape, so that its output can be merged back with its source."""
        dims = self.tensors[source]
        n = len(dims)
        spatial, channel_axis = self.maker.axes(n, "channels_first" if self.maker.channels_first else "channels_last")
        choice = self.rng.random()
        if choice < 0.5 and 2 <= n <= 4 and dims[channel_axis] is not None:
            kwargs = {"filters": dims[channel_axis], "kernel_size": self.rng.choice([1, 3, 3, 5]), "padding": "same"}
            if self.maker.channels_first:
                kwargs["data_format"] = "channels_first"
            if self.chance(0.4):
                kwargs["activation"] = "relu"
            if self.chance(0.2):
                kwargs["use_bias"] = False
            return self.add(f"Conv{n - 1}D", kwargs, source, dims)
        if choice < 0.65 and n == 1:
            return self.add("Dense", {"units": dims[0]}, source, dims)
        if choice < 0.8 and dims[channel_axis] is not None:
            kwargs = {"axis": 1} if self.maker.channels_first and n > 1 else {}
            return self.add("BatchNormalization", kwargs, source, dims)
        if choice < 0.9:
            return self.add("Activation", {"activation": self.rng.choice(["relu", "sigmoid", "tanh"])}, source, dims)
        return self.add("ReLU", {}, source, dims)

    def merge(self, names):
        """A merge of `names` (two or more tensors of equal shape, unless faulty)."""
        rng = self.rng
        shapes = [self.tensors[n] for n in names]
        cls_name = rng.choice(self.merges)
        if cls_name == "Subtract" and len(names) != 2:
            cls_name = "Add"
        kwargs = {}
        dims = list(shapes[0])
        if cls_name == "Concatenate":
            n = len(dims)
            differ = [a for a in range(n) if len({s[a] for s in shapes}) > 1]
            if differ:
                axis = differ[0]
            else:
                axis = rng.randrange(n)
            if axis != n - 1 or rng.random() < 0.2:
                kwargs["axis"] = axis + 1 if rng.random() < 0.5 else axis - n
            dims[axis] = None if any(s[axis] is None for s in shapes) else sum(s[axis] for s in shapes)
        return self.add(cls_name, kwargs, list(names), dims)

    def mismatched_partner(self, source):
        """A new branch from `source` whose shape cannot be merged with it (for a fault)."""
        dims = self.tensors[source]
        n = len(dims)
        spatial, channel_axis = self.maker.axes(n, "channels_first" if self.maker.channels_first else "channels_last")
        if 2 <= n <= 4 and all(dims[a] is not None and dims[a] >= 4 for a in spatial) and dims[channel_axis]:
            kwargs = {"filters": dims[channel_axis] + self.rng.randint(1, 3), "kernel_size": 3}
            out = list(dims)
            if self.chance(0.5) and dims[channel_axis] > 1:
                out[channel_axis] = kwargs["filters"]  # other channels, same size
                kwargs["padding"] = "same"
            else:
                kwargs["filters"] = dims[channel_axis]  # same channels, smaller size
                for a in spatial:
                    out[a] = dims[a] - 2
            if self.maker.channels_first:
                kwargs["data_format"] = "channels_first"
            return self.add(f"Conv{n - 1}D", kwargs, source, out)
        units = (dims[-1] or 4) + self.rng.randint(1, 3)
        return self.add("Dense", {"units": units}, source, dims[:-1] + [units])

    # -- the whole spec

    def generate(self):
        rng = self.rng
        self.text = self.chance(0.12)
        self.maker = LayerMaker(rng, channels_first=not self.text and self.chance(0.15))
        self.layers, self.tensors, self.read_by, self.auto = [], {}, {}, {}
        self.named, self.last, self.inputs, self.input_entries = 0, None, {}, set()
        self.merges = self.MERGES
        if self.text:
            self.text_inputs()
        else:
            self.image_inputs()
        entries = len(self.input_entries)
        count = entries + max(rng.randint(3, 12), len(self.layers) - entries + 1)
        fault = None
        if self.chance(self.FAULT_RATE):
            fault = rng.choice(["merge_mismatch", "merge_mismatch", "merge_mismatch", "concat_axis_out_of_range",
                                "subtract_three", "merge_one_tensor", "unary"])
            if self.text and fault == "concat_axis_out_of_range":
                fault = "merge_mismatch"
        # a fault takes up to 3 entries; it comes at a random point where they fit
        fault_at = rng.randrange(len(self.layers), count - 2) if fault else None
        return self.grow(count, fault, fault_at)

    def text_inputs(self):
        """Token ids (an int32 Input entry) embedded, with a mask (mask_zero) most of the time.

        Concatenate is left out: convcalc refuses to join masked tensors with it (it does not model
        the operations Keras adds for their masks, which change Keras's names)."""
        rng = self.rng
        self.merges = tuple(m for m in self.MERGES if m != "Concatenate")
        length, width = rng.randint(4, 12), rng.randint(2, 8)
        if self.chance(0.4):
            self.inputs["features"] = [length, width]
            self.tensors["features"] = [length, width]
            self.read_by["features"] = 0
        self.layers.append(("Input", {"shape": [length], "dtype": "int32", "name": "tokens"}))
        self.tensors["tokens"] = [length]
        self.read_by["tokens"] = 0
        self.input_entries.add("tokens")
        self.last = "tokens"
        for _ in range(2 if self.chance(0.3) else 1):
            kwargs = {"input_dim": rng.randint(5, 60), "output_dim": width}
            if self.chance(0.75):
                kwargs["mask_zero"] = True
            self.add("Embedding", kwargs, "tokens", [length, width])

    def image_inputs(self):
        rng = self.rng
        n_inputs = 2 if self.chance(0.3) else 1
        rank = rng.choices([0, 1, 2, 3], [10, 25, 55, 10])[0]
        lo, hi = {0: (4, 32), 1: (6, 32), 2: (6, 20), 3: (4, 8)}[rank]
        size = rng.randint(lo, hi)
        channels = rng.randint(1, 6)
        self.inputs = {}
        for i, input_name in enumerate(rng.sample(self.INPUT_NAMES, n_inputs)):
            if rank == 0:
                dims = [size if i == 0 or self.chance(0.6) else rng.randint(lo, hi)]
            else:
                spatial = [size] * rank
                if i > 0 and self.chance(0.3):
                    spatial = [rng.randint(lo, hi)] * rank
                c = channels if i == 0 or self.chance(0.6) else rng.randint(1, 6)
                dims = [c] + spatial if self.maker.channels_first else spatial + [c]
            self.inputs[input_name] = dims
            self.tensors[input_name] = dims
            self.read_by[input_name] = 0
            self.last = input_name

    def grow(self, count, fault, fault_at):
        rng = self.rng
        intent = "valid"
        while len(self.layers) < count:
            room = count - len(self.layers)
            if fault_at is not None and len(self.layers) >= fault_at:
                intent = self.add_fault(fault)
                fault_at = None
                continue
            choice = rng.random()
            recent = self.last if self.chance(0.7) else rng.choice(self.sources())
            if choice < 0.3 and room >= 2:
                # a skip connection: a short branch from a tensor, merged back with it
                branch = recent
                for _ in range(rng.randint(1, min(3, room - 1))):
                    branch = self.same_shape_layer(branch)
                partners = [branch, recent]
                if len(self.inputs) + len(self.input_entries) == 2 and self.chance(0.3):
                    other = [t for t in self.tensors if t not in partners and self.tensors[t] == self.tensors[recent]]
                    if other:
                        partners.append(rng.choice(other))
                if self.chance(0.5):
                    partners.reverse()
                self.merge(partners)
            elif choice < 0.45:
                # merge tensors that happen to have the same shape (the inputs, parallel branches)
                groups: dict[tuple[Any, ...], list[str]] = {}
                for t in self.sources():
                    groups.setdefault(tuple(self.tensors[t]), []).append(t)
                candidates = [g for g in groups.values() if len(g) >= 2]
                if candidates:
                    group = rng.choice(candidates)
                    self.merge(rng.sample(group, min(len(group), rng.randint(2, 3))))
                elif self.chance(0.3):
                    self.merge([recent, recent])  # one tensor twice: Keras connects it twice
                else:
                    self.unary(recent)
            elif choice < 0.55 and room >= 3 and len(self.tensors[recent]) >= 2 and not self.text:
                # two parallel branches concatenated along the one axis where they differ
                a = self.unary(recent, {"conv": 3, "separable": 1, "pool": 1, "batch_norm": 1, "upsampling": 1})
                b = self.same_shape_layer(recent)
                if a and len(self.tensors[a]) == len(self.tensors[b]):
                    self.merge_concatenate(a, b)
            else:
                self.unary(recent)
        return self.finish(intent)

    def merge_concatenate(self, a, b):
        """Concatenate a and b along the one axis where they differ (Keras refuses otherwise)."""
        sa, sb = self.tensors[a], self.tensors[b]
        differ = [i for i, (x, y) in enumerate(zip(sa, sb, strict=False)) if x != y]
        if len(differ) > 1:
            return None
        n = len(sa)
        axis = differ[0] if differ else self.rng.randrange(n)
        out = list(sa)
        out[axis] = None if sa[axis] is None or sb[axis] is None else sa[axis] + sb[axis]
        kwargs = {}
        if axis != n - 1 or self.chance(0.2):
            kwargs["axis"] = axis + 1 if self.chance(0.5) else axis - n
        names = [a, b] if self.chance(0.5) else [b, a]
        return self.add("Concatenate", kwargs, names, out)

    def add_fault(self, fault):
        rng = self.rng
        source = self.last
        if fault == "merge_mismatch":
            other = self.mismatched_partner(source)
            names = [source, other] if self.chance(0.5) else [other, source]
            cls_name = rng.choice(self.merges)
            kwargs = {}
            if cls_name == "Concatenate" and len(self.tensors[source]) == 1:
                cls_name = "Add"  # vectors of any lengths concatenate
            if cls_name == "Concatenate":
                # differ along two axes (or along one that is not the concatenation axis)
                sa, sb = self.tensors[names[0]], self.tensors[names[1]]
                differ = [i for i, (x, y) in enumerate(zip(sa, sb, strict=False)) if x != y]
                n = len(sa)
                if len(differ) == 1:
                    axis = rng.choice([i for i in range(n) if i != differ[0]] or [0])
                    if axis != n - 1:
                        kwargs["axis"] = axis + 1
            self.add(cls_name, kwargs, names, self.tensors[source])
            return f"refused (merge_mismatch at layer {len(self.layers) - 1})"
        if fault in ("concat_axis_out_of_range", "subtract_three", "merge_one_tensor"):
            start = source
            branch = self.same_shape_layer(start)
            names = [start, branch]
            if fault == "subtract_three":
                names.append(self.same_shape_layer(branch))
            if fault == "concat_axis_out_of_range":
                n = len(self.tensors[start])
                self.add("Concatenate", {"axis": rng.choice([n + 1, -n - 2])}, names, self.tensors[start])
            elif fault == "subtract_three":
                self.add("Subtract", {}, names, self.tensors[start])
            else:
                self.add(rng.choice(self.merges), {}, branch, self.tensors[start])
            return f"refused ({fault} at layer {len(self.layers) - 1})"
        options = self.maker.applicable_faults(self.tensors[source])
        rng.shuffle(options)
        for kind, kind_fault in options:
            made = self.maker.make(kind, self.tensors[source], kind_fault)
            if made:
                cls_name, kwargs, out = made
                self.add(cls_name, kwargs, source, out)
                return f"refused ({kind_fault} in {cls_name} at layer {len(self.layers) - 1})"
        self.unary(source)
        return "valid"

    def finish(self, intent):
        rng = self.rng
        leaves = [name for name in self.layer_names() if not self.read_by.get(name)]
        spec: dict[str, Any] = {}
        if self.chance(0.5):
            spec["name"] = f"random_graph_{self.index:03d}"
        if self.inputs:
            spec["inputs"] = self.inputs
        spec["layers"] = self.layers
        last = self.layer_names()[-1]
        choice = rng.random()
        if choice < 0.45 or len(leaves) == 1:
            if rng.random() < 0.3:
                spec["outputs"] = last if rng.random() < 0.5 else [last]
        elif choice < 0.8:
            outputs = [n for n in leaves]
            rng.shuffle(outputs)
            inner = [n for n in self.layer_names() if n not in leaves]
            if inner and self.chance(0.3):
                # a layer other layers read is an output too
                outputs.insert(rng.randrange(len(outputs) + 1), rng.choice(inner))
            spec["outputs"] = outputs
        else:
            # some leaves are left out: Keras leaves their layers out of the model
            outputs = rng.sample(leaves, rng.randint(1, len(leaves) - 1))
            spec["outputs"] = outputs if len(outputs) > 1 or rng.random() < 0.5 else outputs[0]
        return spec, intent

    def sources(self):
        """The tensors layers may read (token ids only through an Embedding)."""
        return [name for name in self.tensors if name not in self.input_entries]

    def layer_names(self):
        return [name for name in self.tensors if name not in self.inputs and name not in self.input_entries]
