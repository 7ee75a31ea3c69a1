"""keras.applications in lessons' Python code, against real Keras and by the reader's own rules.

tests/python_source/applications/*.py use a base as lessons do (frozen, called on a new input, nested in a
Sequential, cut at `get_layer('mixed7').output`, its last layers thawed); tools/python_oracle `applications` ran
each with real Keras 3.15.1 and recorded every model left in a variable (summaries as sha256 digests).
"""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import ROOT, layer_records

import convcalc
from convcalc.engine import compute
from convcalc.readers import python_source
from convcalc.render import table

LESSONS = ROOT / "tests" / "python_source" / "applications"
FIXTURES = sorted((LESSONS / "fixtures").glob("*.json"))
MODELS = [(path, index) for path in FIXTURES
          for index in range(len(json.loads(path.read_text(encoding="utf-8"))["models"]))]


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def test_every_lesson_has_a_fixture():
    assert {path.stem for path in LESSONS.glob("*.py")} == {path.stem for path in FIXTURES}


@pytest.mark.parametrize(("fixture_path", "index"), MODELS, ids=[f"{path.stem}-{index}" for path, index in MODELS])
def test_lesson_agrees_with_keras(fixture_path, index):
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    keras = fixture["models"][index]
    summary = compute(python_source.load(str(ROOT / fixture["file"]), keras["variables"][-1]))
    assert summary.name == keras["name"]
    assert layer_records(summary.layers) == keras["layers"]  # model.operations: operation rows too
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (
        keras["total_params"], keras["trainable_params"], keras["non_trainable_params"])
    assert digest(table.render(summary, width=keras["line_length"])) == keras["summary_sha256"]
    assert digest(table.render(summary, width=keras["line_length_show_trainable"], show_trainable=True)) == (
        keras["summary_show_trainable_sha256"])


@pytest.mark.parametrize("fixture_path", FIXTURES, ids=[path.stem for path in FIXTURES])
def test_lesson_default_model(fixture_path):
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    assert convcalc.summarize(ROOT / fixture["file"]).name == fixture["default"]


@pytest.mark.parametrize("spelling", [
    "import tensorflow as tf\nmodel = tf.keras.applications.MobileNetV2(weights=None)\n",
    "from keras.applications import MobileNetV2\nmodel = MobileNetV2(None, 1.0, True, None)\n",
    "import keras\nmodel = keras.applications.mobilenet_v2.MobileNetV2(weights=None)\n",
    "from tensorflow.keras.applications.mobilenet_v2 import MobileNetV2\nmodel = MobileNetV2(weights=None)\n",
])
def test_every_import_spelling(spelling, tmp_path):
    path = tmp_path / "lesson.py"
    path.write_text(spelling, encoding="utf-8")
    keras_file = convcalc.summarize(ROOT / "tests" / "keras_files" / "applications" / "MobileNetV2.keras")
    summary = convcalc.summarize(path)
    assert layer_records(summary.layers) == layer_records(keras_file.layers)


def read(tmp_path, code):
    path = tmp_path / "lesson.py"
    path.write_text(code, encoding="utf-8")
    return convcalc.summarize(path)


def test_base_attributes_and_layers(tmp_path):
    summary = read(tmp_path, """\
import keras
base = keras.applications.ResNet50(include_top=False, weights=None, input_shape=(64, 64, 3))
for layer in base.layers[-3:]:
    layer.trainable = False
count = len(base.layers)
x = keras.layers.Flatten()(base.output)
model = keras.Model(base.input, keras.layers.Dense(count)(x))
""")
    assert summary.layers[-1].output_shape == (None, 175)  # the input and 174 layers, as Keras lists them
    frozen = [layer.name for layer in summary.layers if layer.trainable is False]
    assert frozen == ["conv5_block3_3_bn", "conv5_block3_add", "conv5_block3_out"]  # Keras's last three


def test_input_tensor_is_the_models_input(tmp_path):
    summary = read(tmp_path, """\
import keras
inputs = keras.Input(shape=(96, 96, 3))
model = keras.applications.MobileNetV2(input_tensor=inputs, include_top=False, weights=None)
""")
    assert summary.name == "mobilenetv2_1.00_None"  # Keras names it from input_shape, not from the tensor
    assert summary.layers[0].name == "input_layer" and summary.layers[0].output_shape == (None, 96, 96, 3)


def test_preprocess_input_and_decode_predictions_are_functions_on_data(tmp_path):
    summary = read(tmp_path, """\
import numpy as np
from keras.applications.resnet50 import ResNet50, decode_predictions, preprocess_input
images = preprocess_input(np.zeros((1, 224, 224, 3)))
model = ResNet50(weights=None)
print(decode_predictions(model.predict(images)))
""")
    assert summary.name == "resnet50"


@pytest.mark.parametrize(("call", "message"), [
    ("ResNet50(classes=10)", "keras.applications.ResNet50: If using `weights='imagenet'` with `include_top=True`, "
                             "`classes` should be 1000.  Received classes=10"),
    ("MobileNetV2(alpha=0.6, include_top=False)", "alpha must be one of `0.35`"),
    ("InceptionV3(weights=None, include_top=False, input_shape=(64, 64, 3))", "Input size must be at least 75x75"),
    ("VGG16(weights=None, depth=3)", "VGG16() got an unexpected keyword argument 'depth'"),
])
def test_keras_refusals_name_the_line(tmp_path, call, message):
    with pytest.raises(convcalc.SpecError) as error:
        read(tmp_path, f"import keras\n\nmodel = keras.applications.{call}\n")
    assert str(error.value).startswith(f"{tmp_path / 'lesson.py'}:3:9: keras.applications.")
    assert message in str(error.value)


def test_spec_application_and_layer_entries(tmp_path):
    whole = convcalc.summarize({"application": {"MobileNetV2": {"include_top": False, "weights": None}},
                                "name": "base"})
    assert whole.name == "base" and whole.layers[0].output_shape == (None, None, None, 3)
    spec = tmp_path / "transfer.yaml"
    spec.write_text("""\
input_shape: [160, 160, 3]
layers:
  - MobileNetV2: {include_top: false, input_shape: [160, 160, 3], trainable: false}
  - GlobalAveragePooling2D
  - Dense: {units: 1}
""", encoding="utf-8")
    summary = convcalc.summarize(spec)
    assert [(layer.name, layer.type) for layer in summary.layers] == [
        ("mobilenetv2_1.00_160", "Functional"), ("global_average_pooling2d", "GlobalAveragePooling2D"),
        ("dense", "Dense")]
    assert summary.trainable_params == 1281 and summary.non_trainable_params == 2_257_984


@pytest.mark.parametrize(("text", "message"), [
    ("application: ResNet51\n", "unknown keras.applications model 'ResNet51' (did you mean 'ResNet50'?)"),
    ("application: ResNet50\nlayers: [Flatten]\n", "`layers` does not go with `application:`"),
    ("application: {ResNet50: {input_shape: [16, 16, 3], include_top: false}}\n",
     "ResNet50: Input size must be at least 32x32"),
    ("input_shape: [8, 8, 3]\nlayers:\n  - VGG16: {input_tensor: 1}\n", "a spec gives no input_tensor"),
])
def test_spec_mistakes(text, message):
    with pytest.raises(convcalc.SpecError) as error:
        convcalc.summarize(text=text)
    assert message in str(error.value)
    assert error.value.line is not None


def test_decode_predictions_on_a_tensor_is_refused_with_its_reason(tmp_path):
    with pytest.raises(convcalc.SpecError) as error:
        read(tmp_path, """\
import keras
base = keras.applications.MobileNetV2(include_top=True, weights=None, input_shape=(96, 96, 3))
inputs = keras.Input(shape=(96, 96, 3))
x = keras.applications.mobilenet_v2.decode_predictions(base(inputs))
model = keras.Model(inputs, x)
""")
    assert "decode_predictions runs on data, not on a Keras tensor" in str(error.value)
    assert error.value.line == 4


def test_preprocess_input_on_data_gives_no_row(tmp_path):
    summary = read(tmp_path, """\
import keras
import numpy as np
images = keras.applications.resnet50.preprocess_input(np.zeros((2, 8, 8, 3)))
inputs = keras.Input(shape=(8, 8, 3))
model = keras.Model(inputs, keras.layers.Dense(2)(inputs))
""")
    assert [row.type for row in summary.layers] == ["InputLayer", "Dense"]


@pytest.mark.parametrize(("call", "message"), [
    ("keras.applications.imagenet_utils.preprocess_input(inputs, mode='keras')",
     "mode must be 'caffe', 'tf' or 'torch', received 'keras'"),
    ("keras.applications.vgg16.preprocess_input(inputs, data_format='nhwc')",
     "data_format must be 'channels_first' or 'channels_last', received 'nhwc'"),
    ("keras.applications.vgg16.preprocess_input(inputs, None, 'caffe')",
     "vgg16.preprocess_input takes at most 2 positional arguments (x, data_format), received 3"),
    ("keras.applications.densenet.preprocess_input(inputs, mode='tf')",
     "densenet.preprocess_input has no argument `mode`"),
])
def test_preprocess_input_mistakes(tmp_path, call, message):
    with pytest.raises(convcalc.SpecError) as error:
        read(tmp_path, f"import keras\ninputs = keras.Input(shape=(8, 8, 3))\nmodel = keras.Model(inputs, {call})\n")
    assert message in str(error.value)
    assert error.value.line == 3


def test_an_input_tensor_of_a_size_only_running_gives_is_refused_naming_it(tmp_path):
    """A fuzzed lesson once crashed here: a base built on keras.Input(shape=(96, size, 3)) with `size` unknown."""
    with pytest.raises(convcalc.SpecError) as error:
        read(tmp_path, """\
import keras
x = keras.Input(shape=(96, load_size(), 3))
base = keras.applications.MobileNetV2(input_tensor=x, include_top=False, weights=None)
""")
    assert "load_size()" in str(error.value) and error.value.line == 2
