"""torch's functional operations in a forward pass (TorchModelBuilder.add_op): hidden rows that carry shapes to
the next module but show no row and count nothing. Models built by hand here, as a reader of nn.Module code will
build them, and compared with torchinfo 1.8.0's text for the same classes (tools/torch_oracle/forwards.py,
recorded by `python -m tools.torch_oracle --forwards tests/torch_oracle/forwards.json`)."""

from __future__ import annotations

import json
import random

import pytest
from conftest import ROOT

from convcalc.engine import compute
from convcalc.errors import SpecError, SpecErrors
from convcalc.readers.torch_graph import TorchModelBuilder
from convcalc.render import torchinfo
from convcalc.torch_modules import FUNCTIONAL

FORWARDS = json.loads((ROOT / "tests" / "torch_oracle" / "forwards.json").read_text(encoding="utf-8"))

# (operation, arguments, input sizes, output shape): each row checked against torch on tensors of those sizes
TABLE = [
    ("view", {"shape": [-1, 320]}, [[2, 20, 4, 4]], [2, 320]),
    ("view", {"shape": [3, -1, 2]}, [[2, 3, 4]], [3, 4, 2]),
    ("flatten", {}, [[2, 3, 4]], [24]),
    ("flatten", {"start_dim": 1}, [[2, 3, 4, 5]], [2, 60]),
    ("flatten", {"start_dim": -3, "end_dim": -2}, [[2, 3, 4, 5]], [2, 12, 5]),
    ("cat", {"dim": 1}, [[1, 6, 8, 8], [1, 10, 8, 8]], [1, 16, 8, 8]),
    ("cat", {"dim": -1}, [[2, 3], [2, 4], [2, 1]], [2, 8]),
    ("stack", {"dim": 1}, [[2, 3], [2, 3]], [2, 2, 3]),
    ("stack", {"dim": -1}, [[2, 3], [2, 3], [2, 3]], [2, 3, 3]),
    ("broadcast", {"op": "add"}, [[2, 8, 4, 4], [2, 8, 4, 4]], [2, 8, 4, 4]),
    ("broadcast", {"op": "mul"}, [[2, 8, 4, 4], [2, 8, 1, 1]], [2, 8, 4, 4]),
    ("broadcast", {"op": "sub"}, [[5, 1, 3], [4, 1]], [5, 4, 3]),
    ("broadcast", {"op": "div"}, [[2, 3]], [2, 3]),  # a tensor and a number
    ("matmul", {}, [[2, 5, 4], [2, 4, 3]], [2, 5, 3]),
    ("matmul", {}, [[7, 1, 5, 4], [3, 4, 6]], [7, 3, 5, 6]),
    ("matmul", {}, [[5, 4], [4]], [5]),
    ("matmul", {}, [[4], [2, 4, 3]], [2, 3]),
    ("permute", {"dims": [0, 2, 3, 1]}, [[1, 3, 4, 5]], [1, 4, 5, 3]),
    ("permute", {"dims": [-1, 0, 1]}, [[2, 3, 4]], [4, 2, 3]),
    ("transpose", {"dim0": 1, "dim1": -1}, [[2, 3, 4]], [2, 4, 3]),
    ("reduce", {"dim": [2, 3]}, [[2, 8, 4, 4]], [2, 8]),
    ("reduce", {"op": "sum", "dim": 1, "keepdim": True}, [[2, 8, 4]], [2, 1, 4]),
    ("reduce", {"op": "amax", "dim": -1}, [[2, 8, 4]], [2, 8]),
    ("reduce", {"op": "mean"}, [[2, 8, 4]], []),
    ("squeeze", {}, [[1, 3, 1, 4]], [3, 4]),
    ("squeeze", {"dim": 1}, [[2, 1, 4]], [2, 4]),
    ("squeeze", {"dim": 2}, [[2, 1, 4]], [2, 1, 4]),  # not of size 1: kept
    ("unsqueeze", {"dim": -1}, [[2, 3]], [2, 3, 1]),
    ("unsqueeze", {"dim": 0}, [[2, 3]], [1, 2, 3]),
    ("interpolate", {"scale_factor": 2}, [[1, 3, 5, 7]], [1, 3, 10, 14]),
    ("interpolate", {"scale_factor": 1.5, "mode": "bilinear"}, [[1, 3, 5, 7]], [1, 3, 7, 10]),
    ("interpolate", {"size": [4, 6]}, [[1, 3, 5, 7]], [1, 3, 4, 6]),
    ("pad", {"pad": [1, 2]}, [[1, 3, 5, 7]], [1, 3, 5, 10]),
    ("pad", {"pad": [1, 2, 0, 3], "mode": "reflect"}, [[1, 3, 5, 7]], [1, 3, 8, 10]),
    ("pad", {"pad": [-1, -1, 2, 2]}, [[1, 3, 5, 7]], [1, 3, 9, 5]),
    ("getitem", {"index": [[None, None, None], 0]}, [[2, 3, 4]], [2, 4]),
    ("getitem", {"index": [[None, None, None], [None, None, None], [1, None, None]]}, [[2, 3, 4]], [2, 3, 3]),
    ("getitem", {"index": ["...", [None, 2, None], None]}, [[2, 3, 4]], [2, 3, 2, 1]),
    ("getitem", {"index": [[None, None, 2]]}, [[5, 3]], [3, 3]),
    ("chunk_part", {"chunks": 3, "dim": 1, "index": 2}, [[2, 10]], [2, 2]),
    ("chunk_part", {"chunks": 2, "index": -1}, [[5, 3]], [2, 3]),
]


@pytest.mark.parametrize(("kind", "args", "sizes", "expected"), TABLE,
                         ids=[f"{row[0]}-{i}" for i, row in enumerate(TABLE)])
def test_an_operation_has_torch_s_shape(kind, args, sizes, expected):
    op = FUNCTIONAL[kind]
    shapes = tuple(tuple(size) for size in sizes)
    assert op.output_shape(op.bind(args), shapes[0] if op.arity == 1 else shapes) == tuple(expected)
    assert op.weights(op.bind(args), shapes[0]) == ()


def test_every_operation_has_a_row():
    assert {row[0] for row in TABLE} == set(FUNCTIONAL)


class Forward:
    """A forward pass written as a reader of nn.Module code will make it: modules and operations, line by line."""

    def __init__(self, model: str, size: list[int]):
        self.builder = TorchModelBuilder("model.py")
        self.builder.add_container("", model, 1)
        self.builder.add_input(size, 1)
        self.line = 1

    def module(self, path, kind, reads=None, **args):
        self.line += 1
        return self.builder.add_module(path, kind, args, self.line, {}, reads)

    def op(self, kind, reads=None, **args):
        self.line += 1
        return self.builder.add_op(kind, args, self.line, reads)

    def container(self, path, kind):
        self.builder.add_container(path, kind, self.line)

    def summary(self, output=None):
        return compute(self.builder.build("net", output))


def lenet():
    net = Forward("LeNet", [1, 1, 28, 28])
    net.module("conv1", "Conv2d", in_channels=1, out_channels=10, kernel_size=5)
    net.op("MaxPool2d", kernel_size=2)
    net.op("ReLU")
    net.module("conv2", "Conv2d", in_channels=10, out_channels=20, kernel_size=5)
    net.op("MaxPool2d", kernel_size=2)
    net.op("ReLU")
    net.op("view", shape=[-1, 320])
    net.module("fc1", "Linear", in_features=320, out_features=50)
    net.op("ReLU")
    net.op("Dropout")
    net.module("fc2", "Linear", in_features=50, out_features=10)
    net.op("LogSoftmax", dim=1)
    return net.summary()


def residual():
    net = Forward("Residual", [2, 3, 16, 16])
    identity = net.module("stem", "Conv2d", in_channels=3, out_channels=8, kernel_size=3, stride=2, padding=1)
    net.container("blocks", "Sequential")
    for block in ("blocks.0", "blocks.1"):
        net.container(block, "Block")
        net.module(f"{block}.conv1", "Conv2d", in_channels=8, out_channels=8, kernel_size=3, padding=1, bias=False)
        net.module(f"{block}.bn1", "BatchNorm2d", num_features=8)
        net.op("ReLU")
        net.module(f"{block}.conv2", "Conv2d", in_channels=8, out_channels=8, kernel_size=3, padding=1, bias=False)
        out = net.module(f"{block}.bn2", "BatchNorm2d", num_features=8)
        net.op("broadcast", reads=(out, identity), op="add")
        identity = net.op("ReLU")
        net.builder.set_container_output(block, identity)
    net.builder.set_container_output("blocks", identity)
    net.op("reduce", dim=[2, 3])
    net.module("fc", "Linear", in_features=8, out_features=5)
    return net.summary()


def concat():
    net = Forward("Concat", [1, 4, 8, 8])
    net.container("mix", "Mix")
    left = net.module("mix.left", "Conv2d", reads=("input",), in_channels=4, out_channels=6, kernel_size=1)
    right = net.module("mix.right", "Conv2d", reads=("input",), in_channels=4, out_channels=10, kernel_size=3,
                       padding=1)
    net.builder.set_container_output("mix", net.op("cat", reads=(left, right), dim=1))
    net.container("head", "Head")
    net.module("head.pool", "AdaptiveAvgPool2d", output_size=2)
    net.builder.set_container_output("head", net.op("flatten", start_dim=1))
    net.module("fc", "Linear", in_features=64, out_features=3)
    return net.summary()


def reshapes():
    every = [None, None, None]
    net = Forward("Reshapes", [1, 2, 7, 9])
    net.op("pad", pad=[1, 2, 0, 1])
    net.op("interpolate", scale_factor=2)
    net.module("conv", "Conv2d", in_channels=2, out_channels=4, kernel_size=3)
    net.op("getitem", index=[every, every, [1, None, None]])
    net.op("flatten", start_dim=2)
    net.op("transpose", dim0=1, dim1=2)
    net.op("broadcast", op="mul")
    seq = net.module("proj", "Linear", in_features=4, out_features=6)
    attn = net.op("matmul", reads=(seq, net.op("permute", dims=[0, 2, 1])))
    net.op("stack", reads=(attn, attn), dim=1)
    net.op("squeeze", dim=0)
    pair = net.op("unsqueeze", dim=-1)
    net.module("norm", "LayerNorm", reads=(seq,), normalized_shape=6)
    total = net.op("reduce", op="sum", dim=1, keepdim=True)
    net.op("getitem", reads=(pair,), index=[0, [None, 1, None], [None, 6, None], 0])
    net.op("view", shape=[1, 1, -1])
    part = net.op("getitem", index=["...", [None, 6, None]])
    return net.summary(net.op("broadcast", reads=(total, part), op="add"))


def probe():
    """A module whose output the model's does not need still has its row."""
    net = Forward("Probe", [1, 3, 6, 6])
    conv = net.module("conv", "Conv2d", in_channels=3, out_channels=4, kernel_size=3)
    net.op("ReLU")
    net.module("side", "Conv2d", in_channels=4, out_channels=2, kernel_size=1)
    return net.summary(net.op("flatten", reads=(conv,), start_dim=1))


@pytest.mark.parametrize("name", sorted(FORWARDS))
def test_operations_show_no_row_and_carry_shapes(name):
    summary = {"lenet": lenet, "residual": residual, "concat": concat, "reshapes": reshapes, "probe": probe}[name]()
    assert torchinfo.render(summary) == FORWARDS[name]["summary"]
    hidden = [row for row in summary.tensors if row.hidden]
    assert hidden and not any(row.hidden for row in summary.layers)
    assert summary.cost == sum((row.cost for row in summary.tensors if not row.hidden), type(summary.cost)(0, 0))


def test_the_table_shows_the_returned_operation_s_shape():
    """Without set_container_output, the Head row would show its pool's output, (1, 16, 2, 2)."""
    text = torchinfo.render(concat())
    assert "├─Head: 1-2                              [1, 64]" in text


@pytest.mark.parametrize(("kind", "args", "sizes", "message"), [
    ("view", {"shape": [-1, 300]}, [[2, 20, 4, 4]], "shape '[-1, 300]' is invalid for input of size 640"),
    ("view", {"shape": [7, 3]}, [[4, 5]], "shape '[7, 3]' is invalid for input of size 20"),
    ("cat", {"dim": 1}, [[1, 6, 8, 8], [1, 10, 4, 4]], "Sizes of tensors must match except in dimension 1. "
     "Expected size 8 but got size 4 for tensor number 1 in the list (shapes [1, 6, 8, 8] and [1, 10, 4, 4])"),
    ("cat", {"dim": 0}, [[2, 3], [2, 3, 1]], "Tensors must have same number of dimensions: got 2 and 3"),
    ("broadcast", {"op": "add"}, [[2, 8, 4, 4], [2, 8, 5, 5]], "The size of tensor a (4) must match the size of "
     "tensor b (5) at non-singleton dimension 2 (shapes [2, 8, 4, 4] and [2, 8, 5, 5])"),
    ("matmul", {}, [[64, 1568], [1050, 10]], "mat1 and mat2 shapes cannot be multiplied (64x1568 and 1050x10)"),
    ("transpose", {"dim0": 1, "dim1": 3}, [[2, 3, 4]], "Dimension out of range (expected to be in range of [-3, 2], "
     "but got 3)"),
    ("stack", {}, [[2, 3], [3, 2]], "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and "
     "[3, 2] at entry 1"),
    ("permute", {"dims": [0, 0, 1]}, [[2, 3, 4]], "permute: repeated dim in [0, 0, 1]"),
])
def test_an_operation_torch_refuses_is_refused_in_its_words(kind, args, sizes, message):
    builder = TorchModelBuilder("model.py")
    builder.add_container("", "Net", 1)
    builder.add_input([sum(_count(size) for size in sizes)], 2)
    parts: list[str] = []
    start = 0
    for size in sizes:  # each input a slice of the model's, viewed to its size
        part = builder.add_op("getitem", {"index": [[start, start + _count(size), None]]}, 3, reads=("input",))
        assert part is not None
        viewed = builder.add_op("view", {"shape": size}, 3, reads=(part,))
        assert viewed is not None
        parts.append(viewed)
        start += _count(size)
    assert builder.add_op(kind, args, 7, reads=tuple(parts)) is None
    with pytest.raises(SpecError) as caught:
        builder.build("net")
    assert str(caught.value).startswith("model.py:7: ")
    assert message in str(caught.value)


def _count(size):
    product = 1
    for d in size:
        product *= d
    return product


def test_unknown_operations_and_bad_arguments_are_named():
    builder = TorchModelBuilder("model.py")
    builder.add_container("", "Net", 1)
    builder.add_input([1, 4], 2)
    assert builder.add_op("veiw", {"shape": [-1]}, 3) is None
    assert builder.add_op("reduce", {"dimm": 1}, 4, arg_lines={"dimm": 5}) is None
    assert builder.add_module("flat", "flatten", {}, 6, {}) is None  # an operation is no module
    with pytest.raises(SpecErrors) as caught:
        builder.build("net")
    assert [str(error) for error in caught.value.errors] == [
        "model.py:3: unknown torch operation 'veiw' (did you mean 'view'?)",
        "model.py:5: reduce: unknown argument `dimm` for reduce (did you mean 'dim'?)",
        "model.py:6: flat: unknown torch.nn module 'flatten' (did you mean 'Flatten'?)"]


def test_a_linear_after_a_view_names_the_features_it_made():
    net = Forward("Net", [1, 32, 7, 7])
    net.op("view", shape=[1, -1])
    net.module("fc", "Linear", in_features=1050, out_features=10)
    with pytest.raises(SpecError) as caught:
        net.summary()
    assert "1568" in str(caught.value) and "(1, 32, 7, 7)" in str(caught.value)


def test_every_report_skips_the_operations():
    from convcalc import explain
    from convcalc.check import _layer_count
    from convcalc.quiz.generating import pick
    from convcalc.render import json as json_render
    from convcalc.render import markdown

    summary = residual()
    modules = ["stem", *(f"blocks.{i}.{m}" for i in (0, 1) for m in ("conv1", "bn1", "conv2", "bn2")), "fc"]
    assert [row.name for row in summary.layers] == modules
    assert [e.name for e in explain.explain(summary)] == modules
    assert _layer_count(summary, 1) == len(modules)
    assert [layer["name"] for layer in json.loads(json_render.render(summary))["layers"]] == modules
    text = markdown.render(summary)
    assert "| blocks.1.conv1 (Conv2d) | (2, 8, 8, 8) | 576 | blocks.0.bn2[0][0], stem[0][0] |" in text  # through +
    assert not any(row.name in text for row in summary.tensors if row.hidden)
    assert all(q.layer is None or not q.layer.hidden for q in pick(random.Random(0), summary, "hard", 40))
    assert summary.macs == sum(row.macs or 0 for row in summary.layers)


def test_the_quiz_handout_lists_modules_not_operations():
    from convcalc.quiz.handout import torch_code

    net = Forward("Net", [1, 4])
    net.module("0", "Linear", in_features=4, out_features=3)
    net.op("ReLU")
    net.builder.add_unused("1", "Linear", {"in_features": 3, "out_features": 2}, 9)
    assert torch_code(net.builder.build("net")) == [
        "model = nn.Sequential(", "    nn.Linear(in_features=4, out_features=3),  # 0", ")",
        "summary(model, input_size=(1, 4))  # torchinfo"]
