"""The command line: build the model named, write its spec (and fixture), or compare them (--check)."""

import argparse
import difflib
import importlib
import importlib.util
import shlex
import sys
import warnings
from pathlib import Path

import yaml

# Importing tools.keras_oracle sets KERAS_BACKEND=jax and COLUMNS=200 (Keras's default summary width),
# before Keras is imported; the fixture format is its own.
from tools.keras_oracle.records import dump, spec_label
from tools.keras_oracle.spec_reader import tuples

from .checks import compare_rebuilt, convcalc_agreement
from .fixture import record_fixture
from .model_spec import Unsupported, model_to_spec
from .yaml_text import spec_to_yaml


def load_model(target, kwargs):
    """(model, description of how it was built)."""
    import keras

    if target.endswith(".keras"):
        return keras.saving.load_model(target), f"keras.saving.load_model({target!r})"
    if ":" in target:
        where, function_name = target.rsplit(":", 1)
        if where.endswith(".py"):
            module_spec = importlib.util.spec_from_file_location(Path(where).stem, where)
            assert module_spec is not None and module_spec.loader is not None  # a .py file has both
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
        else:
            module = importlib.import_module(where)
        function, label = getattr(module, function_name), target
    else:
        function = getattr(keras.applications, target, None)
        if function is None or not callable(function):
            raise SystemExit(f"keras.applications has no model {target!r}")
        kwargs = {"weights": None, **kwargs}
        label = f"keras.applications.{target}"
    call = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    model = function(**kwargs)
    if not isinstance(model, keras.Model):
        raise SystemExit(f"{label} returned a {type(model).__name__}, not a keras.Model")
    return model, f"{label}({call})"


def parse_arguments(pairs):
    kwargs = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isidentifier():
            raise SystemExit(f"--arg wants KEY=VALUE, received {pair!r}")
        kwargs[key] = tuples(yaml.safe_load(value))
    return kwargs


def header_lines(argv, built_with, fixture):
    import keras

    argv = [arg for arg in argv if arg != "--check"]
    command = shlex.join(["KERAS_BACKEND=jax", "python", "-m", "tools.keras_to_spec", *argv])
    return [
        f"{built_with} as a convcalc spec,",
        f"written by tools.keras_to_spec with Keras {keras.__version__} ({keras.backend.backend()} backend); "
        "do not edit by hand, regenerate with:",
        f"  {command}",
        f"Keras prints {fixture['total_params']:,} parameters: {fixture['trainable_params']:,} trainable, "
        f"{fixture['non_trainable_params']:,} non-trainable.",
    ]


def _write_or_check(path, text, check):
    """Write `text` to `path`, or compare; returns True if (with check) they differ."""
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if check:
        if old != text:
            print(f"DIFFERS  {path}", file=sys.stderr)
            diff = difflib.unified_diff((old or "").splitlines(), text.splitlines(), "committed", "now", lineterm="")
            print("\n".join(list(diff)[:40]), file=sys.stderr)
            return True
        return False
    if old != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote    {spec_label(path)}", file=sys.stderr)
    return False


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog=f"python -m {__package__}", description="Write the convcalc spec of a Keras "
                                     "model (see the package docstring).")
    parser.add_argument("model", help="a keras.applications name, FILE.py:FUNCTION, MODULE:FUNCTION or FILE.keras")
    parser.add_argument("--arg", action="append", default=[], metavar="KEY=VALUE",
                        help="an argument for the model's function (VALUE is YAML)")
    parser.add_argument("--out", required=True, help="the spec file to write ('-': standard output)")
    parser.add_argument("--fixture-out", metavar="DIR", help="also record Keras's figures as DIR/<spec stem>.json")
    parser.add_argument("--check", action="store_true", help="compare with the files instead of writing them")
    args = parser.parse_args(argv)

    import keras

    if keras.backend.backend() != "jax":
        raise SystemExit(f"expected the jax backend, got {keras.backend.backend()}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model, built_with = load_model(args.model, parse_arguments(args.arg))
    build_warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
    try:
        spec = model_to_spec(model)
    except Unsupported as exc:
        print(f"error: {model.name} cannot be written as a convcalc spec:", file=sys.stderr)
        for line in str(exc).splitlines():
            print(f"  {line}", file=sys.stderr)
        return 2

    out = None if args.out == "-" else Path(args.out)
    fixture = record_fixture(model, out or Path(f"{model.name}.yaml"), build_warnings)
    text = spec_to_yaml(spec, header_lines(argv, built_with, fixture))

    problems = compare_rebuilt(model, text)
    if problems:
        print(f"error: the spec does not rebuild {model.name} exactly (a bug of this tool):", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        return 2
    refusal, notes = convcalc_agreement(text, fixture)
    if refusal:
        print(f"error: convcalc refuses the spec of {model.name}: {refusal}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"warning: convcalc disagrees with Keras: {note}", file=sys.stderr)

    if out is None:
        sys.stdout.write(text)
        return 0
    differs = _write_or_check(out, text, args.check)
    if args.fixture_out:
        target = Path(args.fixture_out) / f"{out.stem}.json"
        differs |= _write_or_check(target, dump(fixture), args.check)
    print(f"{model.name}: {len(spec['layers'])} layers, {fixture['total_params']:,} parameters"
          + ("" if notes else "; convcalc agrees"), file=sys.stderr)
    return 1 if differs else 0

