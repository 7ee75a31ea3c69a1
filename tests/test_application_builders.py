"""convcalc.applications' builders against real Keras 3.15.1, through the YAML spec and through Python code.

tests/keras_files/application_args/<Name>.json.gz (tools/keras_files `application_args`) holds, for each
keras.applications constructor, its model at its defaults and at other arguments (rows, totals, the summary
texts as sha256 digests), and the arguments Keras refuses with its message. Each is read here as a spec
(`application: {Name: {...}}`) and as a three-line Python file.
"""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest
from conftest import ROOT, layer_records

import convcalc
from convcalc.applications import APPLICATIONS, build
from convcalc.readers.graph import KerasNames
from convcalc.render import table

RECORDS = ROOT / "tests" / "keras_files" / "application_args"
CASES = [(path.name.removesuffix(".json.gz"), index, case) for path in sorted(RECORDS.glob("*.json.gz"))
         for index, case in enumerate(json.loads(gzip.decompress(path.read_bytes())))]
BUILT = [pytest.param(name, case, id=f"{name}-{index}") for name, index, case in CASES
         if "record" in case and name in APPLICATIONS]
REFUSED = [pytest.param(name, case, id=f"{name}-{index}") for name, index, case in CASES
           if "error" in case and name in APPLICATIONS]


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def check_rows(summary, keras):
    assert summary.name == keras["name"]
    assert layer_records(summary.table_rows) == keras["layers"]
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (
        keras["total_params"], keras["trainable_params"], keras["non_trainable_params"])


def check_text(summary, keras, show_trainable):
    """The summary text (rendering a large model takes a second: the Trainable column's only at the defaults)."""
    assert digest(table.render(summary, width=keras["line_length"])) == keras["summary_sha256"]
    if show_trainable:
        assert digest(table.render(summary, width=keras["line_length_show_trainable"], show_trainable=True)) == (
            keras["summary_show_trainable_sha256"])


def python_call(name, args):
    def value(item):
        return repr(tuple(item)) if isinstance(item, list) else repr(item)
    return f"keras.applications.{name}({', '.join(f'{key}={value(item)}' for key, item in args.items())})"


def test_every_constructor_is_recorded():
    assert len({name for name, _, _ in CASES}) == 40
    assert all(sum(1 for n, _, case in CASES if n == name and "record" in case) >= 3 for name, _, _ in CASES)


@pytest.mark.parametrize(("name", "case"), BUILT)
def test_spec_agrees_with_keras(name, case):
    summary = convcalc.summarize({"application": {name: case["args"]}})
    check_rows(summary, case["record"])
    check_text(summary, case["record"], show_trainable=case["args"] == {"weights": None})


@pytest.mark.parametrize(("name", "case"), BUILT)
def test_python_agrees_with_keras(name, case, tmp_path):
    path = tmp_path / "lesson.py"
    path.write_text(f"import keras\n\nmodel = {python_call(name, case['args'])}\n", encoding="utf-8")
    check_rows(convcalc.summarize(path), case["record"])  # the same rows as the spec's: the same text


@pytest.mark.parametrize(("name", "case"), REFUSED)
def test_refused_as_keras_refuses(name, case, tmp_path):
    with pytest.raises(convcalc.SpecError) as spec_error:
        convcalc.summarize({"application": {name: case["args"]}})
    assert case["error"] in str(spec_error.value)
    path = tmp_path / "lesson.py"
    path.write_text(f"import keras\nmodel = {python_call(name, case['args'])}\n", encoding="utf-8")
    with pytest.raises(convcalc.SpecError) as python_error:
        convcalc.summarize(path)
    assert case["error"] in str(python_error.value)
    assert str(python_error.value).startswith(f"{path}:2:9: keras.applications.{name}: ")


@pytest.mark.parametrize("name", ["MobileNetV2", "MobileNetV3Small", "ConvNeXtTiny", "InceptionResNetV2"])
def test_builders_data_is_a_spec(name):
    """A builder's model as plain spec data (`Net.spec()`: named layers with their `inputs:`, a nested Sequential
    with its own `layers:`) reads as a spec and gives Keras's rows."""
    keras = json.loads(gzip.decompress((ROOT / "tests" / "keras_files" / "applications" /
                                        f"{name}.oracle.json.gz").read_bytes()))
    net = build(name, [], {"weights": None}, KerasNames())
    summary = convcalc.summarize(net.spec())
    check_rows(summary, keras)


def test_signatures_are_keras():
    """Each constructor's parameters in Keras's order (positional arguments bind as in Keras) and its defaults."""
    from convcalc.applications import DEFAULTS

    signatures = json.loads((RECORDS / "signatures.json").read_text(encoding="utf-8"))
    assert set(signatures) == set(APPLICATIONS)
    for name, params in signatures.items():
        app = APPLICATIONS[name]
        assert list(app.params) == [param for param, _ in params], name
        assert {param: {**DEFAULTS, **app.defaults}[param] for param, _ in params} == dict(params), name
