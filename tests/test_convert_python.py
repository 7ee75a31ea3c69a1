"""`convcalc convert` to and from Python: every round trip gives the same numbers and names.

yaml -> python -> summary on every spec in specs/ and every case Keras accepted in tests/oracle/; python ->
yaml -> summary on every model of the example lessons (themselves checked against real Keras).
"""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner
from conftest import ORACLE, ROOT, SPECS

import convcalc
from convcalc import readers
from convcalc.cli import cli
from convcalc.errors import SpecError
from convcalc.readers import python_source
from convcalc.render import table
from convcalc.writers import python_code, yaml_spec

ACCEPTED_CASES = sorted(
    ROOT / json.loads(path.read_text(encoding="utf-8"))["spec"]
    for path in (ORACLE / "fixtures").rglob("*.json")
    if not json.loads(path.read_text(encoding="utf-8"))["refused"])
EXAMPLES = ROOT / "tests" / "python_source" / "examples"
LESSON_MODELS = [(path, model.name) for path in sorted(EXAMPLES.glob("*.py"))
                 for model in python_source.find_models(str(path)) if model.variables and model.refused is None]


def rows(summary: convcalc.Summary, declared: frozenset[str] = frozenset()) -> list[tuple[object, ...]]:
    """What the table shows; a Sequential model's input is not in it, nor its name (a spec's input_shape has none).
    The `declared` rows (a Python file's layer classes, written as Declared entries) have no MACs once written."""
    hidden = set() if summary.functional else {name for name, _ in summary.inputs}
    return [(row.name, row.type, tuple("<input>" if name in hidden else name for name in row.inputs),
             row.output_shape, row.params, row.trainable_params, row.bytes_per_param,
             None if row.name in declared else row.macs)
            for row in summary.table_rows]


def _declared(summary: convcalc.Summary) -> frozenset[str]:
    """The rows that are, or hold, declared layers."""
    return frozenset(row.name for row in summary.table_rows if "class_name" in row.args or (
        row.inner is not None and _declared(row.inner)))


def same(converted: convcalc.Summary, original: convcalc.Summary) -> None:
    declared = _declared(converted)
    assert all(row.args["class_name"] == row.type for row in converted.table_rows if "class_name" in row.args)
    assert rows(converted, declared) == rows(original, declared)
    assert (converted.name, converted.functional, converted.outputs, converted.total_params) == (
        original.name, original.functional, original.outputs, original.total_params)
    assert table.render(converted, width=100, show_trainable=True) == table.render(original, width=100,
                                                                                   show_trainable=True)


@pytest.mark.parametrize("path", sorted(SPECS.glob("*.yaml")) + ACCEPTED_CASES,
                         ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_spec_to_python_gives_the_same_summary(path):
    model = readers.load(str(path))
    code = python_code.write(model, str(path))
    compile(code, "<written>", "exec")  # valid Python
    same(convcalc.engine.compute(python_source.parse(code, "<written>")), convcalc.engine.compute(model))


KERAS_FILES = sorted((ROOT / "tests" / "keras_files").rglob("*.keras"))


@pytest.mark.parametrize("path", KERAS_FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_keras_file_to_python_gives_the_same_summary(path):
    """Every .keras archive convcalc reads: its Keras code, read back, gives the same table (or the writer says why
    it cannot: a layer keras.layers does not export)."""
    try:
        model = readers.load(str(path))
    except convcalc.SpecError:
        return  # an archive convcalc refuses to read (tests/test_keras_files.py)
    if yaml_spec.shared_call(model) is not None:  # a shared layer (tests/keras_files/shared): refused, naming it
        with pytest.raises(SpecError, match="is called more than once .* cannot write as Keras code"):
            python_code.write(model, str(path))
        return
    try:
        code = python_code.write(model, str(path))
    except convcalc.SpecError as error:
        assert "cannot be written as Keras code" in error.message
        return
    same(convcalc.engine.compute(python_source.parse(code, "<written>")), convcalc.engine.compute(model))


@pytest.mark.parametrize(("path", "name"), LESSON_MODELS, ids=[f"{p.stem}-{n}" for p, n in LESSON_MODELS])
def test_python_to_spec_gives_the_same_summary(path, name):
    model = python_source.load(str(path), name)
    if yaml_spec.shared_call(model) is not None:  # a shared layer (or one in a nested model): refused, naming it
        with pytest.raises(SpecError, match="is called more than once"):
            yaml_spec.write(model, str(path))
        return
    again = readers.parse(yaml_spec.write(model, str(path)), "<written>", "other name")
    # A spec is a Keras session of its own: its mask operations are counted from not_equal again, where the file's
    # second model with a mask has not_equal_1.
    same(convcalc.engine.compute(again), convcalc.engine.compute(model._replace(mask_names={})))


def test_python_is_written_as_keras_io_writes_it():
    code = python_code.write(readers.parse(
        "input_shape: [28, 28, 1]\nlayers:\n  - Conv2D: {filters: 8, kernel_size: [3, 1], padding: same}\n"
        "  - MaxPooling2D\n  - Dense: {units: 10, activation: softmax, name: out}\n", "<spec>", "tiny"))
    assert code.splitlines()[5:] == [
        "model = keras.Sequential(", "    [", "        keras.Input(shape=(28, 28, 1)),",
        '        layers.Conv2D(8, (3, 1), padding="same"),', "        layers.MaxPooling2D(),",
        '        layers.Dense(10, activation="softmax", name="out"),', "    ],", '    name="tiny",', ")",
        "model.summary()"]


def test_convert_to_python_never_overwrites(tmp_path):
    out = tmp_path / "model.py"
    out.write_text("keep me", encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(cli, ["convert", str(SPECS / "fashion_mnist.yaml"), "--to", "python", "--out", str(out)])
    assert refused.exit_code == 2 and out.read_text(encoding="utf-8") == "keep me"
    forced = runner.invoke(cli, ["convert", str(SPECS / "fashion_mnist.yaml"), "--to", "python", "--out", str(out),
                                 "--force"])
    assert forced.exit_code == 0
    assert convcalc.summarize(out).total_params == convcalc.summarize(SPECS / "fashion_mnist.yaml").total_params


def test_convert_a_lesson_picks_its_model():
    result = CliRunner().invoke(cli, ["convert", str(EXAMPLES / "old_keras2_code.py"), "--model", "text_model"])
    assert result.exit_code == 0
    assert "Embedding: {input_dim: 10000, output_dim: 16}" in result.output
    assert "input_length:" not in result.output and "input_length is ignored by Keras 3" in result.output


WRITTEN = sorted((ROOT / "tests" / "python_source" / "written").glob("*.json"))


def test_every_spec_was_written_and_run():
    assert {path.stem for path in WRITTEN} == {path.stem for path in SPECS.glob("*.yaml")}


@pytest.mark.parametrize("fixture_path", WRITTEN, ids=[path.stem for path in WRITTEN])
def test_written_python_run_by_keras_prints_the_specs_summary(fixture_path):
    """tools/python_oracle `written` ran the code convert --to python writes with real Keras 3.15.1."""
    keras = json.loads(fixture_path.read_text(encoding="utf-8"))
    model = readers.load(str(ROOT / keras["spec"]))
    assert python_code.write(model, keras["spec"]) == keras["code"]  # the recorded code is what is written now
    summary = convcalc.engine.compute(model)
    assert (summary.name, summary.total_params, summary.trainable_params) == (
        keras["name"], keras["total_params"], keras["trainable_params"])
    assert digest(table.render(summary, width=keras["line_length"])) == keras["summary_sha256"]
    assert digest(table.render(summary, width=keras["line_length_show_trainable"], show_trainable=True)) == (
        keras["summary_show_trainable_sha256"])


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("entry", ["Declared: {class_name: MyBlock, output_shape: [4], trainable_params: 20}",
                                   "ops.add: {constant: 1.0}"])
def test_what_keras_layers_cannot_make_is_not_written_as_python(entry):
    model = readers.parse(f"input_shape: [4]\nlayers:\n  - Dense: {{units: 4}}\n  - {entry}\n", "<spec>", "m")
    with pytest.raises(convcalc.SpecError, match="cannot be written as Keras code") as caught:
        python_code.write(model)
    assert caught.value.line == 4


def test_a_recurrent_layer_given_its_first_states_is_written_with_initial_state():
    """Keras's RNN reads its states by keyword (a list of tensors would be taken for the sequence)."""
    lesson = ROOT / "tests" / "python_source" / "examples" / "keyword_tensors_and_states.py"
    model = python_source.load(str(lesson), "functional_1")
    code = python_code.write(model, str(lesson))
    assert "layers.GRU(24, return_sequences=True)(embedding_2, initial_state=gru)" in code
    assert "layers.LSTM(10)(embedding_3, initial_state=[dense_2, dense_3])" in code
    # the written file is a session of its own: its mask operation is not_equal, the lesson's second one not_equal_1
    same(convcalc.engine.compute(python_source.parse(code, "<written>")),
         convcalc.engine.compute(model._replace(mask_names={})))
