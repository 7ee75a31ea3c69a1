"""PyTorch models read from Python code (issue 20): nn.Sequential and nn.Module subclasses, forward passes read on
symbolic tensors, torchinfo's table to the byte against real torch (tools/torch_python_oracle's fixtures), and the
mistakes torch would raise at the first forward pass, refused before it."""

from __future__ import annotations

import json
import shlex

import pytest
from click.testing import CliRunner
from conftest import ROOT

from convcalc.cli import cli

EXAMPLES = ROOT / "tests" / "python_source" / "torch_examples"
FIXTURES = sorted((ROOT / "tests" / "python_source" / "torch_fixtures").glob("*.json"))


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_every_example_has_its_truth():
    assert {path.stem for path in FIXTURES} == {path.stem for path in EXAMPLES.glob("*.py")}
    assert len(FIXTURES) >= 8


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_summary_is_torchinfos_to_the_byte(fixture):
    recorded = json.loads(fixture.read_text(encoding="utf-8"))
    options = shlex.split((ROOT / recorded["file"]).read_text(encoding="utf-8").splitlines()[0].removeprefix(
        "# convcalc:"))
    result = invoke("summary", str(ROOT / recorded["file"]), *options)
    assert result.exit_code == 0, result.output
    assert result.stdout == recorded["text"] + "\n"


def write(tmp_path, text: str) -> str:
    path = tmp_path / "model.py"
    path.write_text(text, encoding="utf-8")
    return str(path)


NET = """\
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, hidden=128):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear({features}, hidden)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = {flatten}
        return self.fc2(F.relu(self.fc1(x)))


model = Net()
"""


def net(features: str = "32 * 13 * 13", flatten: str = "torch.flatten(x, 1)") -> str:
    return NET.format(features=features, flatten=flatten)


def test_the_input_size_is_needed_and_named(tmp_path):
    result = invoke("summary", write(tmp_path, net()))
    assert result.exit_code == 2
    assert "--input-size 1,3,32,32" in result.stderr and result.stderr.count("\n") == 1


def test_a_linear_given_the_wrong_features_is_refused_with_the_fix(tmp_path):
    result = invoke("summary", write(tmp_path, net(features="1050")), "--input-size", "1,1,28,28")
    assert result.exit_code == 2
    assert "model.py:11" in result.stderr and "1050" in result.stderr
    assert result.stderr.rstrip().endswith("write nn.Linear(5408, 128)")  # Python advice to a Python writer


def test_a_view_that_does_not_divide_is_refused(tmp_path):
    result = invoke("summary", write(tmp_path, net(flatten="x.view(-1, 1000)")), "--input-size", "1,1,28,28")
    assert result.exit_code == 2
    assert "model.py:16" in result.stderr and "5408" in result.stderr


def test_input_size_from_the_file_and_from_the_option_agree(tmp_path):
    text = net() + "out = model(torch.randn(4, 1, 28, 28))\n"
    from_file = invoke("summary", write(tmp_path, text))
    from_option = invoke("summary", write(tmp_path, net()), "--input-size", "4,1,28,28")
    assert from_file.exit_code == 0, from_file.output
    assert from_file.stdout == from_option.stdout
    assert "[4, 10]" in from_file.stdout


def test_list_models_names_the_class_and_picks_by_it(tmp_path):
    path = write(tmp_path, net() + "head = nn.Sequential(nn.Linear(10, 2))\n")
    listed = invoke("summary", path, "--list-models")
    assert listed.exit_code == 0, listed.output
    assert "Net, an nn.Module subclass" in listed.stdout and "nn.Sequential" in listed.stdout
    by_class = invoke("summary", path, "--model", "Net", "--input-size", "1,1,28,28")
    by_variable = invoke("summary", path, "--model", "model", "--input-size", "1,1,28,28")
    assert by_class.exit_code == 0 and by_class.stdout == by_variable.stdout


def test_a_class_never_made_is_built_with_its_defaults(tmp_path):
    text = net().replace("model = Net()\n", "")
    result = invoke("summary", write(tmp_path, text), "--model", "Net", "--input-size", "1,1,28,28")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[3].startswith("Net ")


def test_forward_branching_on_tensor_values_is_refused(tmp_path):
    text = net().replace("        return self.fc2",
                         "        if x.sum() > 0:\n            x = -x\n        return self.fc2")
    result = invoke("summary", write(tmp_path, text), "--input-size", "1,1,28,28")
    assert result.exit_code == 2 and "model.py:17" in result.stderr


def test_code_is_never_run(tmp_path):
    marker = tmp_path / "ran"
    text = net().replace("        super().__init__()",
                         f"        super().__init__()\n        open({str(marker)!r}, 'w')")
    result = invoke("summary", write(tmp_path, text), "--input-size", "1,1,28,28")
    assert result.exit_code == 0, result.output
    assert not marker.exists()


def test_a_file_with_keras_is_read_as_keras(tmp_path):
    text = "import torch\nimport keras\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])\n"
    result = invoke("summary", write(tmp_path, text))
    assert result.exit_code == 0 and "Dense" in result.stdout


def test_methods_that_would_run_code_are_read_not_run(tmp_path):
    marker = tmp_path / "ran"
    text = f"""\
import os
import torch.nn as nn


class Meta(type):
    def __new__(mcls, *args):
        os.system("touch {marker}")
        return super().__new__(mcls, *args)


def traced(function):
    open({str(marker)!r}, "w").close()
    return function


class Net(nn.Module, metaclass=Meta):
    def __init_subclass__(cls):
        os.system("touch {marker}")

    @property
    def width(self):
        open({str(marker)!r}, "w").close()
        return 4

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(self.width, 2)

    @traced
    def forward(self, x):
        return self.fc(x)
"""
    result = invoke("summary", write(tmp_path, text), "--model", "Net", "--input-size", "3,4")
    assert result.exit_code == 0, result.output
    assert "Linear: 1-1" in result.stdout and "[3, 2]" in result.stdout
    assert not marker.exists()


SCRIPT = """\
import argparse

import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--dataset", required=True)
parser.add_argument("--nz", type=int, default="100")
parser.add_argument("--ngf", type=int, default=64)
parser.add_argument("--no-cuda", action="store_true")
opt = parser.parse_args()
opt.cuda = not opt.no_cuda
if opt.dataset == "mnist":
    nc = 1
else:
    nc = 3
model = nn.Sequential(nn.Linear(int(opt.nz), opt.ngf), nn.Linear(opt.ngf, nc))
"""


def test_a_scripts_options_are_their_defaults_and_set_gives_what_the_command_line_decides(tmp_path):
    path = write(tmp_path, SCRIPT)
    refused = invoke("summary", path, "--input-size", "1,100")
    assert refused.exit_code == 2 and "--dataset is a required command-line option" in refused.stderr
    result = invoke("summary", path, "--input-size", "1,100", "--set", "nc=3")
    assert result.exit_code == 0, result.output
    assert "├─Linear: 1-1                            [1, 64]                   6,464" in result.stdout
    assert "├─Linear: 1-2                            [1, 3]                    195" in result.stdout


def test_freezing_chosen_by_name_is_refused(tmp_path):
    text = net() + ("for name, param in model.named_parameters():\n    if 'fc2' not in name:\n"
                    "        param.requires_grad = False\n")
    result = invoke("summary", write(tmp_path, text), "--input-size", "1,1,28,28")
    assert result.exit_code == 2 and "model.py:23" in result.stderr and "named_parameters()" in result.stderr


HOSTILE = {
    "a Sequential holding itself": ("import torch.nn as nn\ns = nn.Sequential(nn.Linear(2, 2))\ns.append(s)\n",
                                    "recurse without end"),
    "a forward calling itself": ("import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n"
                                 "        super().__init__()\n        self.me = self\n\n    def forward(self, x):\n"
                                 "        return self.me(x)\n", "recurse without end"),
    "a module making itself": ("import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n"
                               "        super().__init__()\n        self.inner = Net()\n\n    def forward(self, x):\n"
                               "        return self.inner(x)\n", "nested more than 50 deep"),
    "a loop too long in forward": ("import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n"
                                   "        super().__init__()\n        self.fc = nn.Linear(2, 2)\n\n"
                                   "    def forward(self, x):\n        for _ in range(10 ** 9):\n"
                                   "            x = self.fc(x)\n        return x\n", "too long"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_pytorch_files_are_one_line_errors(tmp_path, case):
    text, expected = HOSTILE[case]
    result = invoke("summary", write(tmp_path, text), "--input-size", "1,2")
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and expected in result.stderr and "Traceback" not in result.stderr
