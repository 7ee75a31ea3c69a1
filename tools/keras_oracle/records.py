"""What a fixture holds: Keras's layers, errors and summary text as plain data, written as stable JSON."""

import json
import math
import os
import re
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]


class OracleDisagreement(Exception):
    """The functional walk and the Sequential model disagree: a tool bug."""


_keras: Any = None


def keras():
    """Import keras lazily, so `--help` and spec errors don't pay for it."""
    global _keras
    if _keras is None:
        import keras as k

        if k.backend.backend() != "jax":
            raise SystemExit(f"expected the jax backend, got {k.backend.backend()}")
        _keras = k
    return _keras


# Arguments holding a layer, written as a layer entry ({LSTM: {units: 8}}, or a bare class name): Bidirectional's
# and TimeDistributed's.
WRAPPED_ARGS = ("layer", "backward_layer", "cell")


def make_layer(cls_name, kwargs):
    """The layer; a wrapped layer is made first, as `Bidirectional(LSTM(8))` makes it (names in that order)."""
    kwargs = {key: _wrapped(value) if key in WRAPPED_ARGS else value for key, value in kwargs.items()}
    return getattr(keras().layers, cls_name)(**kwargs)


def _wrapped(entry):
    if isinstance(entry, list | tuple):  # an RNN's stacked cells
        return [_wrapped(one) for one in entry]
    if not isinstance(entry, dict | str):
        return entry
    [(cls_name, kwargs)] = entry.items() if isinstance(entry, dict) else [(entry, {})]
    return make_layer(cls_name, kwargs or {})


def n_weights(weights):
    return sum(math.prod(w.shape) for w in weights)


def _shape(tensor):
    return [None if d is None else int(d) for d in tensor.shape]


def layer_record(layer, output):
    return {
        "name": layer.name,
        "type": type(layer).__name__,
        "output_shape": _shape(output),
        "params": int(layer.count_params()),
        "trainable_params": int(n_weights(layer.trainable_weights)),
        "non_trainable_params": int(n_weights(layer.non_trainable_weights)),
    }


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Keras wraps errors raised inside a layer's call() like this:
#   "Exception encountered when calling X.call().\n\n\x1b[1m<core>\x1b[0m\n\n..."
_WRAPPED = re.compile(r"\x1b\[1m(.*?)\x1b\[0m", re.S)


def error_record(exc, layer_index):
    message = str(exc)
    wrapped = _WRAPPED.search(message)
    core = wrapped.group(1) if wrapped else _ANSI.sub("", message)
    return {
        "type": type(exc).__name__,
        "message": message,
        "core_message": core,
        "layer_index": layer_index,
    }


def capture_summary(model, show_trainable):
    chunks: list[str] = []
    model.summary(
        print_fn=lambda text, line_break=None: chunks.append(text),
        show_trainable=show_trainable,
    )
    text = "".join(chunks)
    # The table's top border spans exactly the line length Keras used.
    borders = [line for line in text.split("\n") if line.startswith("┏")]
    return text, (len(borders[0]) if borders else None)


# What a fixture holds besides keras_version, spec, refused, error and warnings (all null when refused)
RESULT_KEYS = (
    "name", "layers", "total_params", "trainable_params",
    "non_trainable_params", "summary", "summary_show_trainable",
    "line_length", "line_length_show_trainable", "runtime",
)


def crashed_runtime(exitcode):
    """The runtime record of a model whose eager run killed the process (an XLA compiler abort)."""
    how = f"signal {-exitcode}" if exitcode and exitcode < 0 else f"exit code {exitcode}"
    message = f"the process running the model eagerly died ({how})"
    return {"ok": False, "error": {"type": "ProcessDied", "message": message, "core_message": message},
            "layer_index": None}


def new_fixture(path):
    """The keys every fixture starts with; the recorders fill in the rest."""
    return {"keras_version": keras().__version__, "spec": spec_label(path), "refused": False, "error": None}


def record_refusal(fixture, exc, layer_index):
    """Keras refused the model: the error, and every result key null."""
    fixture.update({key: None for key in RESULT_KEYS})
    fixture["refused"] = True
    fixture["error"] = error_record(exc, layer_index)
    return fixture


def record_model(fixture, path, model, records, crashed, run_eagerly):
    """Fill a built model's totals, summaries and eager run into fixture; Keras must agree with itself.

    ``crashed``: the exit code of a process that died running this model eagerly (then it is not run
    again); otherwise ``run_eagerly()`` gives the runtime record.
    """
    trainable = int(n_weights(model.trainable_weights))
    non_trainable = int(n_weights(model.non_trainable_weights))
    total = int(model.count_params())
    if total != trainable + non_trainable or total != sum(r["params"] for r in records):
        raise OracleDisagreement(f"{path}: parameter totals do not add up")
    summary, width = capture_summary(model, show_trainable=False)
    summary_t, width_t = capture_summary(model, show_trainable=True)
    runtime = run_eagerly() if crashed is None else crashed_runtime(crashed)
    if runtime and runtime["ok"]:
        for rec, shape in zip(records, runtime["output_shapes"], strict=False):
            if rec["output_shape"][1:] != shape[1:]:
                raise OracleDisagreement(
                    f"{path}: {rec['name']} symbolic {rec['output_shape']} vs eager {shape}"
                )
    fixture.update(
        name=model.name,
        layers=records,
        total_params=total,
        trainable_params=trainable,
        non_trainable_params=non_trainable,
        summary=summary,
        summary_show_trainable=summary_t,
        line_length=width,
        line_length_show_trainable=width_t,
        runtime=runtime,
    )
    return fixture


def dedupe(items):
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def spec_label(path):
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute, REPO_ROOT)).as_posix()


_SCALAR = r"(?:-?\d+|null|true|false)"
_FLAT_LIST = re.compile(rf"\[\n\s+({_SCALAR}(?:,\n\s+{_SCALAR})*)\n\s*\]")


def dump(fixture):
    """Stable JSON: sorted keys, indent 1, lists of numbers kept on one line."""
    text = json.dumps(fixture, sort_keys=True, indent=1, ensure_ascii=False)
    # (JSON strings hold no raw newlines, so this only touches lists)
    text = _FLAT_LIST.sub(lambda m: "[" + re.sub(r",\n\s+", ", ", m.group(1)) + "]", text)
    assert json.loads(text) == fixture
    return text + "\n"
