"""What the Python reader cannot know without running the file: one located line, exit 2, nothing guessed;
and proof that a file is never run nor imported, whatever its top-level code does."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT

from convcalc.cli import cli
from convcalc.engine import compute
from convcalc.errors import SpecError
from convcalc.readers import python_source

TESTS = ROOT / "tests" / "python_source"
REFUSED = TESTS / "refused"

# file -> (line, column, what the error must say)
EXPECTED = {
    "random_units.py": (6, 1, "units = random.randint(8, 64) is known only by running the file (it is random) "
                              "(line 10 needs it); give it with --set units=VALUE"),
    "config_from_file.py": (6, 5, "config = json.load(handle) is known only from the data (line 10 needs it)"),
    "unknown_call.py": (6, 5, "cannot evaluate conv_block(32) without running the file"),
    "subclassed.py": (11, 9, "which way `if` goes in a layer's call is known only by running the file "
                             "(ops.max(inputs) > 1.0)"),
    "unbuilt_old_embedding.py": (4, 1, "has no input shape (Keras 3 ignores Embedding's input_length)"),
}


def test_every_refused_file_is_tested():
    assert {path.name for path in REFUSED.glob("*.py")} == {*EXPECTED, "syntax_error.py"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_refused_at_the_expression(name):
    line, column, message = EXPECTED[name]
    with pytest.raises(SpecError) as caught:
        python_source.load(str(REFUSED / name))
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message


def test_cannot_evaluate_is_one_line_with_a_hint_and_exit_2():
    result = CliRunner().invoke(cli, ["summary", str(REFUSED / "random_units.py")])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {REFUSED / 'random_units.py'}:6:1: units = random.randint(8, 64) is known "
                               "only by running the file (it is random)")
    assert lines[0].endswith("give it with --set units=VALUE")


def test_syntax_error_is_pythons_own_position():
    text = (REFUSED / "syntax_error.py").read_text(encoding="utf-8")
    try:
        compile(text, "syntax_error.py", "exec")
    except SyntaxError as error:
        expected = (error.lineno, error.offset, error.msg)
    with pytest.raises(SpecError) as caught:
        python_source.load(str(REFUSED / "syntax_error.py"))
    assert (caught.value.line, caught.value.column, caught.value.message) == expected


def test_never_executed_nor_imported(tmp_path):
    """os.system, subprocess, open, exec, eval and an import in the file: not one marker file appears."""
    for path in (TESTS / "never_run").glob("*.py"):
        shutil.copy(path, tmp_path / path.name)
    script = ("import sys; from convcalc.cli import main; sys.argv = ['convcalc', 'summary', 'side_effects.py', "
              "'--format', 'json']; main()")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert '"total_params":36' in result.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["side_effects.py", "side_effects_helper.py"]


def test_list_models_and_pick_one():
    runner = CliRunner()
    path = str(TESTS / "examples" / "sequential_then_functional.py")
    listed = runner.invoke(cli, ["summary", "--list-models", path])
    assert listed.exit_code == 0
    assert listed.output.splitlines()[1:] == [
        "  sequential  (Sequential, line 6)  baseline",
        "  functional_2  (functional, line 12)  wide",
        "  sequential_1  (Sequential, line 14)  deep  (default)"]
    by_variable = runner.invoke(cli, ["summary", "--model", "wide", "--format", "json", path])
    by_name = runner.invoke(cli, ["summary", "--model", "functional_2", "--format", "json", path])
    assert by_variable.output == by_name.output and '"name":"functional_2"' in by_name.output
    missing = runner.invoke(cli, ["summary", "--model", "nope", path])
    assert missing.exit_code == 2 and "no model named 'nope'" in missing.output


def test_warning_for_what_keras_3_ignores():
    result = CliRunner().invoke(cli, ["summary", "--model", "text_model",
                                      str(TESTS / "examples" / "old_keras2_code.py")])
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1 and "embedding (Embedding): input_length is ignored by Keras 3" in warnings[0]


HEAD = "import os\nimport keras\nfrom keras import layers\n"
INLINE = {
    "a branch only running decides": (
        "model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])\n"
        "if os.environ.get('BIG'):\n    model.add(layers.Dense(64))\n",
        (5, 4), "cannot evaluate os.environ.get('BIG') without running the file"),
    "a model handed to an unknown function": (
        "from helpers import freeze_some\nmodel = keras.Sequential([keras.Input((4,)), layers.Dense(2)])\n"
        "freeze_some(model)\n",
        (6, 1), "cannot know what freeze_some(model) does to model 'sequential'"),
    "an operator convcalc does not model on tensors": (
        "x = keras.Input((4,))\ny = layers.Dense(4)(x)\nmodel = keras.Model(x, x % y)\n",
        (6, 24), "x % y is an operation on Keras tensors that convcalc does not model"),
    "a shared Lambda": (
        "twice = layers.Lambda(lambda t: t * 2)\nx = keras.Input((4,))\nmodel = keras.Model(x, twice(twice(x)))\n",
        (6, 24), "Lambda 'lambda' is called a second time"),
    "a layer convcalc does not model": (
        "model = keras.Sequential([keras.Input((8, 8, 3)), layers.Masking(0.0)])\n",
        (4, 51), "Masking is not among the layers convcalc models"),
    "a keras.applications model Keras refuses": (
        "base = keras.applications.MobileNetV2(include_top=False, input_shape=(16, 16, 3))\n"
        "inputs = keras.Input((16, 16, 3))\nmodel = keras.Model(inputs, layers.Dense(2)(base(inputs)))\n",
        (4, 8), "keras.applications.MobileNetV2: Input size must be at least 32x32"),
    "a tensor given by keyword": (
        "x = keras.Input((5, 4))\nstate = layers.Dense(3)(layers.Flatten()(x))\n"
        "model = keras.Model(x, layers.Dense(3)(x, mask=state))\n",
        (6, 43), "is called with `mask=` a Keras tensor"),
    "a model made from a refused model's tensors": (
        "x = keras.Input((4,))\nfirst = keras.Model(x, layers.NotALayer(3)(x))\n"
        "second = keras.Model(first.input, first.output)\n",
        (5, 24), "NotALayer is not among the layers convcalc models"),
    "a model frozen when made": (
        "model = keras.Sequential([keras.Input((4,)), layers.Dense(2)], trainable=False)\n",
        (4, 9), "trainable=False when the model is made is not read"),
    "a frozen model with a layer thawed": (
        "model = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(1)])\n"
        "model.trainable = False\nmodel.layers[-1].trainable = True\n",
        (5, 1), "made trainable again"),
    "a number too large": (
        "units = 10 ** 10 ** 6\nmodel = keras.Sequential([keras.Input((4,)), layers.Dense(units)])\n",
        (4, 9), "is too large"),
    "a layer class misspelt": (
        "model = keras.Sequential([keras.Input((8, 8, 3)), layers.Conv2d(4, 3)])\n",
        (4, 51), "Conv2d is not among the layers convcalc models (did you mean Conv2D?)"),
    "a keras module misspelt": (
        "import tensorflow as tf\nmodel = keras.Sequential([keras.Input((8, 8, 3)), tf.keras.layer.Conv2D(4, 3)])\n",
        (5, 51), "`tf.keras` has no `layer` (did you mean `tf.keras.layers`?)"),
    "a keras module misspelt after an import": (
        "from tensorflow import keras as k\nmodel = k.Sequential([k.Input((8, 8, 3)), k.layer.Dense(4)])\n",
        (5, 43), "`k` has no `layer` (did you mean `k.layers`?)"),
    "a loop too long": (
        "total = 0\nfor i in range(1_000_000):\n    total += i\n",
        None, "more than 200,000 steps"),
}


@pytest.mark.parametrize("case", sorted(INLINE))
def test_refused_inline(case):
    text, position, message = INLINE[case]
    with pytest.raises(SpecError) as caught:
        python_source.parse(HEAD + text, "<lesson>")
    assert message in caught.value.message
    if position:
        assert (caught.value.line, caught.value.column) == position


def test_a_loop_or_branch_that_cannot_change_a_model_is_skipped():
    summary = compute(python_source.parse(HEAD + (
        "import matplotlib.pyplot as plt\nhistory = load_history()\n"
        "for name, values in history.items():\n    plt.plot(values, label=name)\n    last = values\n"
        "if os.environ.get('SHOW'):\n    plt.show()\n"
        "model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])\n"), "<lesson>"))
    assert summary.total_params == 10


@pytest.mark.parametrize(("text", "position", "message"), [
    ("import keras\nreturn 3\n", (2, 1), "'return' outside function"),  # found by Python's compiler, not its parser
    ("for i in range(3):\n    pass\nbreak\n", (3, 1), "'break' outside loop"),
])
def test_errors_pythons_compiler_finds(text, position, message):
    with pytest.raises(SpecError) as caught:
        python_source.parse(text, "<lesson>")
    assert ((caught.value.line, caught.value.column), caught.value.message) == (position, message)


def test_methods_of_known_text_and_dicts():
    summary = compute(python_source.parse(HEAD + (
        "config = {'filters': [8, 16], 'units': 32}\nmodel = keras.Sequential([keras.Input((32, 32, 3))])\n"
        "for i, f in enumerate(config.get('filters', [])):\n"
        "    model.add(layers.Conv2D(f, 3, name='conv_{}'.format(i + 1)))\n"
        "model.add(layers.Flatten())\nmodel.add(layers.Dense(config['units'], name=f\"dense_{config['units']:03d}\"))\n"
    ), "<lesson>"))
    assert [layer.name for layer in summary.layers] == ["conv_1", "conv_2", "flatten", "dense_032"]


LAYER_CLASS = '''import keras
from keras import layers, ops


class Split(layers.Layer):
    def call(self, x):
        return {"left": x[:, :4], "right": x[:, 4:]}


class ByValue(layers.Layer):
    def call(self, x):
        if ops.mean(x) > 0:
            return x
        return -x


class Twice(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(4)

    def call(self, x):
        return self.dense(x)


inputs = keras.Input((8,))
'''


@pytest.mark.parametrize(("code", "line", "message"), [
    ("outputs = Split()(inputs)", 27, "Split.call returns dict values, which convcalc does not read"),
    ("outputs = ByValue()(inputs)", 12, "which way `if` goes in a layer's call is known only by running the file "
                                        "(ops.mean(x) > 0)"),
    ("block = Twice()\noutputs = block(block(inputs))", 28, "layer 'twice' is called a second time"),
])
def test_a_layer_class_convcalc_cannot_read_is_refused_at_its_line(code, line, message):
    """What only running a layer class's call tells: the model holding it is refused, at the line that says why."""
    with pytest.raises(SpecError) as caught:
        compute(python_source.parse(f"{LAYER_CLASS}{code}\nmodel = keras.Model(inputs, outputs)\n", "lesson.py"))
    assert caught.value.line == line
    assert message in caught.value.message


@pytest.mark.parametrize(("code", "message"), [
    ("y = keras.ops.argsort(x)", "keras.ops.argsort on Keras tensors is not among the operations convcalc models"),
    ("y, scores = keras.layers.MultiHeadAttention(2, 4)(x, x, return_attention_scores=True)",
     "(y, scores) unpacks the output of layer 'multi_head_attention': several tensors"),
])
def test_what_convcalc_does_not_model_is_named_as_such(code, message):
    """Not "only running tells": an operation or a layer's several outputs that convcalc has no rule for."""
    with pytest.raises(SpecError) as caught:
        compute(python_source.parse(f"import keras\nx = keras.Input((5, 4))\n{code}\nmodel = keras.Model(x, y)\n",
                                    "lesson.py"))
    assert caught.value.line == 3 and message in caught.value.message


@pytest.mark.parametrize(("call", "message"), [
    ("layers.MultiHeadAttention(2, 4)(query=x, value=y, key=y)", "Keras connects in another order (by name)"),
    ("layers.MultiHeadAttention(2, 4)(x, x, attention_mask=x[:, :, 0] > 0)", "or with an attention mask"),
    ("layers.MultiHeadAttention(2, 4)(x, query=x)", "is called with `query=` a Keras tensor"),
    ("layers.Dense(3)(x, mask=x)", "is called with `mask=` a Keras tensor"),
    ("layers.GRU(4)(x, initial_state=[y[:, 0], y[:, 1]])", "its cell keeps 1 state, given 2 by initial_state"),
])
def test_tensors_by_keyword_that_keras_draws_otherwise_are_refused(call, message):
    code = f"import keras\nfrom keras import layers\n\nx = keras.Input((5, 4))\ny = keras.Input((5, 4))\nz = {call}\n" \
           "model = keras.Model([x, y], z)\n"
    with pytest.raises(SpecError) as caught:
        compute(python_source.parse(code, "lesson.py"))
    assert caught.value.line == 6 and message in caught.value.message


def test_a_layer_class_called_on_a_list_of_tensors_by_keyword_is_refused_saying_so():
    """Tensors by keyword are more inputs (tests/python_source/examples/keyword_tensors_and_states.py); a list of
    them by keyword is not read."""
    code = ("import keras\n\nclass Dec(keras.Layer):\n    def call(self, target, source):\n        return target\n\n"
            "x = keras.Input((4,))\ny = Dec()(target=x, source=[x, x != 0])\nmodel = keras.Model(x, y)\n")
    with pytest.raises(SpecError) as caught:
        compute(python_source.parse(code, "lesson.py", "model"))
    assert caught.value.line == 8 and "is called with `source=` a list of Keras tensors" in caught.value.message


def test_a_misspelt_layer_and_the_other_layers_mistakes_come_in_one_run(tmp_path):
    path = tmp_path / "lesson.py"
    path.write_text("import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n"
                    "    keras.Input((28, 28, 1)),\n    layers.Conv2d(32, 3),\n    layers.Flatten(),\n"
                    "    layers.Dense(0),\n    layers.Dense(10, activation='softmx'),\n])\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["summary", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert "lesson.py:6:5: " in lines[0] and "lesson.py:8: " in lines[1] and "lesson.py:9: " in lines[2]
    assert "did you mean Conv2D?" in lines[0] and "`units`" in lines[1] and "did you mean 'softmax'?" in lines[2]
