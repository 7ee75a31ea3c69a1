"""torchvision.models constructors (convcalc/torchvision_models) against real torchvision + torchinfo 1.8.0:
each model's table at (1, 3, 224, 224) with its defaults (inception_v3 299 × 299) and at (2, 3, 160, 160) with
num_classes=10, to the byte (tests/torch_oracle/torchvision, recorded by `python -m tools.torch_oracle
--torchvision`). GoogLeNet's and Inception v3's auxiliary classifiers, never called in eval mode, count in the
model's row and the total only (TorchModelBuilder.add_unused)."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from convcalc.engine import compute
from convcalc.errors import SpecError
from convcalc.readers.torch_graph import TorchModelBuilder
from convcalc.render import torchinfo
from convcalc.torchvision_models import add_torchvision, torchvision_names

FIXTURES = ROOT / "tests" / "torch_oracle" / "torchvision"
RECORDED = sorted(path.stem for path in FIXTURES.glob("*.json") if path.stem != "held")


def built(name, kwargs, size):
    builder = TorchModelBuilder("model.py")
    builder.add_input(size, 1)
    output = add_torchvision(builder, name, kwargs, "", "input", 3)
    return builder, output


@pytest.mark.parametrize("name", RECORDED)
def test_a_torchvision_model_prints_torchinfo_s_table(name):
    recorded = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    for case in recorded["cases"]:
        builder, output = built(name, case["kwargs"], case["input_size"])
        assert output is not None
        assert torchinfo.render(compute(builder.build(name, output))) == case["summary"]


def test_every_supported_model_is_recorded():
    assert sorted(torchvision_names()) == RECORDED


def test_a_model_held_by_a_user_s_module():
    recorded = json.loads((FIXTURES / "held.json").read_text(encoding="utf-8"))
    builder = TorchModelBuilder("model.py")
    builder.add_container("", "Held", 1)
    builder.add_input(recorded["input_size"], 1)
    features = add_torchvision(builder, "resnet18", {"num_classes": 16}, "backbone", "input", 4)
    assert features is not None and builder.shape_of(features) == (1, 16)
    builder.add_module("head", "Linear", {"in_features": 16, "out_features": 2}, 5, {}, (features,))
    assert torchinfo.render(compute(builder.build("held"))) == recorded["summary"]


@pytest.mark.parametrize(("name", "kwargs", "message"), [
    ("resnet19", {}, "model.py:3: torchvision.models.resnet19 is not one of the torchvision models convcalc builds "
                     "(did you mean 'resnet18'?)"),
    ("resnet18", {"num_class": 10}, "model.py:3: torchvision.models.resnet18() got an unexpected keyword argument "
                                    "'num_class' (did you mean 'num_classes'?)"),
    ("resnet18", {"weights": "DEFAULT", "num_classes": 10}, "model.py:3: torchvision.models.resnet18: the parameter "
     "'num_classes' expected value 1000 but got 10 instead (pretrained weights have 1000 classes: give "
     "weights=None)"),
    ("resnext50_32x4d", {"groups": 8}, "model.py:3: torchvision.models.resnext50_32x4d: the parameter 'groups' "
                                         "expected value 32 but got 8 instead"),
    ("resnet18", {"groups": 2}, "model.py:3: torchvision.models.resnet18: BasicBlock only supports groups=1 and "
                                "base_width=64"),
    ("vgg16", {"dropout": 2}, "model.py:3: `dropout` must be a number between 0 and 1, received 2"),
    ("googlenet", {"weights": "DEFAULT", "aux_logits": False}, "model.py:3: torchvision.models.googlenet: the "
     "parameter 'aux_logits' expected value True but got False instead"),
])
def test_bad_names_and_arguments_are_refused_in_one_line(name, kwargs, message):
    builder, output = built(name, kwargs, [1, 3, 224, 224])
    assert output is None
    with pytest.raises(SpecError) as caught:
        builder.raise_errors()
    assert str(caught.value).startswith(message)


def test_weights_keep_the_shapes_of_1000_classes():
    builder, output = built("mobilenet_v3_small", {"weights": "IMAGENET1K_V1", "progress": False}, [1, 3, 224, 224])
    assert output is not None and builder.shape_of(output) == (1, 1000)


def test_an_input_too_small_is_refused_with_the_module_that_cannot_take_it():
    builder, output = built("alexnet", {}, [1, 3, 32, 32])
    with pytest.raises(SpecError, match=r"features\.12 \(MaxPool2d\)"):
        compute(builder.build("alexnet", output))


def test_pretrained_googlenet_reads_its_input_transformed_and_drops_its_aux_classifiers():
    """As torchvision: weights set transform_input=True (operations keeping the shape) and, unless aux_logits=True
    is given, remove the auxiliary classifiers: 6,624,904 parameters, not 13,004,888."""
    builder, output = built("googlenet", {"weights": "DEFAULT"}, [1, 3, 224, 224])
    text = torchinfo.render(compute(builder.build("googlenet", output)))
    assert "GoogLeNet                                [1, 1000]                 --" in text
    assert "Total params: 6,624,904" in text
    assert any(layer.hidden and layer.kind == "cat" for layer in builder.layers[:20])


def test_an_unused_module_s_parameters_need_no_input():
    builder = TorchModelBuilder("model.py")
    builder.add_unused("aux.fc", "LazyLinear", {"out_features": 3}, 7)
    builder.add_unused("aux.fc2", "Linear", {"in_features": 3}, 8)
    assert [str(error) for error in builder.errors] == [
        "model.py:7: aux.fc: cannot count the parameters of an unused 'LazyLinear'",
        "model.py:8: aux.fc2 (Linear): missing required argument `out_features`"]
